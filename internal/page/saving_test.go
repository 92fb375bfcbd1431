package page

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/session"
)

func TestStoreKey(t *testing.T) {
	for _, c := range []struct {
		query, key string
		fresh      bool
	}{
		{"", "page", false},
		{"?dataset=bars", "page", false},
		{"?embed=1", "embed", false},
		{"?embed=1&fresh=1", "embed", true},
		{"#fresh=1", "page", true},
	} {
		if key, fresh := StoreKey(c.query); key != c.key || fresh != c.fresh {
			t.Errorf("StoreKey(%q) = %q, %v; want %q, %v", c.query, key, fresh, c.key, c.fresh)
		}
	}
}

// The session is saved every SaveEvery while the page changes, not while
// it stands still; a failed save is said once and tried again; a save the
// browser never answers is given up after three periods.
func TestSavingSchedule(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	p, now := c.p, c.now
	s := NewSaving(p, now)
	var k Keeping
	status := func() Keeping { s.Status(&k, nil); return k }

	if !s.Changed(p) {
		t.Fatal("a page that restored nothing should differ from what is saved (nothing)")
	}
	if s.Due(p, now.Add(SaveEvery-time.Millisecond)) {
		t.Fatal("save due before SaveEvery")
	}
	now = now.Add(SaveEvery)
	if !s.Due(p, now) {
		t.Fatal("save not due after SaveEvery")
	}
	done := s.Start(p, now)
	if s.Due(p, now.Add(2*SaveEvery)) {
		t.Fatal("a second save due while one is under way")
	}
	done(nil, now)
	if got := status(); got.Saves != 1 || got.SaveError != "" || got.SavedAt != now.UnixMilli() || got.Storage != "indexeddb" {
		t.Fatalf("after one save: %+v", got)
	}
	if s.Changed(p) || s.Due(p, now.Add(time.Hour)) {
		t.Fatal("an unchanged page is saved again")
	}

	// Training changes it: due again one period after the last save.
	p.Train(10)
	if s.Due(p, now.Add(SaveEvery/2)) || !s.Due(p, now.Add(SaveEvery)) {
		t.Fatal("a trained page should be saved one period after the last save")
	}
	if got := status(); got.SavedUpdates != 0 {
		t.Fatalf("saved updates %d before the second save", got.SavedUpdates)
	}

	// A failure: said once, not every period, and the page stays changed.
	notes := len(p.news.notes)
	for i := range 3 {
		now = now.Add(SaveEvery)
		s.Start(p, now)(errors.New("QuotaExceededError: full"), now)
		if !s.Changed(p) {
			t.Fatalf("failure %d marked the page saved", i)
		}
	}
	if got := len(p.news.notes) - notes; got != 1 || !strings.Contains(p.news.notes[len(p.news.notes)-1], "QuotaExceededError") {
		t.Fatalf("%d warnings for three failures: %q", got, p.news.notes[notes:])
	}
	if got := status(); got.SaveError == "" || got.Saves != 1 {
		t.Fatalf("after failures: %+v", got)
	}

	// An unanswered save: tried again after three periods.
	now = now.Add(SaveEvery)
	s.Start(p, now)
	if s.Due(p, now.Add(3*SaveEvery)) || !s.Due(p, now.Add(3*SaveEvery+time.Millisecond)) {
		t.Fatal("an unanswered save should be given up after three periods, not before")
	}
	s.Start(p, now)(nil, now)
	if got := status(); got.Saves != 2 || got.SavedUpdates != 10 || got.SaveError != "" {
		t.Fatalf("after the second save: %+v", got)
	}

	// An event handler that could not save makes the next chance save,
	// but not a second save while one is under way.
	p.Train(1)
	s.Soon()
	if !s.Due(p, now) {
		t.Fatal("Soon did not make a save due")
	}
	done = s.Start(p, now)
	s.Soon()
	if s.Due(p, now.Add(time.Millisecond)) {
		t.Fatal("Soon during a save made a second one due")
	}
	done(nil, now)
	p.Train(1)
	if !s.Due(p, now.Add(time.Millisecond)) {
		t.Fatal("Soon during a save was forgotten once it was done")
	}

	// A session that would not encode is tried again a period later, not
	// every frame.
	s.Failed(errors.New("too large"), now)
	if s.Due(p, now.Add(time.Second/60)) || !s.Due(p, now.Add(SaveEvery)) {
		t.Fatal("a failed encoding should be tried again one period later")
	}
	s.Stop()
	if s.Due(p, now.Add(time.Hour)) || !s.Stopped() {
		t.Fatal("a stopped page still saves")
	}
	if s.Status(&k, errors.New("SecurityError: blocked")); k.Storage != "none: SecurityError: blocked" {
		t.Fatalf("storage %q", k.Storage)
	}
}

// A restored page is what was saved: no save until it changes.
func TestSavingAfterRestore(t *testing.T) {
	a := open(t, "dataset=bars&seed=5&train=0", nil)
	a.p.Train(100)
	saved, err := session.Encode(a.p.Session(a.now))
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, "", saved)
	s := NewSaving(b.p, b.now)
	if s.Due(b.p, b.now.Add(time.Hour)) {
		t.Fatal("a restored page that did not change is saved again")
	}
	b.p.Train(1)
	if !s.Due(b.p, b.now.Add(SaveEvery)) {
		t.Fatal("a restored page that trained is not saved")
	}
}
