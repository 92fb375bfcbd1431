package layout

import "strings"

// A Shortcut is a key that acts like a widget's button.
type Shortcut struct {
	Keys   string // the characters that press it
	Widget Widget
	Label  string // how the about panel shows the key; "" lists it under the previous one
	Does   string // what it does, for the about panel
}

// Shortcuts are the page's keys, in the order the about panel lists them.
// Space (play/pause) and Esc (close panels) are keys rather than typed
// characters and are handled apart; ShortcutHelp lists space first.
var Shortcuts = []Shortcut{
	{"wW", WakeButton, "w", "one wake step"},
	{"sS", SleepButton, "s", "one sleep step"},
	{"cC", ClearButton, "c", "clear"},
	{"rR", RealButton, "r", "a real digit"},
	{"eE", EraseButton, "e", "erase"},
	{"dD", DatasetButton, "d", "dataset"},
	{"fF", SpeedButton, "f", "speed"},
	{"+=", RateUpButton, "+ / −", "learning rate"},
	{"-_", RateDownButton, "", ""},
	{"yY", MineButton, "y", "your next digit"},
	{"?hH", AboutButton, "?", "this panel"},
}

// ShortcutFor returns the widget a typed character presses, if any.
func ShortcutFor(r rune) (Widget, bool) {
	for _, s := range Shortcuts {
		if strings.ContainsRune(s.Keys, r) {
			return s.Widget, true
		}
	}
	return NoWidget, false
}

// ShortcutHelp is the about panel's list of keys: "space play/pause · w one
// wake step · …".
func ShortcutHelp() string {
	parts := []string{"space play/pause"}
	for _, s := range Shortcuts {
		if s.Label != "" {
			parts = append(parts, s.Label+" "+s.Does)
		}
	}
	return strings.Join(parts, " · ")
}
