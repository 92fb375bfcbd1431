package page

import (
	"fmt"
	"strings"
	"time"

	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
)

// An Action is something the visitor can do: one entry feeds the button
// (its widget and label), the keys that press it, the about panel's list
// of keys, and the test hook (by name).
type Action struct {
	Name   string        // for the hook and Act: "play", "wake", ...
	Widget layout.Widget // its button, or layout.NoWidget
	// Keys are the typed characters that press it; Key is how the about
	// panel and the button's label show them ("" for none).
	Keys, Key string
	Does      string // what it does, for the about panel ("": not listed)
	// Plain buttons do not show their key in their label.
	Plain bool
	// Label is the button's text without its key; On says whether the
	// button shows as on (dark).
	Label func(v *View) string
	On    func(v *View) bool
	Do    func(p *Page)
}

// Text is the button's text: its label and, if it has one, its key.
func (a *Action) Text(v *View) string {
	if a.Key == "" || a.Plain || v.Screen.Touch { // no keys to hint at on a touch screen
		return a.Label(v)
	}
	return a.Label(v) + " (" + a.Key + ")"
}

func text(s string) func(*View) string { return func(*View) string { return s } }
func off(*View) bool                   { return false }

// machineLabel names the machine on show by its layer sizes (without a
// bench, as the about panel words it: the next machine).
func machineLabel(v *View) string {
	if v.Bench == nil {
		return "next machine"
	}
	return "machine: " + Layers(v.Bench.M.Layers)
}

// Actions are the page's actions, keys in the order the about panel lists
// them. Space (play) and Esc (close panels) are keys rather than typed
// characters and are read apart.
var Actions []*Action

func init() {
	Actions = []*Action{
		{Name: "play", Widget: layout.PlayButton, Key: "space", Does: "play/pause",
			Label: func(v *View) string { return map[bool]string{true: "pause", false: "play"}[v.Training] },
			On:    func(v *View) bool { return v.Training },
			Do: func(p *Page) {
				p.settings.Train = !p.settings.Train
				if p.settings.Train {
					p.news.set("", time.Time{}, false)
					p.ui.phase = nil
				}
			}},
		{Name: "wake", Widget: layout.WakeButton, Keys: "wW", Key: "w", Does: "one wake step", Label: text("wake step"),
			On: func(v *View) bool { return v.Phase != nil && v.Phase.Wake },
			Do: func(p *Page) { p.step((*bench.Bench).WakeStep) }},
		{Name: "sleep", Widget: layout.SleepButton, Keys: "sS", Key: "s", Does: "one sleep step", Label: text("sleep step"),
			On: func(v *View) bool { return v.Phase != nil && !v.Phase.Wake },
			Do: func(p *Page) { p.step((*bench.Bench).SleepStep) }},
		{Name: "clear", Widget: layout.ClearButton, Keys: "cC", Key: "c", Does: "clear", Label: text("clear"), On: off,
			Do: (*Page).ClearPad},
		{Name: "real", Widget: layout.RealButton, Keys: "rR", Key: "r", Does: "a real digit",
			Label: func(v *View) string { return v.Bench.Look().RealLabel }, On: off,
			Do: func(p *Page) { p.LoadPad(p.bench.Real()) }},
		{Name: "erase", Widget: layout.EraseButton, Keys: "eE", Key: "e", Does: "erase", Label: text("erase"),
			On: func(v *View) bool { return v.Erase },
			Do: func(p *Page) { p.ui.erase = !p.ui.erase }},
		{Name: "dataset", Widget: layout.DatasetButton, Keys: "dD", Key: "d", Does: "dataset",
			Label: func(v *View) string { return "dataset: " + v.Bench.Name }, On: off,
			Do: (*Page).nextDataset},
		{Name: "speed", Widget: layout.SpeedButton, Keys: "fF", Key: "f", Does: "speed",
			Label: func(v *View) string { return "speed: " + v.Speed.String() }, On: off,
			Do: func(p *Page) { p.settings.Speed = p.settings.Speed.Next() }},
		{Name: "rateUp", Widget: layout.RateUpButton, Keys: "+=", Key: "+ / −", Does: "learning rate", Plain: true, Label: text("+"), On: off,
			Do: func(p *Page) { p.bench.SetRate(link.StepRate(p.bench.Rate(), 1)) }},
		{Name: "rateDown", Widget: layout.RateDownButton, Keys: "-_", Label: text("−"), On: off,
			Do: func(p *Page) { p.bench.SetRate(link.StepRate(p.bench.Rate(), -1)) }},
		{Name: "mine", Widget: layout.MineButton, Keys: "yY", Key: "y", Does: "your next digit",
			Label: func(v *View) string {
				if v.Mine > 0 {
					return fmt.Sprintf("yours: %d", v.Mine)
				}
				return "yours"
			}, On: off,
			Do: (*Page).NextMine},
		{Name: "watch", Keys: "qQ", Key: "q", Does: "watch the phases: a wake step, then a sleep step, every 5 s", Plain: true,
			Label: text("watch the phases"), On: func(v *View) bool { return v.Teach.Watching }, Do: (*Page).ToggleWatch},
		{Name: "binary", Keys: "b", Key: "b", Does: "dreams: binary samples or p(pixel | layer 1)", Plain: true,
			Label: text("binary dreams"), On: func(v *View) bool { return v.Teach.Binary }, Do: (*Page).ToggleBinary},
		{Name: "caveat", Widget: layout.CaveatButton, Keys: "gG", Key: "g", Does: "the full grid, two explanations (small machines)",
			Label: text("full grid: the caveat"), On: off, Do: (*Page).Caveat},
		{Name: "unit", Keys: "uU", Key: "u / Tab", Does: "a hidden unit: what it draws and looks for, its cost (arrows move)",
			Label: text("next hidden unit"), On: off, Do: (*Page).NextUnit},
		{Name: "about", Widget: layout.AboutButton, Keys: "?hH", Key: "?", Does: "this panel", Plain: true, Label: text("? about"),
			On: func(v *View) bool { return v.About },
			Do: func(p *Page) { p.settings.About = !p.settings.About }},
		{Name: "random", Widget: layout.RandomButton, Keys: "N", Key: "N", Plain: true, Label: text("reset: random"), On: off,
			Do: func(p *Page) {
				p.bench.ResetRandom()
				p.afterReset("random weights: watch it learn from scratch")
			}},
		{Name: "pretrained", Widget: layout.PretrainedButton, Keys: "B", Key: "B", Plain: true, Label: text("reset: pretrained"), On: off,
			Do: func(p *Page) {
				p.bench.ResetPretrained()
				p.afterReset("back to the pretrained weights")
			}},
		// The machine button names the machine on show by its layers; it
		// shows when the data set has more than one (layout.Screen.Machines).
		{Name: "machine", Widget: layout.MachineButton, Keys: "kK", Key: "k", Does: "next pretrained machine: 784-200-50 with laterals, deeper 784-150-150-50",
			Label: machineLabel, On: off, Do: (*Page).NextMachine},
		{Name: "more", Widget: layout.MoreButton, Keys: "mM", Key: "m", Plain: true, Label: text("more…"),
			On: func(v *View) bool { return v.TrainOpen },
			Do: func(p *Page) { p.ui.trainOpen = !p.ui.trainOpen }},
		{Name: "freeAll", Widget: layout.FreeAllButton, Keys: "aA", Key: "a", Plain: true,
			Label: func(v *View) string { return fmt.Sprintf("free all (%d)", v.Clamped) }, On: off,
			Do: func(p *Page) {
				p.bench.FreeAll()
				p.bench.RefreshDreams()
			}},
		{Name: "save", Widget: layout.SaveButton, Keys: "vV", Key: "v", Plain: true, Label: text("save model"), On: off, Do: func(p *Page) { p.host.SaveModel() }},
		{Name: "load", Widget: layout.LoadButton, Keys: "oO", Key: "o", Plain: true, Label: text("load model"), On: off, Do: func(p *Page) { p.host.Pick(true) }},
		{Name: "link", Widget: layout.LinkButton, Keys: "lL", Key: "l", Plain: true, Label: text("copy link"), On: off, Do: func(p *Page) { p.host.CopyLink() }},
		{Name: "fresh", Widget: layout.FreshButton, Keys: "X", Key: "X", Plain: true, Label: text("start fresh"), On: off, Do: func(p *Page) { p.host.StartFresh() }},
		{Name: "image", Widget: layout.ImageButton, Keys: "iI", Key: "i", Plain: true, Label: text("your digits…"), On: off, Do: func(p *Page) { p.host.Pick(false) }},
		// Presenter mode (present.go).
		{Name: "present", Widget: layout.PresentButton, Keys: "pP", Key: "p", Does: "presenter mode", Label: presentLabel,
			On: off, Do: (*Page).TogglePresent},
		{Name: "next", Widget: layout.NextButton, Keys: ".>", Key: ". / ,", Does: "next / previous panels (also PageDown / PageUp)",
			Plain: true, Label: text("next →"), On: off, Do: func(p *Page) { p.turn(1) }},
		{Name: "prev", Widget: layout.PrevButton, Keys: ",<", Plain: true, Label: text("← back"), On: off, Do: func(p *Page) { p.turn(-1) }},
		{Name: "trainMine", Widget: layout.TrainMineButton, Keys: "tT", Key: "t", Plain: true, Label: text("train: yours"),
			On: func(v *View) bool { return v.TrainOnMine },
			Do: (*Page).ToggleMine},
	}
}

// actionFor returns the action of a widget, or nil.
func actionFor(w layout.Widget) *Action {
	for _, a := range Actions {
		if a.Widget == w {
			return a
		}
	}
	return nil
}

// actionForKey returns the action a typed character presses, or nil.
func actionForKey(r rune) *Action {
	for _, a := range Actions {
		if strings.ContainsRune(a.Keys, r) {
			return a
		}
	}
	return nil
}

// ActionFor returns the action of a widget's button, or nil.
func ActionFor(w layout.Widget) *Action { return actionFor(w) }

// KeyHelp is the about panel's list of keys, every key of the table as
// KeyList words it: "space play/pause · w one wake step · …".
func KeyHelp() string { return strings.Join(KeyList(), " · ") }

// Act does the named action, as its button or key would; it reports
// whether there is one of that name.
func (p *Page) Act(name string) bool {
	for _, a := range Actions {
		if a.Name == name {
			p.act(a)
			return true
		}
	}
	return false
}

func (p *Page) act(a *Action) {
	p.keep.gen++ // the session has changed: save it
	a.Do(p)
}

// step runs one wake or sleep step on its own: training pauses, and the
// page shows what the step touched.
func (p *Page) step(run func(*bench.Bench) (*bench.Phase, error)) {
	p.settings.Train = false
	ph, err := run(p.bench)
	if err != nil {
		p.diverged(err)
		return
	}
	p.ui.phase = ph
	p.bench.RefreshDream()
	p.redraw.dirty |= DirtyDreams | DirtyCounters | DirtyTop
	p.sight.stale()
}

func (p *Page) afterReset(msg string) { p.afterResetFor(msg, resetFor) }

// afterResetFor is afterReset with its news shown for d.
func (p *Page) afterResetFor(msg string, d time.Duration) {
	p.news.set(msg, time.Now().Add(d), false)
	p.ui.phase = nil
	p.sight.stale()
}

// nextDataset shows the next data set that has a bench.
func (p *Page) nextDataset() {
	for i, n := range link.Datasets {
		if n != p.bench.Name {
			continue
		}
		for k := 1; k < len(link.Datasets); k++ {
			if next := link.Datasets[(i+k)%len(link.Datasets)]; p.benches[next] != nil {
				p.use(next)
				return
			}
		}
		return
	}
}
