package layout

import (
	"strings"
	"testing"
)

func TestShortcutsAreUnambiguous(t *testing.T) {
	seen := map[rune]Widget{}
	for _, s := range Shortcuts {
		for _, r := range s.Keys {
			if w, ok := seen[r]; ok {
				t.Errorf("%q presses both widget %d and %d", r, w, s.Widget)
			}
			seen[r] = s.Widget
			if got, ok := ShortcutFor(r); !ok || got != s.Widget {
				t.Errorf("ShortcutFor(%q) = %d, %v; want %d", r, got, ok, s.Widget)
			}
		}
	}
	if w, ok := ShortcutFor('x'); ok {
		t.Errorf("ShortcutFor('x') = %d, want none", w)
	}
}

func TestShortcutHelpListsEveryLabelledKey(t *testing.T) {
	got := ShortcutHelp()
	want := "space play/pause · w one wake step · s one sleep step · c clear · r a real digit · e erase · d dataset · f speed · + / − learning rate · y your next digit · ? this panel"
	if got != want {
		t.Errorf("ShortcutHelp() =\n%s\nwant\n%s", got, want)
	}
	for _, s := range Shortcuts {
		if s.Label != "" && !strings.Contains(got, s.Label+" ") {
			t.Errorf("help does not list %q", s.Label)
		}
	}
}
