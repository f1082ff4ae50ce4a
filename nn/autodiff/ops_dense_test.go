package autodiff

import (
	"math"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestDenseGradient checks Dense's fused backward rule against central finite differences
// (CheckGradient runs in float64, Dense's blas64 path), with and without the ReLU, and with the
// output used twice, so that the incoming gradient differs from call to call of its rules.
func TestDenseGradient(t *testing.T) {
	r := tensor.NewRand(3)
	u := func(shape ...int) *tensor.Tensor { return tensor.RandomUniform(r, tensor.Float64, -1, 1, shape...) }
	// Weights of the output, so that the gradient reaching Dense is not all ones.
	weights := tensor.RandomUniform(tensor.NewRand(4), tensor.Float64, 0.5, 1.5, 5, 6)
	for _, tc := range []struct {
		name string
		f    func(tp *Tape, xs []*Node) *Node
	}{
		{"dense", func(tp *Tape, xs []*Node) *Node {
			return xs[0].Dense(xs[1], xs[2], false).Mul(tp.Constant(weights))
		}},
		{"dense_relu", func(tp *Tape, xs []*Node) *Node {
			return xs[0].Dense(xs[1], xs[2], true).Mul(tp.Constant(weights))
		}},
		{"dense_relu used twice", func(tp *Tape, xs []*Node) *Node {
			h := xs[0].Dense(xs[1], xs[2], true)
			return h.Mul(tp.Constant(weights)).Add(h.Square())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// x (5, 4), w (4, 6), b (6,); with these draws no pre-activation is within 1e-3 of
			// relu's kink at 0, where finite differences would straddle it (checked below).
			x, w, b := u(5, 4), u(4, 6), u(6)
			z := tensor.Dot(x, w).Add(b)
			for _, v := range z.Float64s() {
				if math.Abs(v) < 1e-3 {
					t.Fatalf("pre-activation %g too close to 0 for a finite difference; change the seed", v)
				}
			}
			maxErr, err := CheckGradient(tc.f, []*tensor.Tensor{x, w, b}, 1e-6)
			if err != nil {
				t.Error(err)
			}
			t.Logf("max error %.2g", maxErr)
		})
	}
}

// TestDenseMatchesComposition checks that Dense computes what x.MatMul(w).BiasAdd(b).Relu()
// computes, values and gradients, in float32 (the training path) and float64.
func TestDenseMatchesComposition(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, relu := range []bool{false, true} {
			r := tensor.NewRand(5)
			x := tensor.RandomUniform(r, dt, -1, 1, 7, 9)
			w := NewVariable("w", tensor.RandomUniform(r, dt, -1, 1, 9, 33))
			b := NewVariable("b", tensor.RandomUniform(r, dt, -1, 1, 33))
			up := tensor.RandomUniform(r, dt, -1, 1, 7, 33) // weights of the output
			run := func(fused bool) (out *tensor.Tensor, grads []*tensor.Tensor) {
				tp := NewTape()
				xn := tp.Constant(x)
				var h *Node
				if fused {
					h = xn.Dense(tp.Watch(w), tp.Watch(b), relu)
				} else {
					h = xn.MatMul(tp.Watch(w)).BiasAdd(tp.Watch(b))
					if relu {
						h = h.Relu()
					}
				}
				loss := h.Mul(tp.Constant(up)).Sum()
				return h.Value, append(tp.GradientNodes(loss, xn), tp.Gradient(loss, w, b)...)
			}
			got, gotGrads := run(true)
			want, wantGrads := run(false)
			name := dt.String()
			if relu {
				name += " relu"
			}
			if got.DType() != dt {
				t.Errorf("%s: output dtype %v", name, got.DType())
			}
			checkTensor(t, name+" output", got, want, 1e-6)
			for i, which := range []string{"dx", "dw", "db"} {
				if gotGrads[i].DType() != dt {
					t.Errorf("%s: %s dtype %v", name, which, gotGrads[i].DType())
				}
				checkTensor(t, name+" "+which, gotGrads[i], wantGrads[i], 1e-5)
			}
		}
	}
}

// TestDenseOpNames checks the recorded ops: one node for the fused layer, the composition for
// other dtypes.
func TestDenseOpNames(t *testing.T) {
	tp := NewTape()
	x := tp.Constant(tensor.Ones(tensor.Float32, 2, 3))
	w := tp.Watch(NewVariable("w", tensor.Ones(tensor.Float32, 3, 4)))
	b := tp.Watch(NewVariable("b", tensor.Zeros(tensor.Float32, 4)))
	if op := x.Dense(w, b, true).Op; op != "dense_relu" {
		t.Errorf("float32 relu: op %q, want dense_relu", op)
	}
	if op := x.Dense(w, b, false).Op; op != "dense" {
		t.Errorf("float32: op %q, want dense", op)
	}
	xi := tp.Constant(tensor.Ones(tensor.Int64, 2, 3))
	if op := xi.Dense(w, b, true).Op; op != "relu" {
		t.Errorf("int64 input: last op %q, want relu (the composition)", op)
	}
	mustPanic(t, func() { x.Dense(b, w, false) }, "autodiff.Dense", "(2, 3)", "(4,)", "(3, 4)")
}

// TestTapeReset checks the ownership rule: a tape reused with Reset gives the same values as new
// tapes, and values of a tape that is not reset are never overwritten by later work elsewhere.
func TestTapeReset(t *testing.T) {
	r := tensor.NewRand(6)
	w := NewVariable("w", tensor.RandomUniform(r, tensor.Float32, -1, 1, 5, 4))
	b := NewVariable("b", tensor.RandomUniform(r, tensor.Float32, -1, 1, 4))
	labels := tensor.FromSlice([]int64{0, 3, 1})
	step := func(tp *Tape, x *tensor.Tensor) (loss float64, out, dw *tensor.Tensor) {
		h := tp.Constant(x).Dense(tp.Watch(w), tp.Watch(b), true)
		p := h.Softmax()
		l := SparseCategoricalCrossentropy(labels, p)
		return l.Value.Item(), p.Value, tp.Gradient(l, w)[0]
	}
	x1 := tensor.RandomUniform(r, tensor.Float32, -1, 1, 3, 5)
	x2 := tensor.RandomUniform(r, tensor.Float32, -1, 1, 3, 5)

	kept := NewTape()
	_, out1, dw1 := step(kept, x1)
	out1c, dw1c := out1.Clone(), dw1.Clone()

	reused := NewTape()
	for i, x := range []*tensor.Tensor{x1, x2, x1} {
		reused.Reset()
		l, out, dw := step(reused, x)
		wl, wout, wdw := step(NewTape(), x)
		if l != wl {
			t.Errorf("step %d: loss %v after Reset, %v on a new tape", i, l, wl)
		}
		checkTensor(t, "output after Reset", out, wout, 0)
		checkTensor(t, "gradient after Reset", dw, wdw, 0)
	}
	checkTensor(t, "output of a tape never reset", out1, out1c, 0)
	checkTensor(t, "gradient of a tape never reset", dw1, dw1c, 0)
	if n := len(reused.Nodes()); n == 0 {
		t.Errorf("reused tape has no nodes after a step")
	}
}

// TestFloat32FastPathsMatchTensorOps checks that the row-by-row float32 softmax and sparse
// crossentropy give the bits of the same formulas written with tensor operations.
func TestFloat32FastPathsMatchTensorOps(t *testing.T) {
	r := tensor.NewRand(7)
	for _, k := range []int{3, 10, 17} {
		z := tensor.RandomNormal(r, tensor.Float32, 0, 4, 6, k)
		labels := make([]int64, 6)
		for i := range labels {
			labels[i] = int64(r.IntN(k))
		}
		shape := z.Shape()

		// softmax: e = exp(z - max z), e / sum e.
		shifted := z.Sub(lastKeep(z.Max(-1), shape))
		e := shifted.Exp()
		want := e.Div(lastKeep(e.Sum(-1), shape))
		tp := NewTape()
		got := tp.Constant(z).Softmax().Value
		checkTensor(t, "softmax", got, want, 0)

		// loss and gradient of the sparse crossentropy from logits.
		logp := logSoftmax(z)
		sum := 0.0
		for i, c := range labels {
			sum -= logp.At(i, int(c))
		}
		wantLoss := float64(float32(sum / 6))
		d := logp.Exp()
		for i, c := range labels {
			d.Set(d.At(i, int(c))-1, i, int(c))
		}
		wantGrad := d.DivScalar(6)
		zv := NewVariable("z", z)
		l := SparseCategoricalCrossentropyFromLogits(tensor.FromSlice(labels), tp.Watch(zv))
		if l.Value.Item() != wantLoss {
			t.Errorf("k=%d: loss %v, tensor ops %v", k, l.Value.Item(), wantLoss)
		}
		checkTensor(t, "crossentropy gradient", tp.Gradient(l, zv)[0], wantGrad, 0)
	}
}

// TestSparseLabelsDTypes checks that integer labels of every dtype are read and checked alike.
func TestSparseLabelsDTypes(t *testing.T) {
	tp := NewTape()
	z := tp.Constant(tensor.RandomNormal(tensor.NewRand(8), tensor.Float32, 0, 1, 3, 4))
	var losses []float64
	for _, labels := range []*tensor.Tensor{
		tensor.FromSlice([]int64{0, 3, 1}), tensor.FromSlice([]uint8{0, 3, 1}), tensor.FromSlice([]float64{0, 3, 1}),
	} {
		losses = append(losses, SparseCategoricalCrossentropyFromLogits(labels, z).Value.Item())
	}
	if losses[0] != losses[1] || losses[0] != losses[2] {
		t.Errorf("losses for int64, uint8, float64 labels: %v, want equal", losses)
	}
	mustPanic(t, func() { SparseCategoricalCrossentropyFromLogits(tensor.FromSlice([]int64{0, 4, 1}), z) }, "label 4 at position 1", "[0, 4)")
	mustPanic(t, func() { SparseCategoricalCrossentropyFromLogits(tensor.FromSlice([]int64{0, -1, 1}), z) }, "label -1 at position 1")
	mustPanic(t, func() { SparseCategoricalCrossentropyFromLogits(tensor.FromSlice([]uint8{0, 1, 9}), z) }, "label 9 at position 2")
	mustPanic(t, func() { SparseCategoricalCrossentropyFromLogits(tensor.FromSlice([]float64{0, 1.5, 1}), z) }, "label 1.5 at position 1")
}
