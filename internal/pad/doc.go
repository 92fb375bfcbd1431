// Package pad is the page's drawing pad, a grid of binary cells painted by
// strokes of a round brush (successive pointer positions joined by
// segments, as Ebiten samples input once a frame), and Centre, which
// normalizes a drawing the way MNIST's digits were (bounding box scaled
// into 20×20, centre of mass at the centre of 28×28).
package pad
