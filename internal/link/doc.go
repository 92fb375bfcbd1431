// Package link is what a link to the page reproduces: Settings, one plain
// struct (data set, layer sizes, start, learning rate, speed, seed, panels,
// embed mode), read from an address by Decode and written back by Encode,
// with the limits a hostile or mistyped address is held to. Like
// TensorFlow Playground's state object, it is the one place a new
// link parameter goes. wasm/README.md lists the parameters.
package link
