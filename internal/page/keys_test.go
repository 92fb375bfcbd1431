package page

import (
	"strings"
	"testing"
)

// TestKeyHelpListsEveryKey checks that the about panel's list of keys has
// every key of the actions table, in its order, as KeyList words them
// (shift+ for the capitals), and Esc.
func TestKeyHelpListsEveryKey(t *testing.T) {
	help := KeyHelp()
	if want := "space play/pause · w one wake step · s one sleep step · c clear · "; !strings.HasPrefix(help, want) || !strings.HasSuffix(help, " · Esc close the open panels") {
		t.Errorf("KeyHelp() = %q, want it to start %q and end with Esc", help, want)
	}
	at := 0
	for _, a := range Actions {
		if a.Key == "" {
			continue
		}
		key := a.Key
		if strings.ToUpper(key) == key && strings.ToLower(key) != key {
			key = "shift+" + key
		}
		i := strings.Index(help[at:], " "+key+" ")
		if a.Name == "play" {
			i = strings.Index(help, key+" ")
		}
		if i < 0 {
			t.Errorf("KeyHelp() lacks the key of %s (%q) after its predecessors: %q", a.Name, key, help)
			continue
		}
		at += i
	}
}
