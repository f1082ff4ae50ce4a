package tensor_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestIntoMatchesAllocating checks that the operations into a destination give bit for bit the
// results of the allocating operations they stand for, in float32 and float64, with views.
func TestIntoMatchesAllocating(t *testing.T) {
	r := tensor.NewRand(3)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		x := tensor.RandomUniform(r, dt, -1, 1, 37, 19)
		w := tensor.RandomUniform(r, dt, -1, 1, 19, 23)
		b := tensor.RandomUniform(r, dt, -1, 1, 23)
		g := tensor.RandomUniform(r, dt, -1, 1, 37, 23)

		// MatMulInto with each transpose flag, against Dot on transposed views.
		for _, c := range []struct {
			a, b       *tensor.Tensor
			ta, tb     bool
			want       *tensor.Tensor
			rows, cols int
		}{
			{x, w, false, false, tensor.Dot(x, w), 37, 23},
			{g, w, false, true, tensor.Dot(g, w.T()), 37, 19},
			{x, g, true, false, tensor.Dot(x.T(), g), 19, 23},
			{x.T(), w.T(), true, true, tensor.Dot(x, w), 37, 23}, // transposed views and flags cancel
		} {
			dst := tensor.New(dt, c.rows, c.cols)
			tensor.MatMulInto(dst, c.a, c.b, c.ta, c.tb)
			if !tensor.ArrayEqual(dst, c.want) {
				t.Errorf("%v MatMulInto(trans %v %v) differs from Dot", dt, c.ta, c.tb)
			}
		}

		// AffineInto, plain and with relu, against Affine (Dot then Add) and its Relu.
		for _, relu := range []bool{false, true} {
			want := tensor.Affine(x, w, b)
			if relu {
				want = want.Relu()
			}
			dst := tensor.New(dt, 37, 23)
			tensor.AffineInto(dst, x, w, b, relu)
			if !tensor.ArrayEqual(dst, want) {
				t.Errorf("%v AffineInto(relu %v) differs from its plain version", dt, relu)
			}
		}

		// SumInto against Sum, over each axis and all.
		for _, axes := range [][]int{{0}, {-1}, nil} {
			want := g.Sum(axes...)
			dst := tensor.New(dt, want.Shape()...)
			dst.Fill(7) // SumInto overwrites
			tensor.SumInto(dst, g, axes...)
			if !tensor.ArrayEqual(dst, want) {
				t.Errorf("%v SumInto(%v) = %v, Sum %v", dt, axes, dst, want)
			}
		}

		// ReluGradInto against g * (out > 0).
		out := tensor.Affine(x, w, b).Relu()
		mask := out.Equal(tensor.Scalar(dt, 0)).Equal(tensor.Scalar(tensor.Uint8, 0)).AsType(dt) // 1 where out != 0
		dst := tensor.New(dt, 37, 23)
		tensor.ReluGradInto(dst, g, out)
		if !tensor.ArrayEqual(dst, g.Mul(mask)) {
			t.Errorf("%v ReluGradInto differs from g * (out > 0)", dt)
		}
	}
}

// TestReluGradSumIntoMatchesPlain checks the fused ReLU gradient and bias sum against its plain
// version, ReluGradInto then SumInto over axis 0, bit for bit: at a width with a partial block of
// 16, and at a size split over the cores (by columns, so the sums keep their order).
func TestReluGradSumIntoMatchesPlain(t *testing.T) {
	r := tensor.NewRand(5)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, s := range [][2]int{{37, 23}, {128, 512}, {300, 530}} {
			m, p := s[0], s[1]
			g := tensor.RandomUniform(r, dt, -1, 1, m, p)
			out := tensor.RandomUniform(r, dt, -1, 1, m, p).Relu()
			wantDz, wantDb := tensor.New(dt, m, p), tensor.New(dt, p)
			tensor.ReluGradInto(wantDz, g, out)
			tensor.SumInto(wantDb, wantDz, 0)
			dz, db := tensor.New(dt, m, p), tensor.Full(dt, 7, p) // db is overwritten
			tensor.ReluGradSumInto(dz, db, g, out)
			if !tensor.ArrayEqual(dz, wantDz) || !tensor.ArrayEqual(db, wantDb) {
				t.Errorf("%v %dx%d: ReluGradSumInto differs from ReluGradInto then SumInto", dt, m, p)
			}
			for i, v := range db.Float64s() { // bit for bit, not only within a tolerance
				if w := wantDb.Float64s()[i]; v != w {
					t.Fatalf("%v %dx%d: db[%d] = %v, plain %v", dt, m, p, i, v, w)
				}
			}
			tensor.ReluGradSumInto(g, db, g, out) // in place
			if !tensor.ArrayEqual(g, wantDz) {
				t.Errorf("%v %dx%d: ReluGradSumInto in place differs", dt, m, p)
			}
		}
	}
}

func TestCopyTo(t *testing.T) {
	dst := tensor.Zeros(tensor.Float32, 2, 3)
	tensor.CopyTo(dst.T(), tensor.MustArray([][]float64{{1, 2}, {3, 4}, {5, 6}})) // into a view, converted
	if !tensor.ArrayEqual(dst, tensor.MustArray([][]float32{{1, 3, 5}, {2, 4, 6}})) {
		t.Errorf("CopyTo into a transposed view: %v", dst)
	}
	tensor.CopyTo(dst, tensor.FromSlice([]float32{9, 8, 7})) // broadcast row
	if !tensor.ArrayEqual(dst, tensor.MustArray([][]float32{{9, 8, 7}, {9, 8, 7}})) {
		t.Errorf("CopyTo broadcast: %v", dst)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "cannot copy shape (3, 2) into shape (2, 3)") {
			t.Errorf("panic %v", r)
		}
	}()
	tensor.CopyTo(dst, tensor.Zeros(tensor.Float32, 3, 2))
}

func TestIntoPanics(t *testing.T) {
	f32 := func(shape ...int) *tensor.Tensor { return tensor.Zeros(tensor.Float32, shape...) }
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"matmul shapes", func() { tensor.MatMulInto(f32(2, 2), f32(2, 3), f32(2, 3), false, false) }, "op(a) of shape (2, 3) and op(b) of shape (2, 3) into (2, 2)"},
		{"matmul dtypes", func() { tensor.MatMulInto(f32(2, 2), f32(2, 2), tensor.Zeros(tensor.Float64, 2, 2), false, false) }, "dtypes float32, float64 into float32"},
		{"matmul view dst", func() { tensor.MatMulInto(f32(2, 3).T(), f32(3, 2), f32(2, 2), false, false) }, "contiguous false"},
		{"sum shape", func() { tensor.SumInto(f32(3), f32(2, 3), -1) }, "the sum of float32 (2, 3) over axes [-1] is float32 (2,), dst is float32 (3,)"},
		{"affine bias", func() { tensor.AffineInto(f32(2, 3), f32(2, 2), f32(2, 3), f32(2), false) }, "bias float32 (2,) does not fit weights (2, 3)"},
		{"relu grad", func() { tensor.ReluGradInto(f32(2), f32(3), f32(2)) }, "need one float dtype and shape"},
		{"bias add", func() { tensor.BiasAddInto(f32(2, 3), f32(2, 3), f32(2), false) }, "float32 (2, 3) plus bias float32 (2,)"},
		{"relu", func() { tensor.ReluInto(tensor.Zeros(tensor.Float64, 2, 3), f32(2, 3)) }, "float32 (2, 3) into float64 (2, 3)"},
		{"relu grad sum", func() { tensor.ReluGradSumInto(f32(2, 3), f32(2), f32(2, 3), f32(2, 3)) }, "into dz float32 (2, 3) and db float32 (2,)"},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), c.want) {
					t.Errorf("%s: panic %v, want %q", c.name, r, c.want)
				}
			}()
			c.f()
		}()
	}
}

func TestArrayEqual(t *testing.T) {
	a := tensor.MustArray([][]float32{{1, 2}, {3, 4}})
	for _, c := range []struct {
		b    *tensor.Tensor
		want bool
	}{
		{a.Clone(), true},
		{tensor.MustArray([][]float64{{1, 2}, {3, 4}}), true}, // across dtypes
		{tensor.MustArray([][]float32{{1, 3}, {2, 4}}).T(), true},
		{tensor.MustArray([][]float32{{1, 2}, {3, 4.0000005}}), false},
		{tensor.FromSlice([]float32{1, 2, 3, 4}), false}, // shape
		{tensor.FromSlice([]float32{1, 2}), false},
	} {
		if got := tensor.ArrayEqual(a, c.b); got != c.want {
			t.Errorf("ArrayEqual(%v, %v) = %v", a, c.b, got)
		}
	}
	nan := tensor.FromSlice([]float64{0}).Log().MulScalar(0) // -Inf*0 = NaN
	if tensor.ArrayEqual(nan, nan) || !tensor.ArrayEqual(tensor.Zeros(tensor.Int64, 0, 3), tensor.Zeros(tensor.Float32, 0, 3)) {
		t.Error("NaN equal to itself, or empty tensors unequal")
	}
}

func TestPow(t *testing.T) {
	x := tensor.FromSlice([]float32{0.5, 2, 4})
	for _, c := range []struct {
		p    float64
		want []float32
	}{
		{2, []float32{0.25, 4, 16}}, {0.5, []float32{0.70710677, 1.4142135, 2}}, {-1, []float32{2, 0.5, 0.25}}, {0, []float32{1, 1, 1}},
	} {
		if got := x.Pow(c.p); !tensor.ArrayEqual(got, tensor.FromSlice(c.want)) || got.DType() != tensor.Float32 {
			t.Errorf("Pow(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := tensor.FromSlice([]int64{2, 3}).Pow(2); got.DType() != tensor.Float64 || !tensor.ArrayEqual(got, tensor.FromSlice([]float64{4, 9})) {
		t.Errorf("int64 Pow: %v", got)
	}
}

func TestClassLabels(t *testing.T) {
	got, err := tensor.ClassLabels(tensor.FromSlice([]float64{2, 0, 1}), 3)
	if err != nil || len(got) != 3 || got[0] != 2 || got[2] != 1 {
		t.Errorf("ClassLabels: %v %v", got, err)
	}
	for _, c := range []struct {
		t       *tensor.Tensor
		classes int
		want    string
		index   int
	}{
		{tensor.FromSlice([]int64{0, 3, 1}), 3, "label 3 at position 1 is outside [0, 3)", 1},
		{tensor.FromSlice([]uint8{0, 1, 9}), 4, "label 9 at position 2 is outside [0, 4)", 2},
		{tensor.FromSlice([]float32{0, 1.5}), 4, "label 1.5 at position 1 is not a whole number", 1},
		{tensor.FromSlice([]int64{-1}), 0, "label -1 at position 0 is negative", 0},
	} {
		_, err := tensor.ClassLabels(c.t, c.classes)
		var le *tensor.LabelError
		if !errors.As(err, &le) || err.Error() != c.want || le.Index != c.index {
			t.Errorf("ClassLabels(%v, %d): %v, want %q", c.t, c.classes, err, c.want)
		}
	}
}

func TestKeepDims(t *testing.T) {
	s := tensor.Shape{2, 3, 4}
	if k, err := s.KeepDims(0, -1); err != nil || !k.Equal(tensor.Shape{1, 3, 1}) {
		t.Errorf("KeepDims(0, -1) = %v, %v", k, err)
	}
	if k, _ := s.KeepDims(); !k.Equal(tensor.Shape{1, 1, 1}) {
		t.Errorf("KeepDims() = %v", k)
	}
	for _, axes := range [][]int{{3}, {1, -2}} {
		if _, err := s.KeepDims(axes...); err == nil {
			t.Errorf("KeepDims(%v): no error", axes)
		}
	}
}

// TestIntoThenLarge checks MatMulIntoThen and AffineInto on products large enough to be split over
// the cores: then sees every element of dst once, already final, and AffineInto (bias and ReLU on
// each finished part) keeps the bits of Affine and its Relu.
func TestIntoThenLarge(t *testing.T) {
	r := tensor.NewRand(5)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		x := tensor.RandomUniform(r, dt, -1, 1, 200, 300)
		w := tensor.RandomUniform(r, dt, -1, 1, 300, 256)
		b := tensor.RandomUniform(r, dt, -1, 1, 256)
		want := tensor.Dot(x, w)
		dst := tensor.New(dt, 200, 256)
		seen := make([]int, 200*256)
		var mu sync.Mutex
		notFinal := 0
		tensor.MatMulIntoThen(dst, x, w, false, false, func(i0, i1, j0, j1 int) {
			mu.Lock()
			defer mu.Unlock()
			for i := i0; i < i1; i++ {
				for j := j0; j < j1; j++ {
					seen[i*256+j]++
					if dst.At(i, j) != want.At(i, j) {
						notFinal++
					}
				}
			}
		})
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("%v: element %d handed to then %d times", dt, i, s)
			}
		}
		if notFinal > 0 || !tensor.ArrayEqual(dst, want) {
			t.Errorf("%v: MatMulIntoThen: %d elements not final when then saw them; equal to Dot: %v", dt, notFinal, tensor.ArrayEqual(dst, want))
		}
		for _, relu := range []bool{false, true} {
			want := tensor.Affine(x, w, b)
			if relu {
				want = want.Relu()
			}
			tensor.AffineInto(dst, x, w, b, relu)
			if !tensor.ArrayEqual(dst, want) {
				t.Errorf("%v AffineInto(relu %v) differs from its plain version", dt, relu)
			}
		}
	}
}

// TestBiasAddAndReluIntoMatchPlain checks BiasAddInto and ReluInto against z.Add(b) (and its
// Relu) and a.Relu(), bit for bit (NaNs alike, the sign of zeros kept): in float32 and float64,
// with NaN, ±Inf and -0 among the values, at widths below and across the 16-wide blocks, a size
// split over the cores, empty and rank-3 tensors, views as inputs, and in place.
func TestBiasAddAndReluIntoMatchPlain(t *testing.T) {
	r := tensor.NewRand(9)
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0}
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		values := func(shape ...int) *tensor.Tensor {
			v := tensor.RandomUniform(r, dt, -2, 2, shape...).Float64s()
			for i := 0; i < len(v); i += 7 {
				v[i] = special[i%len(special)]
			}
			return tensor.FromSlice(v, shape...).AsType(dt)
		}
		for _, shape := range [][]int{{37, 23}, {1, 1}, {5, 16}, {3, 17}, {0, 5}, {128, 512}, {600, 530}, {2, 3, 17}} {
			p := shape[len(shape)-1]
			b := values(p)
			b.Set(math.Copysign(0, -1), 0) // -0 + -0 stays -0 without the relu
			z := values(shape...)
			// a view of shape shape on storage laid out (shape[1:]..., shape[0]): not contiguous
			n := len(shape)
			view := values(append(slices.Clone(shape[1:]), shape[0])...).Transpose(append([]int{n - 1}, seqInts(0, n-1)...)...)
			for _, in := range []*tensor.Tensor{z, view} {
				for _, relu := range []bool{false, true} {
					want := in.Add(b)
					if relu {
						want = want.Relu()
					}
					dst := tensor.Full(dt, 7, shape...)
					tensor.BiasAddInto(dst, in, b, relu)
					if i := firstBitDiff(dst, want); i >= 0 {
						t.Errorf("%v %v (contiguous %v) BiasAddInto(relu %v): element %d is %v, plain %v",
							dt, shape, in.IsContiguous(), relu, i, dst.Float64s()[i], want.Float64s()[i])
					}
				}
				dst := tensor.Full(dt, 7, shape...)
				tensor.ReluInto(dst, in)
				if i := firstBitDiff(dst, in.Relu()); i >= 0 {
					t.Errorf("%v %v (contiguous %v) ReluInto: element %d is %v, plain %v",
						dt, shape, in.IsContiguous(), i, dst.Float64s()[i], in.Relu().Float64s()[i])
				}
			}
			want := z.Add(b).Relu()
			tensor.BiasAddInto(z, z, b, true) // in place
			if i := firstBitDiff(z, want); i >= 0 {
				t.Errorf("%v %v BiasAddInto in place: element %d differs", dt, shape, i)
			}
			z = values(shape...)
			want = z.Relu()
			tensor.ReluInto(z, z)
			if i := firstBitDiff(z, want); i >= 0 {
				t.Errorf("%v %v ReluInto in place: element %d differs", dt, shape, i)
			}
		}
	}
}

// firstBitDiff returns the index (row-major) of the first element where a and b differ in their
// bits, NaNs alike, or -1; a shape mismatch is index 0.
func firstBitDiff(a, b *tensor.Tensor) int {
	if !a.Shape().Equal(b.Shape()) {
		return 0
	}
	bv := b.Float64s()
	for i, v := range a.Float64s() {
		if math.Float64bits(v) != math.Float64bits(bv[i]) && !(v != v && bv[i] != bv[i]) {
			return i
		}
	}
	return -1
}

// seqInts returns lo, lo+1, ..., hi-1.
func seqInts(lo, hi int) []int {
	s := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}
