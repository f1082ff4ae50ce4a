package autodiff

import (
	"math"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// The fast paths of Add (a bias: tensor.BiasAddInto into the tape's storage) and Relu
// (tensor.ReluInto forward; backward, tensor.ReluGradSumInto, whose column sums become the
// gradient of the bias added before the ReLU) against the plain tensor operations they stand for,
// and against finite differences, at the edges where they must step aside.

// layerGrads runs relu(z + b) (or b + z when biasFirst) weighted by up and summed, on a new tape,
// and returns the value of the sum and of the relu, and the gradients of z, b, the add node and
// the relu node (the last two not watched: GradientNodes), with the tape.
func layerGrads(z, b, up *tensor.Tensor, biasFirst bool) (h, r *tensor.Tensor, grads []*tensor.Tensor, tp *Tape) {
	tp = NewTape()
	zn, bn := tp.Constant(z), tp.Watch(NewVariable("b", b))
	hn := zn.Add(bn)
	if biasFirst {
		hn = bn.Add(zn)
	}
	rn := hn.Relu()
	loss := rn.Mul(tp.Constant(up)).Sum()
	return hn.Value, rn.Value, tp.GradientNodes(loss, zn, bn, hn, rn), tp
}

// TestBiasReluMatchesTensorOps checks the values and gradients of x + b then Relu against the same
// computation written with tensor operations (Add, Relu, Mul by the mask, Sum over the batch
// axes), exactly (signed zeros aside, as ArrayEqual compares): float32 and float64, the bias on
// either side, widths below and across 16, a rank-3 input (whose ReLU gradient is not a matrix),
// an input that is a non-contiguous view, and a batch of one.
func TestBiasReluMatchesTensorOps(t *testing.T) {
	r := tensor.NewRand(11)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, shape := range [][]int{{7, 33}, {1, 1}, {3, 17}, {128, 10}, {2, 3, 17}, {1, 5}} {
			for _, view := range []bool{false, true} {
				p := shape[len(shape)-1]
				z := tensor.RandomUniform(r, dt, -1, 1, shape...)
				if view && len(shape) == 2 { // the same shape, seen through a transpose
					z = tensor.RandomUniform(r, dt, -1, 1, shape[1], shape[0]).T()
				}
				b := tensor.RandomUniform(r, dt, -1, 1, p)
				up := tensor.RandomUniform(r, dt, -1, 1, shape...)
				batchAxes := make([]int, len(shape)-1)
				for i := range batchAxes {
					batchAxes[i] = i
				}
				wantH := z.Add(b)
				wantR := wantH.Relu()
				mask := wantR.Equal(tensor.Scalar(dt, 0)).Equal(tensor.Scalar(tensor.Uint8, 0)).AsType(dt) // 1 where relu > 0
				wantDh := up.Mul(mask)
				want := []*tensor.Tensor{wantDh, wantDh.Sum(batchAxes...), wantDh, up}
				for _, biasFirst := range []bool{false, true} {
					h, rv, grads, _ := layerGrads(z, b, up, biasFirst)
					name := dt.String() + " " + tensor.Shape(shape).String()
					if view {
						name += " view"
					}
					if biasFirst {
						name += " b+z"
					}
					if !tensor.ArrayEqual(h, wantH) || h.DType() != dt {
						t.Errorf("%s: z + b = %v, want %v", name, h, wantH)
					}
					if !tensor.ArrayEqual(rv, wantR) {
						t.Errorf("%s: relu = %v, want %v", name, rv, wantR)
					}
					for i, which := range []string{"dz", "db", "d(z+b)", "d relu"} {
						if !tensor.ArrayEqual(grads[i], want[i]) || grads[i].DType() != dt {
							t.Errorf("%s: %s = %v %v, want %v", name, which, grads[i].DType(), grads[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestReluBiasSumsTaken checks that the bias gradient of relu(x·W + b) is the column sums the
// ReLU's backward step made (the fused path is taken, not only right), in float32 and float64,
// and that it has the bits of summing that gradient again.
func TestReluBiasSumsTaken(t *testing.T) {
	r := tensor.NewRand(12)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		z := tensor.RandomUniform(r, dt, -1, 1, 300, 530) // split over the cores by columns
		b := tensor.RandomUniform(r, dt, -1, 1, 530)
		up := tensor.RandomUniform(r, dt, -1, 1, 300, 530)
		_, _, grads, tp := layerGrads(z, b, up, false)
		if grads[1] != tp.colSums.sums {
			t.Errorf("%v: the bias gradient is not the ReLU's column sums", dt)
		}
		plain := grads[2].Sum(0)
		for i, v := range grads[1].Float64s() {
			if w := plain.Float64s()[i]; math.Float64bits(v) != math.Float64bits(w) {
				t.Fatalf("%v: db[%d] = %v, Sum(0) of the gradient %v", dt, i, v, w)
			}
		}
	}
}

// TestBiasReluEdges checks by finite differences (float64) the cases where the ReLU's column sums
// must not be taken, or the bias fast path must step aside: the pre-activation used twice (its
// gradient is then a sum, not the ReLU's), a (1, p) bias (broadcast, but not a vector), a column
// (m, 1) added to a matrix, two vectors of one shape, two ReLU layers (each bias its own sums),
// a ReLU of a vector, and a bias added after the ReLU.
func TestBiasReluEdges(t *testing.T) {
	r := tensor.NewRand(13)
	u := func(shape ...int) *tensor.Tensor {
		// values of either sign, at least 0.05 away from 0, so that sums of two stay away from
		// relu's kink (checked by the finite differences' agreement)
		v := tensor.RandomUniform(r, tensor.Float64, 0.05, 1, shape...).Float64s()
		for i := range v {
			if i%3 == 1 {
				v[i] = -v[i]
			}
		}
		return tensor.FromSlice(v, shape...)
	}
	up := u(4, 5)
	for _, tc := range []struct {
		name   string
		inputs []*tensor.Tensor
		f      func(tp *Tape, xs []*Node) *Node
	}{
		{"used twice", []*tensor.Tensor{u(4, 5), u(5)}, func(tp *Tape, xs []*Node) *Node {
			h := xs[0].Add(xs[1])
			return h.Relu().Add(h.Square()).Mul(tp.Constant(up)).Sum()
		}},
		{"(1, p) bias", []*tensor.Tensor{u(4, 5), u(1, 5)}, func(tp *Tape, xs []*Node) *Node {
			return xs[0].Add(xs[1]).Relu().Mul(tp.Constant(up)).Sum()
		}},
		{"(m, 1) column", []*tensor.Tensor{u(4, 5), u(4, 1)}, func(tp *Tape, xs []*Node) *Node {
			return xs[0].Add(xs[1]).Relu().Mul(tp.Constant(up)).Sum()
		}},
		{"two vectors", []*tensor.Tensor{u(5), u(5)}, func(tp *Tape, xs []*Node) *Node {
			return xs[0].Add(xs[1]).Relu().Mul(tp.Constant(up.Slice(tensor.R(0, 1)).Reshape(5))).Sum()
		}},
		{"two layers", []*tensor.Tensor{u(4, 3), u(3, 5), u(5), u(5, 5), u(5)}, func(tp *Tape, xs []*Node) *Node {
			h := xs[0].MatMul(xs[1]).Add(xs[2]).Relu()
			return h.MatMul(xs[3]).Add(xs[4]).Relu().Mul(tp.Constant(up)).Sum()
		}},
		{"bias after relu", []*tensor.Tensor{u(4, 5), u(5)}, func(tp *Tape, xs []*Node) *Node {
			return xs[0].Relu().Add(xs[1]).Mul(tp.Constant(up)).Sum()
		}},
	} {
		maxErr, err := CheckGradient(tc.f, tc.inputs, 1e-6)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		t.Logf("%s: max error %.2g", tc.name, maxErr)
	}
}

// TestAddNotABias checks that additions that are not a bias of one float dtype take Tensor.Add's
// path and give its values: integers, mixed float dtypes (computed in the wider), and a vector
// longer than one row.
func TestAddNotABias(t *testing.T) {
	tp := NewTape()
	for _, c := range []struct{ a, b *tensor.Tensor }{
		{tensor.FromSlice([]int64{1, 2, 3, 4, 5, 6}, 2, 3), tensor.FromSlice([]int64{10, 20, 30})},
		{tensor.Ones(tensor.Float32, 2, 3), tensor.Full(tensor.Float64, 0.1, 3)},
		{tensor.Ones(tensor.Float32, 1, 6), tensor.Full(tensor.Float32, 0.5, 6)},
	} {
		got := tp.Constant(c.a).Add(tp.Constant(c.b)).Value
		if want := c.a.Add(c.b); !tensor.ArrayEqual(got, want) || got.DType() != want.DType() {
			t.Errorf("%v %v + %v %v = %v %v, want %v %v", c.a.DType(), c.a.Shape(), c.b.DType(), c.b.Shape(), got.DType(), got, want.DType(), want)
		}
	}
}

// TestBiasReluReset checks the ownership rule on Add's and Relu's storage: a tape Reset between
// steps gives each step the values and gradients of a new tape, and what a tape that is not
// reset returned stays as it was while another tape reuses its storage.
func TestBiasReluReset(t *testing.T) {
	r := tensor.NewRand(14)
	z1, z2 := tensor.RandomUniform(r, tensor.Float32, -1, 1, 6, 20), tensor.RandomUniform(r, tensor.Float32, -1, 1, 6, 20)
	b := NewVariable("b", tensor.RandomUniform(r, tensor.Float32, -1, 1, 20))
	up := tensor.RandomUniform(r, tensor.Float32, -1, 1, 6, 20)
	step := func(tp *Tape, z *tensor.Tensor) (relu, db *tensor.Tensor) {
		rn := tp.Constant(z).Add(tp.Watch(b)).Relu()
		return rn.Value, tp.Gradient(rn.Mul(tp.Constant(up)).Sum(), b)[0]
	}
	kept, fresh := NewTape(), NewTape()
	keptR, keptDb := step(kept, z1)
	keptRc, keptDbc := keptR.Clone(), keptDb.Clone()
	reused := NewTape()
	for i, z := range []*tensor.Tensor{z1, z2, z1, z2} {
		reused.Reset()
		gotR, gotDb := step(reused, z)
		wantR, wantDb := step(fresh, z)
		if !tensor.ArrayEqual(gotR, wantR) || !tensor.ArrayEqual(gotDb, wantDb) {
			t.Errorf("step %d: a reset tape gives relu %v db %v, a new one %v %v", i, gotR, gotDb, wantR, wantDb)
		}
	}
	if !tensor.ArrayEqual(keptR, keptRc) || !tensor.ArrayEqual(keptDb, keptDbc) {
		t.Error("values of a tape that was not reset changed")
	}
}

// TestMatMulMatchesDot checks MatMul's float32 path (SGEMM into the tape's storage) against Dot,
// values and both gradients bit for bit (Dot's SGEMM with the same transpose flags), with
// operands that are transposed and row-sliced views, a weighted output so that the incoming
// gradient is not all ones, and a mixed float32·float64 product (computed in float64 by Dot).
func TestMatMulMatchesDot(t *testing.T) {
	r := tensor.NewRand(15)
	u := func(dt tensor.DType, shape ...int) *tensor.Tensor {
		return tensor.RandomUniform(r, dt, -1, 1, shape...)
	}
	f32 := tensor.Float32
	for _, c := range []struct {
		name string
		a, b *tensor.Tensor
	}{
		{"contiguous", u(f32, 7, 33), u(f32, 33, 5)},
		{"transposed a", u(f32, 33, 7).T(), u(f32, 33, 5)},
		{"transposed b", u(f32, 7, 33), u(f32, 5, 33).T()},
		{"row slice", u(f32, 20, 33).Slice(tensor.R(3, 10)), u(f32, 33, 5)},
		{"1x1", u(f32, 1, 1), u(f32, 1, 1)},
		{"mixed", u(f32, 4, 3), u(tensor.Float64, 3, 2)},
	} {
		m, p := c.a.Dim(0), c.b.Dim(1)
		wide := c.b.DType()
		up := u(wide, m, p)
		tp := NewTape()
		an, bn := tp.Constant(c.a), tp.Constant(c.b)
		out := an.MatMul(bn)
		grads := tp.GradientNodes(out.Mul(tp.Constant(up)).Sum(), an, bn)
		a, b := c.a.AsType(wide), c.b.AsType(wide)
		// a's gradient keeps a's dtype: Dot's, rounded to it
		want := []*tensor.Tensor{tensor.Dot(a, b), tensor.Dot(up, b.T()).AsType(c.a.DType()), tensor.Dot(a.T(), up)}
		for i, got := range []*tensor.Tensor{out.Value, grads[0], grads[1]} {
			if !tensor.ArrayEqual(got, want[i]) {
				t.Errorf("%s: %s = %v, Dot gives %v", c.name, []string{"a·b", "da", "db"}[i], got, want[i])
			}
		}
		if grads[0].DType() != c.a.DType() || out.Value.DType() != wide {
			t.Errorf("%s: dtypes: output %v, da %v", c.name, out.Value.DType(), grads[0].DType())
		}
	}
}
