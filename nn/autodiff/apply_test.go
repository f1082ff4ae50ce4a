package autodiff

import (
	"slices"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// mlp records the chapter's network, x → Dense(relu) → Dense → softmax crossentropy, on a new tape,
// with the second kernel also used by an extra term when shareW2 (so that it has two users).
func mlp(x *tensor.Tensor, labels *tensor.Tensor, vars []*Variable, shareW2 bool) (*Tape, *Node) {
	tp := NewTape()
	w1, b1, w2, b2 := tp.Watch(vars[0]), tp.Watch(vars[1]), tp.Watch(vars[2]), tp.Watch(vars[3])
	h := tp.Constant(x).Dense(w1, b1, true)
	loss := SparseCategoricalCrossentropy(labels, h.Dense(w2, b2, false).Softmax())
	if shareW2 {
		loss = loss.Add(w2.Square().Sum())
	}
	return tp, loss
}

// TestGradientApply checks GradientApply against Gradient on a network large enough for its first
// weight gradient to be computed on several goroutines: each source's parts cover its gradient
// once and carry Gradient's bits; the kernels of the Dense layers (one user each) are handed over
// during the backward pass, before the biases, which come whole at the end; a kernel with two
// users comes whole too. apply changes the weights in its parts, as an optimizer does, and the
// result is that of Gradient followed by the same update.
func TestGradientApply(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, shareW2 := range []bool{false, true} {
			r := tensor.NewRand(9)
			x := tensor.RandomUniform(r, dt, 0, 1, 64, 300)
			labels := tensor.FromSlice([]int64{3, 1, 4, 1, 5, 9, 2, 6})
			labels = tensor.Concatenate(0, labels, labels, labels, labels, labels, labels, labels, labels)
			shapes := []tensor.Shape{{300, 256}, {256}, {256, 10}, {10}}
			newVars := func() []*Variable {
				r := tensor.NewRand(10)
				vs := make([]*Variable, len(shapes))
				for i, s := range shapes {
					vs[i] = NewVariable("v", tensor.RandomUniform(r, dt, -0.1, 0.1, s...))
				}
				return vs
			}

			// step applies w -= 0.5*g to element (r, c) of variable v of the shape of source i.
			step := func(v *Variable, g *tensor.Tensor, i, r, c int) {
				gi := g.Reshape(-1).At(r*shapes[i][len(shapes[i])-1] + c)
				if len(shapes[i]) == 2 {
					v.Value.Set(v.Value.At(r, c)-0.5*gi, r, c)
				} else {
					v.Value.Set(v.Value.At(c)-0.5*gi, c)
				}
			}

			// The reference: Gradient, then the update of every element.
			ref := newVars()
			tp, loss := mlp(x, labels, ref, shareW2)
			want := tp.Gradient(loss, ref...)
			for i, v := range ref {
				rows, cols := matrixShape(shapes[i])
				for r := range rows {
					for c := range cols {
						step(v, want[i], i, r, c)
					}
				}
			}

			vars := newVars()
			tp, loss = mlp(x, labels, vars, shareW2)
			var mu sync.Mutex
			seen := make([][]int, len(vars))
			for i, v := range vars {
				seen[i] = make([]int, v.Value.Size())
			}
			var order []int // sources in the order of their first part
			tp.GradientApply(loss, vars, func(i int, g *tensor.Tensor, i0, i1, j0, j1 int) {
				mu.Lock()
				defer mu.Unlock()
				if !slices.Contains(order, i) {
					order = append(order, i)
				}
				cols := shapes[i][len(shapes[i])-1]
				for r := i0; r < i1; r++ {
					for c := j0; c < j1; c++ {
						e := r*cols + c
						seen[i][e]++
						gi, wi := g.Reshape(-1).At(e), want[i].Reshape(-1).At(e)
						if gi != wi {
							t.Fatalf("%v share %v: source %d element %d: part holds %v, Gradient gives %v", dt, shareW2, i, e, gi, wi)
						}
						step(vars[i], g, i, r, c)
					}
				}
			})
			for i := range vars {
				for e, n := range seen[i] {
					if n != 1 {
						t.Fatalf("%v share %v: source %d element %d handed over %d times", dt, shareW2, i, e, n)
					}
				}
				if !tensor.ArrayEqual(vars[i].Value, ref[i].Value) {
					t.Errorf("%v share %v: source %d after the update differs from Gradient's then the update", dt, shareW2, i)
				}
			}
			wantOrder := []int{2, 0, 1, 3} // W2, then W1 during the backward pass, then the biases
			if shareW2 {
				wantOrder = []int{0, 1, 2, 3} // W1 during the backward pass, the rest at the end
			}
			if !slices.Equal(order, wantOrder) {
				t.Errorf("%v share %v: sources handed over in the order %v, want %v", dt, shareW2, order, wantOrder)
			}
		}
	}
}
