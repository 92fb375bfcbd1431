package dataset

import (
	"slices"
	"testing"
)

func TestSetSubsets(t *testing.T) {
	labels := []int{3, 1, 3, 3, 0, 1, 3}
	s := &Set{Name: "x", Width: 1, Height: 1, Labels: labels}
	for i := range labels {
		s.Images = append(s.Images, []float64{float64(i)}) // the pixel records the index (not binary, but only order matters here)
	}
	index := func(sub *Set) (idx []int) {
		for _, img := range sub.Images {
			idx = append(idx, int(img[0]))
		}
		return idx
	}
	for _, c := range []struct {
		name string
		sub  *Set
		want []int
	}{
		{"Class(3)", s.Class(3), []int{0, 2, 3, 6}},
		{"Class(2)", s.Class(2), nil},
		{"Head(2)", s.Head(2), []int{0, 1}},
		{"Head(99)", s.Head(99), []int{0, 1, 2, 3, 4, 5, 6}},
		{"Head(-1)", s.Head(-1), nil},
		{"PerClass(2)", s.PerClass(2), []int{0, 1, 2, 4, 5}},
	} {
		if got := index(c.sub); !slices.Equal(got, c.want) {
			t.Errorf("%s: images %v, want %v", c.name, got, c.want)
		}
		if c.sub.Name != "x" || c.sub.Width != 1 || c.sub.Height != 1 || len(c.sub.Labels) != c.sub.Len() {
			t.Errorf("%s: got %q %dx%d, %d labels for %d images", c.name, c.sub.Name, c.sub.Width, c.sub.Height, len(c.sub.Labels), c.sub.Len())
		}
		for k, i := range c.want {
			if c.sub.Labels[k] != labels[i] {
				t.Errorf("%s: label %d is %d, want %d", c.name, k, c.sub.Labels[k], labels[i])
			}
		}
	}
	// Subsets share the images; appending to a Head does not overwrite s.
	s.Class(1).Images[0][0] = 100
	if s.Images[1][0] != 100 {
		t.Errorf("Class does not share the images")
	}
	h := s.Head(2)
	h.Images = append(h.Images, []float64{-1})
	h.Labels = append(h.Labels, 9)
	if s.Images[2][0] != 2 || s.Labels[2] != 3 {
		t.Errorf("appending to Head(2) changed the set")
	}
	if b := BarsSet(nil, 0).Head(5); b.Labels != nil || b.Len() != 0 {
		t.Errorf("Head of an unlabelled set: labels %v, %d images", b.Labels, b.Len())
	}
}

func TestClassWithoutLabelsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Class of the bars set did not panic")
		}
	}()
	BarsSet(nil, 0).Class(0)
}
