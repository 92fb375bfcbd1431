package page

import "image"

// Input is what the browser saw since the last frame, in device pixels.
type Input struct {
	// Width and Height are the canvas's size in CSS pixels, DeviceScale
	// the device pixels per CSS pixel.
	Width, Height, DeviceScale float64
	// Presses are where pointers (mouse, touch, pen) went down.
	Presses []Point
	// Held is where the pointer that last went down is, while it is down.
	Held *Point
	// Hover is where the mouse is while no button is down (nil: not
	// known, or touch); Nav are the keys that move among the hidden
	// units (unit.go).
	Hover *Point
	Nav   []Nav
	// Space and Escape were pressed; Chars were typed.
	Space, Escape bool
	Chars         []rune
	// Forward and Back: PageDown and PageUp, which a presenter's clicker
	// sends (the next and previous page of panels).
	Forward, Back bool
	// Touch: the device has no pointer that hovers (a phone, a tablet).
	Touch bool
	// UpdateMs and DrawMs are the Go time of the last frames in Update and
	// Draw, smoothed (the training budget shrinks when they are large).
	UpdateMs, DrawMs float64
}

// Point is a position in device pixels.
type Point struct{ X, Y int }

func (pt Point) image() image.Point { return image.Pt(pt.X, pt.Y) }
