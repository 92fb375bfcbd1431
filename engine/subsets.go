package engine

import "math/bits"

// Subset sums ("the method of the Four Russians"): a mini-batch multiplies
// one weight matrix by the binary states of many examples, and the errors
// of many examples by the binary states of each unit. Grouping the rows of
// the matrix four by four and adding up, once per batch, the 15 non-empty
// subsets of each group turns a sum over the rows of the units that are on
// into a sum of at most one table row per group: with half the units on,
// 47 rows in place of 100 for each example (BENCHMARKS.md). The table costs
// 11 row additions per group, once per batch.
//
// The sums are taken in a fixed order (within a subset, rows in increasing
// order; then the subsets in increasing order of their groups), so a batch
// gives the same bits on every platform and with any number of goroutines;
// they differ in the last bits from adding the rows one at a time.

const (
	groupRows = 4
	groupSets = 1<<groupRows - 1
)

// subsetSums holds the subset sums of the rows of a rows × width matrix:
// entry g·15 + m − 1 is the sum of the rows 4g+k for the bits k of m.
type subsetSums struct {
	tab         []float64
	rows, width int
}

func newSubsetSums(rows, width int) *subsetSums {
	return &subsetSums{tab: make([]float64, groups(rows)*groupSets*width), rows: rows, width: width}
}

func groups(rows int) int { return (rows + groupRows - 1) / groupRows }

// build fills the table's groups lo..hi-1 from the matrix a.
func (t *subsetSums) build(a []float64, lo, hi int) {
	n := t.width
	for g := lo; g < hi; g++ {
		base := g * groupSets
		for m := 1; m <= groupSets; m++ {
			top := bits.Len(uint(m)) - 1
			r := g*groupRows + top
			if r >= t.rows {
				break // every later subset holds row r or one past it
			}
			dst, row := t.tab[(base+m-1)*n:][:n], a[r*n:][:n]
			if rest := m &^ (1 << top); rest == 0 {
				copy(dst, row)
			} else {
				tableAdd(dst, t.tab[(base+rest-1)*n:][:n], row)
			}
		}
	}
}

// rowsOf returns, in list[:0], the table entries whose sum is the sum of
// the rows i with s[i] on (s binary, one entry per row).
func (t *subsetSums) rowsOf(list []int, s []float64) []int {
	ng := groups(t.rows)
	if cap(list) < ng {
		list = make([]int, ng)
	}
	list = list[:ng]
	k := 0
	g := 0
	for ; g < len(s)/groupRows; g++ {
		q := s[g*groupRows : g*groupRows+groupRows : g*groupRows+groupRows]
		m := int(q[0]) | int(q[1])<<1 | int(q[2])<<2 | int(q[3])<<3
		list[k] = g*groupSets + m - 1
		if m != 0 {
			k++
		}
	}
	if g < ng {
		m := 0
		for i, x := range s[g*groupRows:] {
			m |= int(x) << i
		}
		list[k] = g*groupSets + m - 1
		if m != 0 {
			k++
		}
	}
	return list[:k]
}

// rowsOfColumn is rowsOf for the column j of a rows × cols binary matrix s.
func (t *subsetSums) rowsOfColumn(list []int, s []float64, cols, j int) []int {
	ng := groups(t.rows)
	if cap(list) < ng {
		list = make([]int, ng)
	}
	list = list[:ng]
	k := 0
	for g := range ng {
		m := 0
		for i := range min(groupRows, t.rows-g*groupRows) {
			m |= int(s[(g*groupRows+i)*cols+j]) << i
		}
		list[k] = g*groupSets + m - 1
		if m != 0 {
			k++
		}
	}
	return list[:k]
}
