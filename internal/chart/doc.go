// Package chart draws the command-line tool's plots, such as a learning
// curve, with gonum's plotting library (gonum.org/v1/plot): real axes with
// ticks and labels, a title and a legend, rendered to an *image.RGBA.
//
// The web page draws its own pictures (internal/picture) and must not
// import this package: gonum/plot and its fonts would grow main.wasm by
// megabytes. A test checks that nothing the page builds depends on it.
package chart
