// Package layout places the page's panels, pictures and buttons for a
// screen (Arrange: the wide arrangement where it fits with text of at
// least MinText CSS pixels, else the panels flowing in columns, on pages
// if need be; presenter mode; a compact variant for embeds), says which
// widget a point hits, and converts rectangles to CSS pixels for the test
// hook. It is pure Go: the page's widgets draw into the rectangles it
// gives.
package layout
