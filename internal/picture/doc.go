// Package picture paints the lab's pictures (fantasies and data in a grid,
// receptive fields) into an *image.RGBA, in colours that the page and the
// command-line tool share; the tool's plots, with axes and legends, are
// internal/chart's, which the page does not link. Every function is pure:
// the same arguments give the same pixels, natively and under WebAssembly,
// so the command-line tool and the web page can share them and the tests
// can compare them with golden PNGs.
//
// Colours mean one thing each:
//
//   - A pixel or unit value v in [0, 1] is a probability of being on: v = 1
//     is ink, drawn black (Ink) on white paper, and values between are grey
//     levels, so a binary image and the probabilities p(s_0 | s_1) of a
//     fantasy read the same way. NaN is painted in NaNColor.
//   - A weight is drawn on a diverging scale (Diverging): red for positive,
//     blue for negative, white for zero.
//   - Cells of a grid are separated by PadColor, a mid grey that is neither
//     ink nor paper.
//
// Misuse of shapes by the caller (an image of the wrong length) panics with
// the prefix "picture: ".
package picture
