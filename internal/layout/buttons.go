package layout

import "image"

// The rows of buttons the wide and narrow arrangements share.

// trainRow places play/pause, wake and sleep buttons in a row.
func (b *builder) trainRow(x, y, w, gap float64) {
	for i, wd := range []Widget{PlayButton, WakeButton, SleepButton} {
		x0 := x + float64(i)*(w+gap)
		b.button(wd, x0, y, x0+w, y+30)
	}
}

// moreButtons places the collapsed training controls in rows from y:
// speed, the learning rate and the data set; the machine, if machines,
// across the whole row, between the data set and the resets; the resets.
// It returns the y of the row below, whose third place above is free (see
// sessionButtons).
func (b *builder) moreButtons(x0, y, x1 float64, machines bool) float64 {
	w := (x1 - x0 - 16) / 3
	b.button(SpeedButton, x0, y, x0+w, y+30)
	b.button(RateDownButton, x0+w+8, y, x0+w+38, y+30)
	b.button(RateUpButton, x0+2*w+8-30, y, x0+2*w+8, y+30)
	b.button(DatasetButton, x0+2*w+16, y, x1, y+30)
	if machines {
		y += 38
		b.button(MachineButton, x0, y, x1, y+30)
	}
	b.button(RandomButton, x0, y+38, x0+w, y+68)
	b.button(PretrainedButton, x0+w+8, y+38, x0+2*w+8, y+68)
	return y + 76
}

// sessionButtons places save, load and copy link in a row like
// moreButtons', and start fresh, if fresh, in the free place of
// moreButtons' second row above.
func (b *builder) sessionButtons(x0, y, x1 float64, fresh bool) {
	w := (x1 - x0 - 16) / 3
	if fresh {
		b.button(FreshButton, x0+2*w+16, y-38, x1, y-8)
	}
	b.button(SaveButton, x0, y, x0+w, y+30)
	b.button(LoadButton, x0+w+8, y, x0+2*w+8, y+30)
	b.button(LinkButton, x0+2*w+16, y, x1, y+30)
}

// imageButtons places the own digits' buttons in a row.
func (b *builder) imageButtons(x0, y, x1 float64) {
	w := (x1 - x0 - 16) / 3
	b.button(ImageButton, x0, y, x0+w, y+30)
	b.button(MineButton, x0+w+8, y, x0+2*w+8, y+30)
	b.button(TrainMineButton, x0+2*w+16, y, x1, y+30)
}

// caveat places the caveat's button at the right of the rank panel's
// caption, where the posterior shows for a small machine.
func (b *builder) caveat(narrow bool) {
	r := b.l.RankPanel
	x1 := (float64(r.Max.X)-b.ox)/b.k - 4
	y0 := (float64(r.Min.Y)-b.oy)/b.k + 2
	w, h := 200.0, 22.0
	if narrow {
		w, h = 150, 18
	}
	b.button(CaveatButton, x1-w, y0, x1, y0+h)
}

// trainWide places the wide design's training panel, 1248 units across,
// its top-left corner at (x, t): along the top, play, wake and sleep,
// then speed, the learning rate and the sharing buttons (compact: more…
// and the counters, the rest in the collapsed controls); below, the
// machine's buttons (reset to random or pretrained weights, the data set,
// the machine), the counters, what a single step touched and the learning
// curve. about puts the about button at the compact panel's right end.
func (b *builder) trainWide(x, t float64, compact, open, about, machines bool) {
	l := b.l
	at := func(x0, y0, x1, y1 float64) image.Rectangle { return b.r(x+x0, y0, x+x1, y1) }
	b.trainRow(x+8, t+26, 92, 8)
	if compact {
		l.TrainPanel = at(0, t, 1248, t+84)
		b.button(MoreButton, x+308, t+26, x+400, t+56)
		l.Counters = at(408, t+26, 634, t+82)
		l.Phase = at(644, t+26, 1154, t+82)
		if about {
			b.button(AboutButton, x+1164, t+26, x+1240, t+56)
		}
		if open {
			l.More = at(544, t-300, 1248, t-4)
			y := b.moreButtons(x+552, t-272, x+1240, machines)
			b.sessionButtons(x+552, y, x+1240, true)
			l.Curve = at(552, y+40, 1240, t-12)
		}
		return
	}
	l.TrainPanel = at(0, t, 1248, t+184)
	b.button(SpeedButton, x+308, t+26, x+448, t+56)
	b.button(RateDownButton, x+456, t+26, x+486, t+56)
	b.button(RateUpButton, x+576, t+26, x+606, t+56)
	b.button(SaveButton, x+614, t+26, x+696, t+56)
	b.button(LoadButton, x+702, t+26, x+784, t+56)
	b.button(LinkButton, x+790, t+26, x+876, t+56)
	// The second row is as wide as its labels need in the page's small
	// text, fully hinted ("dataset: digits (d)"; "machine: 784-150-150-50
	// (k)", or a four-layer machine's label without its key), so that the
	// phase keeps its width beside it (TestMachineButton).
	b.button(RandomButton, x+8, t+62, x+94, t+92)
	b.button(PretrainedButton, x+100, t+62, x+200, t+92)
	b.button(DatasetButton, x+206, t+62, x+312, t+92)
	if machines {
		b.button(MachineButton, x+318, t+62, x+508, t+92)
	}
	l.Counters = at(8, t+100, 508, t+180)
	l.Phase = at(516, t+62, 952, t+180)
	l.Curve = at(960, t+8, 1240, t+180)
}
