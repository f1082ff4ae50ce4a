package tensor

import (
	"fmt"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Tile returns a new tensor made of copies of t, repeated reps[i] times along axis i, as
// np.tile(t, reps). When reps has fewer entries than t has axes, ones are put in front of it
// (Tile(32) on a matrix repeats along the last axis); when it has more, t gains leading axes
// of length 1 first: Tile(32, 1) of a vector of shape (10,) is a (32, 10) matrix with the
// vector in every row. The result does not share t's memory.
// It panics if a repetition count is negative.
func (t *Tensor) Tile(reps ...int) *Tensor {
	for i, r := range reps {
		if r < 0 {
			notebook.Panic(fmt.Sprintf("tensor.Tile: negative repetition count %d at position %d (reps %v)", r, i, reps))
		}
	}
	x := t
	for x.NDim() < len(reps) {
		x = x.ExpandDims(0)
	}
	full := make([]int, x.NDim())
	for i := range full {
		full[i] = 1
	}
	copy(full[len(full)-len(reps):], reps)
	out := x
	for axis, r := range full {
		if r == 1 {
			continue
		}
		copies := make([]*Tensor, r)
		for i := range copies {
			copies[i] = out
		}
		if r == 0 {
			shape := out.Shape().Clone()
			shape[axis] = 0
			out = New(out.DType(), shape...)
			continue
		}
		out = Concatenate(axis, copies...)
	}
	if out == t {
		return t.Clone()
	}
	return out.Contiguous()
}
