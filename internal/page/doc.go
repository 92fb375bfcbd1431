// Package page is the web page's controller: everything the page decides,
// without Ebiten or syscall/js, so that it runs and is tested natively.
//
// A Page owns the benches (one machine per data set, package bench), the
// drawing pad, the ten-machine ranker, and the pipeline from a stroke to
// what the networks make of it:
//
//	Input (pointer, keys)  →  pad.Pad.Stroke  →  Bench.See (centred grid)
//	  →  Ranker (ten machines, a few ms a frame until settled)
//	  →  Bench.Recognize (twice a second) and Bench.FreeEnergy
//
// and the training tick: every frame but the one that draws, Bench.Train
// runs wake-sleep updates for the speed's time budget (shrunk while the
// page's own work makes frames slow); a diverging rate pauses training and
// the engine puts the last good weights back.
//
// The wasm program turns browser input into an Input, calls Update once a
// frame, and draws the View; the actions (Actions: name, label, key,
// handler) feed its buttons, its keys, the about panel's key list and the
// test hook alike. What only a browser can do (download a file, open a
// file picker, the clipboard, reload) the page asks of its Host.
package page
