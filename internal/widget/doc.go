// Package widget draws the page: its panels are widgets in the manner of
// Ebiten's examples (a rectangle that layout.Arrange gives, a full draw,
// and parts redrawn alone when the page marks them dirty), drawing a
// page.View onto a Canvas. It imports no Ebiten: wasm gives it a Canvas
// over an Ebiten image, and a test can give it one over an image.RGBA.
//
// To add a panel, give it a rectangle in layout.Arrange and a type with
// area, draw and parts in this package, and add it to panels.
package widget
