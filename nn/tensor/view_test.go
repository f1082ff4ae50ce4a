package tensor

import (
	"testing"
)

// TestSliceBounds checks NumPy's clipping of slice bounds; each want is NumPy's
// np.arange(10)[start:stop].tolist().
func TestSliceBounds(t *testing.T) {
	x := Arange(Int64, 10)
	for _, c := range []struct {
		r    Range
		want []float64
	}{
		{R(2, 5), []float64{2, 3, 4}},
		{From(-3), []float64{7, 8, 9}},
		{To(-7), []float64{0, 1, 2}},
		{R(5, 2), nil},
		{R(-100, 100), []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{R(8, 20), []float64{8, 9}},
		{From(10), nil},
		{To(0), nil},
		{From(-1), []float64{9}},
		{R(3, -3), []float64{3, 4, 5, 6}},
		{R(-20, -15), nil},
		{All(), []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
	} {
		got := x.Slice(c.r)
		checkTensor(t, "x["+c.r.String()+"]", got, Int64, Shape{len(c.want)}, c.want)
	}
}

// TestViews checks Index, Slice, Transpose and ExpandDims on y = np.arange(24).reshape(2, 3, 4);
// every want is NumPy's .ravel().tolist() of the same expression.
func TestViews(t *testing.T) {
	y := Arange(Int64, 24).Reshape(2, 3, 4)
	for _, c := range []struct {
		name  string
		got   *Tensor
		shape Shape
		want  []float64
	}{
		{"y[1]", y.Index(1), Shape{3, 4}, []float64{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}},
		{"y[-1, 1:]", y.Index(-1).Slice(From(1)), Shape{2, 4}, []float64{16, 17, 18, 19, 20, 21, 22, 23}},
		{"y[:, 1:, -2:]", y.Slice(All(), From(1), From(-2)), Shape{2, 2, 2}, []float64{6, 7, 10, 11, 18, 19, 22, 23}},
		{"y.transpose(1, 0, 2)", y.Transpose(1, 0, 2), Shape{3, 2, 4},
			[]float64{0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23}},
		{"y.transpose(2, 0, 1)", y.Transpose(2, 0, -2), Shape{4, 2, 3},
			[]float64{0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}},
		{"y.T", y.T(), Shape{4, 3, 2},
			[]float64{0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23}},
		{"y.T[1:3, 0]", y.T().Slice(R(1, 3)).Transpose(1, 0, 2).Index(0), Shape{2, 2}, []float64{1, 13, 2, 14}},
		{"y[0, 0, 1] as 0-d", y.Index(0).Index(0).Index(1), Shape{}, []float64{1}},
	} {
		checkTensor(t, c.name, c.got, Int64, c.shape, c.want)
		// The view's iteration must agree with plain stride arithmetic.
		checkTensor(t, c.name+" (naive)", FromSlice(naiveValues(c.got)).Reshape(c.shape...), Float64, c.shape, c.want)
	}
	// np.expand_dims(y, axis).shape for axis 1, -1, -4 and 3.
	for _, c := range []struct {
		axis  int
		shape Shape
	}{{1, Shape{2, 1, 3, 4}}, {-1, Shape{2, 3, 4, 1}}, {-4, Shape{1, 2, 3, 4}}, {3, Shape{2, 3, 4, 1}}, {0, Shape{1, 2, 3, 4}}} {
		e := y.ExpandDims(c.axis)
		if !e.Shape().Equal(c.shape) || !e.IsContiguous() {
			t.Errorf("ExpandDims(%d): got shape %v contiguous %v, want %v contiguous", c.axis, e.Shape(), e.IsContiguous(), c.shape)
		}
	}
	checkTensor(t, "Squeeze", y.ExpandDims(1).ExpandDims(-1).Squeeze(), Int64, Shape{2, 3, 4}, y.Float64s())
	checkTensor(t, "Squeeze(0)", MustArray([][]int{{1, 2}}).Squeeze(0), Int64, Shape{2}, []float64{1, 2})
	checkTensor(t, "Squeeze to scalar", MustArray([][]int{{7}}).Squeeze(), Int64, Shape{}, []float64{7})
}

// TestViewsShareStorage checks the mutation rule: views see Set on the original and vice versa;
// Reshape of a non-contiguous view copies.
func TestViewsShareStorage(t *testing.T) {
	x := seq(3, 4)
	views := map[string]*Tensor{
		"Index":      x.Index(1),
		"Slice":      x.Slice(R(1, 2)),
		"Transpose":  x.T(),
		"ExpandDims": x.ExpandDims(0),
		"Reshape":    x.Reshape(12),
	}
	x.Set(-5, 1, 0) // element 4
	for name, v := range views {
		found := false
		for _, e := range v.Float64s() {
			found = found || e == -5
		}
		if !found {
			t.Errorf("%s: the view does not see Set on the original", name)
		}
	}
	views["Index"].Set(100, 3) // x[1, 3]
	if got := x.At(1, 3); got != 100 {
		t.Errorf("Set through Index view: x[1, 3] is %v, want 100", got)
	}
	r := x.T().Reshape(12) // not contiguous: a copy in x.T's order
	checkTensor(t, "x.T.reshape(12)", r, Float64, Shape{12}, []float64{0, -5, 8, 1, 5, 9, 2, 6, 10, 3, 100, 11})
	r.Set(42, 0)
	if got := x.At(0, 0); got != 0 {
		t.Errorf("Reshape of a non-contiguous view shares storage: x[0, 0] is %v, want 0", got)
	}
	if c := x.Contiguous(); c != x {
		t.Errorf("Contiguous of a contiguous tensor: got a copy, want the tensor itself")
	}
	c := x.T().Contiguous()
	if !c.IsContiguous() || !AllClose(c, x.T(), 0, 0) {
		t.Errorf("Contiguous of x.T: got %v, want a contiguous copy of x.T", c)
	}
	cl := x.Clone()
	cl.Set(1, 0, 0)
	if x.At(0, 0) != 0 {
		t.Errorf("Clone shares storage with the original")
	}
}

func TestReshape(t *testing.T) {
	x := seq(3, 2)
	for _, c := range []struct {
		shape []int
		want  Shape
	}{
		{[]int{6, 1}, Shape{6, 1}},
		{[]int{2, 3}, Shape{2, 3}},
		{[]int{-1}, Shape{6}},
		{[]int{-1, 3}, Shape{2, 3}},
		{[]int{1, -1, 2}, Shape{1, 3, 2}},
		{[]int{6, 1, 1}, Shape{6, 1, 1}},
	} {
		checkTensor(t, "Reshape "+Shape(c.shape).String(), x.Reshape(c.shape...), Float64, c.want, []float64{0, 1, 2, 3, 4, 5})
	}
	checkTensor(t, "Reshape scalar", MustArray([]float64{7}).Reshape(), Float64, Shape{}, []float64{7})
	checkTensor(t, "Reshape empty", Zeros(Float64, 0, 3).Reshape(-1, 3), Float64, Shape{0, 3}, nil)
}

func TestBroadcastTo(t *testing.T) {
	y := MustArray([][]int{{1}, {2}})
	b := y.BroadcastTo(2, 2, 3)
	checkTensor(t, "BroadcastTo", b, Int64, Shape{2, 2, 3}, []float64{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2})
	checkTensor(t, "BroadcastTo scalar", MustArray(5).BroadcastTo(2), Int64, Shape{2}, []float64{5, 5})
	checkTensor(t, "BroadcastTo Clone", b.Clone(), Int64, Shape{2, 2, 3}, []float64{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2})
}

// TestConcatenate checks against NumPy: np.concatenate([a, b], axis=1) and [a, a] on axis 0 for
// a = np.arange(6).reshape(2, 3), b = np.arange(6, 10).reshape(2, 2); np.stack([a, a], axis=1).
func TestConcatenate(t *testing.T) {
	a := Arange(Int64, 6).Reshape(2, 3)
	b := Arange(Int64, 10).Slice(From(6)).Reshape(2, 2)
	checkTensor(t, "axis 1", Concatenate(1, a, b), Int64, Shape{2, 5}, []float64{0, 1, 2, 6, 7, 3, 4, 5, 8, 9})
	checkTensor(t, "axis -1", Concatenate(-1, a, b), Int64, Shape{2, 5}, []float64{0, 1, 2, 6, 7, 3, 4, 5, 8, 9})
	checkTensor(t, "axis 0", Concatenate(0, a, a), Int64, Shape{4, 3}, []float64{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5})
	checkTensor(t, "views", Concatenate(0, a.T(), b.T()), Int64, Shape{5, 2}, []float64{0, 3, 1, 4, 2, 5, 6, 8, 7, 9})
	checkTensor(t, "one", Concatenate(0, a), Int64, Shape{2, 3}, []float64{0, 1, 2, 3, 4, 5})
	checkTensor(t, "empty part", Concatenate(0, a, Zeros(Int64, 0, 3)), Int64, Shape{2, 3}, []float64{0, 1, 2, 3, 4, 5})
	checkTensor(t, "stack axis 1", Stack(1, a, a), Int64, Shape{2, 2, 3}, []float64{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5})
	if s := Stack(-1, a, a).Shape(); !s.Equal(Shape{2, 3, 2}) {
		t.Errorf("Stack(-1): got shape %v, want (2, 3, 2)", s)
	}
}

// TestAsType checks conversions against NumPy: np.array([-1.7, 2.9, 256, 300.5, -0.5, 1e3])
// .astype(np.uint8) is [255, 2, 0, 44, 0, 232]; .astype(np.int64) truncates towards zero;
// np.array([300, -2]).astype(np.uint8) is [44, 254].
func TestAsType(t *testing.T) {
	f := MustArray([]float64{-1.7, 2.9, 256, 300.5, -0.5, 1e3})
	checkTensor(t, "float64→uint8", f.AsType(Uint8), Uint8, Shape{6}, []float64{255, 2, 0, 44, 0, 232})
	checkTensor(t, "float32→uint8", f.AsType(Float32).AsType(Uint8), Uint8, Shape{6}, []float64{255, 2, 0, 44, 0, 232})
	checkTensor(t, "float64→int64", f.AsType(Int64), Int64, Shape{6}, []float64{-1, 2, 256, 300, 0, 1000})
	checkTensor(t, "int64→uint8", MustArray([]int{300, -2}).AsType(Uint8), Uint8, Shape{2}, []float64{44, 254})
	checkTensor(t, "uint8→float32", MustArray([]uint8{0, 255}).AsType(Float32), Float32, Shape{2}, []float64{0, 255})
	checkTensor(t, "float64→float32", MustArray(0.1).AsType(Float32), Float32, Shape{}, []float64{float64(float32(0.1))})
	// A view converts its own elements, in its own order.
	checkTensor(t, "view", seq(2, 2).T().AsType(Int64), Int64, Shape{2, 2}, []float64{0, 2, 1, 3})
	// The same dtype still copies.
	x := seq(2)
	y := x.AsType(Float64)
	y.Set(9, 0)
	if x.At(0) != 0 {
		t.Errorf("AsType to the same dtype shares storage")
	}
	if got := MustArray([]uint8{1, 2}).Float32s(); got[0] != 1 || got[1] != 2 {
		t.Errorf("Float32s of uint8: got %v, want [1 2]", got)
	}
	if got := seq(3).Int64s(); got[2] != 2 {
		t.Errorf("Int64s: got %v, want [0 1 2]", got)
	}
	if got := seq(3).Uint8s(); got[1] != 1 {
		t.Errorf("Uint8s: got %v, want [0 1 2]", got)
	}
}
