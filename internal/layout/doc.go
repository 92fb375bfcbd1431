// Package layout places the page's panels, pictures and buttons for a
// screen (Arrange: a wide arrangement for landscape windows, a narrow one
// for phones, a compact one for embeds), says which widget a point hits,
// and converts rectangles to CSS pixels for the test hook. It is pure Go:
// the page's widgets draw into the rectangles it gives.
package layout
