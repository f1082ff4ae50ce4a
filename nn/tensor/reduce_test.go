package tensor

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestReduce checks Sum and Max over axes against NumPy for y = np.arange(24).reshape(2, 3, 4):
// np.sum(y, axis=axes).ravel().tolist() and np.max(...).
func TestReduce(t *testing.T) {
	y := Arange(Int64, 24).Reshape(2, 3, 4)
	for _, c := range []struct {
		axes     []int
		shape    Shape
		sum, max []float64
	}{
		{nil, Shape{}, []float64{276}, []float64{23}},
		{[]int{0}, Shape{3, 4}, []float64{12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34},
			[]float64{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}},
		{[]int{1}, Shape{2, 4}, []float64{12, 15, 18, 21, 48, 51, 54, 57}, []float64{8, 9, 10, 11, 20, 21, 22, 23}},
		{[]int{2}, Shape{2, 3}, []float64{6, 22, 38, 54, 70, 86}, []float64{3, 7, 11, 15, 19, 23}},
		{[]int{-1}, Shape{2, 3}, []float64{6, 22, 38, 54, 70, 86}, []float64{3, 7, 11, 15, 19, 23}},
		{[]int{0, 2}, Shape{3}, []float64{60, 92, 124}, []float64{15, 19, 23}},
		{[]int{2, 0}, Shape{3}, []float64{60, 92, 124}, []float64{15, 19, 23}},
		{[]int{1, 2}, Shape{2}, []float64{66, 210}, []float64{11, 23}},
		{[]int{0, 1, 2}, Shape{}, []float64{276}, []float64{23}},
	} {
		name := Shape(c.axes).String()
		checkTensor(t, "Sum"+name, y.Sum(c.axes...), Int64, c.shape, c.sum)
		checkTensor(t, "Sum float32"+name, y.AsType(Float32).Sum(c.axes...), Float32, c.shape, c.sum)
		checkTensor(t, "Sum uint8"+name, y.AsType(Uint8).Sum(c.axes...), Int64, c.shape, c.sum)
		checkTensor(t, "Max"+name, y.Max(c.axes...), Int64, c.shape, c.max)
		checkTensor(t, "Max float64"+name, y.AsType(Float64).Max(c.axes...), Float64, c.shape, c.max)
		neg := make([]float64, len(c.max))
		for i, v := range c.max {
			neg[i] = -v
		}
		checkTensor(t, "Min of -y"+name, y.Neg().Min(c.axes...), Int64, c.shape, neg)
	}
	// On the view t = y.transpose(2, 0, 1): t.sum(0) and t.sum((1, 2)).
	v := y.Transpose(2, 0, 1)
	checkTensor(t, "view Sum(0)", v.Sum(0), Int64, Shape{2, 3}, []float64{6, 22, 38, 54, 70, 86})
	checkTensor(t, "view Sum(1, 2)", v.Sum(1, 2), Int64, Shape{4}, []float64{60, 66, 72, 78})
	// np.mean(y, axis=1) and np.mean(y, axis=(0, 2)).
	checkTensor(t, "Mean(1)", y.Mean(1), Float64, Shape{2, 4}, []float64{4, 5, 6, 7, 16, 17, 18, 19})
	checkTensor(t, "Mean(0, 2)", y.Mean(0, 2), Float64, Shape{3}, []float64{7.5, 11.5, 15.5})
	checkTensor(t, "Mean float32", y.AsType(Float32).Mean(0, 2), Float32, Shape{3}, []float64{7.5, 11.5, 15.5})
}

// TestReduceFloats checks NaN handling, ArgMax and the reductions of a = [[3, -1, 7, 7],
// [2, 9, 9, 0], [-5, -5, -8, -6]] against NumPy.
func TestReduceFloats(t *testing.T) {
	a := MustArray([][]float64{{3, -1, 7, 7}, {2, 9, 9, 0}, {-5, -5, -8, -6}})
	checkTensor(t, "argmax 0", a.ArgMax(0), Int64, Shape{4}, []float64{0, 1, 1, 0})
	checkTensor(t, "argmax 1", a.ArgMax(1), Int64, Shape{3}, []float64{2, 1, 0}) // ties: the first
	checkTensor(t, "argmax -1", a.ArgMax(-1), Int64, Shape{3}, []float64{2, 1, 0})
	checkTensor(t, "argmax view", a.T().ArgMax(0), Int64, Shape{3}, []float64{2, 1, 0})
	checkTensor(t, "argmax uint8", MustArray([]uint8{3, 200, 200}).ArgMax(0), Int64, Shape{}, []float64{1})
	checkTensor(t, "min 1", a.Min(1), Float64, Shape{3}, []float64{-1, 0, -8})
	checkTensor(t, "max 0", a.Max(0), Float64, Shape{4}, []float64{3, 9, 9, 7})
	checkTensor(t, "mean 0", a.Mean(0), Float64, Shape{4}, []float64{0, 1, 8.0 / 3, 1.0 / 3})
	checkTensor(t, "mean 1", a.Mean(1), Float64, Shape{3}, []float64{4, 5, -6})
	// np.argmax([1, nan, 3, nan]) is 1; np.max([1, nan, 3]) is nan.
	nan := math.NaN()
	withNaN := MustArray([]float64{1, nan, 3, nan})
	checkTensor(t, "argmax nan", withNaN.ArgMax(0), Int64, Shape{}, []float64{1})
	checkTensor(t, "argmax leading nan", MustArray([]float32{float32(nan), 5}).ArgMax(0), Int64, Shape{}, []float64{0})
	checkTensor(t, "max nan", withNaN.Max(), Float64, Shape{}, []float64{nan})
	checkTensor(t, "min nan", withNaN.Min(), Float64, Shape{}, []float64{nan})
	checkTensor(t, "max -inf", MustArray([]float64{math.Inf(-1)}).Max(), Float64, Shape{}, []float64{math.Inf(-1)})
	// Empty reductions: np.sum(np.zeros((0, 3)), axis=0) is [0, 0, 0]; the mean of nothing is nan.
	e := Zeros(Float64, 0, 3)
	checkTensor(t, "sum empty", e.Sum(0), Float64, Shape{3}, []float64{0, 0, 0})
	checkTensor(t, "mean empty", e.Mean(0), Float64, Shape{3}, []float64{nan, nan, nan})
	checkTensor(t, "max over non-empty axis of empty", e.Max(1), Float64, Shape{0}, nil)
	// The sum of 200 + 100 as uint8 does not wrap: sums are int64 (NumPy: uint64 300).
	checkTensor(t, "uint8 sum", MustArray([]uint8{200, 100}).Sum(), Int64, Shape{}, []float64{300})
}

// TestSumFloat32Pairwise checks that float32 sums are pairwise, as NumPy's: the sum of 10**6
// float32 0.1 (exactly 100000.00149 in float64) is 100000.086 in NumPy
// (np.full(10**6, 0.1, np.float32).sum(), pairwise within blocks of 8192 elements), 100000.0078 here
// (pairwise over the whole row), while adding them one by one in float32 drifts to about 100958.
func TestSumFloat32Pairwise(t *testing.T) {
	x := Full(Float32, 0.1, 1000000)
	got := x.Sum().Item()
	if math.Abs(got-100000.0015) > 0.1 {
		t.Errorf("float32 sum of 10**6 × 0.1: got %v, want 100000.0015 ± 0.1 (NumPy: 100000.086)", got)
	}
	var naive float32
	for _, v := range x.Float32s() {
		naive += v
	}
	if math.Abs(float64(naive)-1e5) < 100 {
		t.Errorf("naive float32 sum %v: the test no longer shows the drift", naive)
	}
	// np.full(10**6, 0.1, np.float32).mean() is 0.10000008; float32(0.1) is 0.100000001.
	if m := x.Mean().Item(); math.Abs(m-0.1) > 1e-6 {
		t.Errorf("float32 mean: got %v, want 0.1 ± 1e-6 (NumPy: 0.10000008)", m)
	}
	// A column sum (axis 0) of the same values, accumulated row by row.
	if s := x.Reshape(1000, 1000).Sum(0).Index(0).Item(); math.Abs(s-100) > 1e-3 {
		t.Errorf("float32 column sum: got %v, want 100 ± 1e-3", s)
	}
}

// TestSumToRows checks that SumTo's pass for a float matrix summed over its rows (SumInto's) has the
// bits of the general reduction, on many rows (where the order of the additions shows) and on a
// transposed view.
func TestSumToRows(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, dt := range []DType{Float32, Float64} {
		for _, x := range []*Tensor{
			RandomNormal(r, dt, 0, 1, 1000, 37),
			RandomNormal(r, dt, 0, 1, 37, 1000).T(),
			RandomNormal(r, dt, 0, 1, 1, 5),
		} {
			got := x.SumTo(x.Dim(1))
			want := x.reduce("SumTo", redSum, []bool{true, false}, x.sumDType())
			if !got.Shape().Equal(Shape{x.Dim(1)}) || got.DType() != dt {
				t.Fatalf("%v %v: SumTo(%d) is %v %v", dt, x.Shape(), x.Dim(1), got.DType(), got.Shape())
			}
			for j := range x.Dim(1) {
				if g, w := got.At(j), want.At(j); math.Float64bits(g) != math.Float64bits(w) {
					t.Errorf("%v %v, column %d: SumTo %v, the general reduction %v", dt, x.Shape(), j, g, w)
					break
				}
			}
		}
	}
}

// TestSumTo checks the backward of broadcasting by hand-computed sums of g = [[1, 2, 3], [4, 5, 6]],
// and on random shapes by its defining property: SumTo is the adjoint of BroadcastTo, so
// Σ BroadcastTo(y)·g = Σ y·SumTo(g) for every y.
func TestSumTo(t *testing.T) {
	g := MustArray([][]float64{{1, 2, 3}, {4, 5, 6}})
	for _, c := range []struct {
		shape Shape
		want  []float64
	}{
		{Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{Shape{3}, []float64{5, 7, 9}},
		{Shape{1, 3}, []float64{5, 7, 9}},
		{Shape{2, 1}, []float64{6, 15}},
		{Shape{1, 1}, []float64{21}},
		{Shape{1}, []float64{21}},
		{Shape{}, []float64{21}},
	} {
		checkTensor(t, "SumTo"+c.shape.String(), g.SumTo(c.shape...), Float64, c.shape, c.want)
	}
	same := g.SumTo(2, 3)
	same.Set(0, 0, 0)
	if g.At(0, 0) != 1 {
		t.Errorf("SumTo to the same shape shares storage with its input")
	}
	checkTensor(t, "SumTo int", MustArray([][]uint8{{200}, {100}}).SumTo(1), Int64, Shape{1}, []float64{300})
	checkTensor(t, "SumTo float32", g.AsType(Float32).SumTo(3), Float32, Shape{3}, []float64{5, 7, 9})

	r := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		out := make(Shape, 1+r.IntN(4))
		for i := range out {
			out[i] = 1 + r.IntN(4)
		}
		small := randomOperand(r, out).shape
		y := RandomNormal(r, Float64, 0, 1, small...)
		gr := RandomNormal(r, Float64, 0, 1, out...)
		lhs := y.BroadcastTo(out...).Mul(gr).Sum().Item()
		st := gr.SumTo(small...)
		if !st.Shape().Equal(small) {
			t.Fatalf("SumTo%v of %v: got shape %v", small, out, st.Shape())
		}
		if rhs := y.Mul(st).Sum().Item(); math.Abs(lhs-rhs) > 1e-9*(1+math.Abs(lhs)) {
			t.Errorf("SumTo%v of %v: Σ broadcast(y)·g = %v but Σ y·SumTo(g) = %v", small, out, lhs, rhs)
		}
	}
	// The book's case: a (32, 10) operand broadcast against (64, 3, 32, 10) gets its gradient summed
	// over the first two axes: with g all ones every element is 64·3 = 192.
	big := Ones(Float32, 64, 3, 32, 10)
	if s := big.SumTo(32, 10); !s.Shape().Equal(Shape{32, 10}) || s.Min().Item() != 192 || s.Max().Item() != 192 {
		t.Errorf("SumTo(32, 10) of ones (64, 3, 32, 10): got shape %v, range [%v, %v], want 192s", s.Shape(), s.Min().Item(), s.Max().Item())
	}
}
