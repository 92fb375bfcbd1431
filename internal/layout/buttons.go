package layout

// The rows of buttons the wide and narrow arrangements share.

// trainRow places play/pause, wake and sleep buttons in a row.
func (b *builder) trainRow(x, y, w, gap float64) {
	for i, wd := range []Widget{PlayButton, WakeButton, SleepButton} {
		x0 := x + float64(i)*(w+gap)
		b.button(wd, x0, y, x0+w, y+30)
	}
}

// moreButtons places the collapsed training controls in two rows.
func (b *builder) moreButtons(x0, y, x1 float64) {
	w := (x1 - x0 - 16) / 3
	b.button(SpeedButton, x0, y, x0+w, y+30)
	b.button(RateDownButton, x0+w+8, y, x0+w+38, y+30)
	b.button(RateUpButton, x0+2*w+8-30, y, x0+2*w+8, y+30)
	b.button(DatasetButton, x0+2*w+16, y, x1, y+30)
	b.button(RandomButton, x0, y+38, x0+w, y+68)
	b.button(PretrainedButton, x0+w+8, y+38, x0+2*w+8, y+68)
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
