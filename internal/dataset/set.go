package dataset

// Set is a named collection of binary images.
type Set struct {
	Name          string      // "bars", "digits", "digits8"
	Width, Height int         // image size in pixels
	Images        [][]float64 // each len Width*Height, values exactly 0 or 1, row-major
	Labels        []int       // class 0..9 per image; nil for bars
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Images) }

// Class returns the images of class c, in their order in s. The result shares
// the image slices with s. It panics if s has no labels.
func (s *Set) Class(c int) *Set {
	if s.Labels == nil {
		panic("dataset: Class of a set without labels (" + s.Name + ")")
	}
	out := &Set{Name: s.Name, Width: s.Width, Height: s.Height}
	for i, l := range s.Labels {
		if l == c {
			out.Images = append(out.Images, s.Images[i])
			out.Labels = append(out.Labels, l)
		}
	}
	return out
}

// Head returns the first n images of s (all of them if n >= s.Len(), none if
// n <= 0). The result shares the image slices with s.
func (s *Set) Head(n int) *Set {
	n = max(0, min(n, len(s.Images)))
	out := &Set{Name: s.Name, Width: s.Width, Height: s.Height, Images: s.Images[:n:n]}
	if s.Labels != nil {
		out.Labels = s.Labels[:n:n]
	}
	return out
}

// PerClass returns the first n images of each class, keeping the order of s
// overall (classes stay interleaved as they were). The result shares the
// image slices with s. It panics if s has no labels.
func (s *Set) PerClass(n int) *Set {
	if s.Labels == nil {
		panic("dataset: PerClass of a set without labels (" + s.Name + ")")
	}
	keep := perClassIndices(s.Labels, n)
	out := &Set{Name: s.Name, Width: s.Width, Height: s.Height,
		Images: make([][]float64, len(keep)), Labels: make([]int, len(keep))}
	for k, i := range keep {
		out.Images[k] = s.Images[i]
		out.Labels[k] = s.Labels[i]
	}
	return out
}

// perClassIndices returns, in increasing order, the indices of the first n
// occurrences of each label.
func perClassIndices(labels []int, n int) []int {
	seen := map[int]int{}
	var keep []int
	for i, l := range labels {
		if seen[l] < n {
			seen[l]++
			keep = append(keep, i)
		}
	}
	return keep
}
