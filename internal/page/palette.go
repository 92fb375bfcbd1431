package page

// SetDarkPalette asks for the page's dark palette (the browser's
// prefers-color-scheme: dark), or its light one: View.Dark carries the
// choice to the widgets, which keep every colour's meaning in both and
// draw everything again when it changes. The browser glue (wasm/) reads the
// preference and follows its changes.
func (p *Page) SetDarkPalette(on bool) { p.prefs.dark = on }

// DarkPalette reports whether the page asks for its dark palette.
func (p *Page) DarkPalette() bool { return p.prefs.dark }
