package tensor

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBroadcastShapes checks against np.broadcast_shapes(a, b).
func TestBroadcastShapes(t *testing.T) {
	for _, c := range []struct{ a, b, want Shape }{
		{Shape{64, 3, 32, 10}, Shape{32, 10}, Shape{64, 3, 32, 10}},
		{Shape{8, 1, 6, 1}, Shape{7, 1, 5}, Shape{8, 7, 6, 5}},
		{Shape{5, 4}, Shape{1}, Shape{5, 4}},
		{Shape{}, Shape{3}, Shape{3}},
		{Shape{2, 1}, Shape{1, 3}, Shape{2, 3}},
		{Shape{0, 3}, Shape{1, 3}, Shape{0, 3}},
		{Shape{1, 0}, Shape{5, 1}, Shape{5, 0}},
		{Shape{}, Shape{}, Shape{}},
	} {
		for _, pair := range [][2]Shape{{c.a, c.b}, {c.b, c.a}} {
			if got := BroadcastShapes(pair[0], pair[1]); !got.Equal(c.want) {
				t.Errorf("BroadcastShapes(%v, %v): got %v, want %v", pair[0], pair[1], got, c.want)
			}
		}
	}
}

// TestBinaryValues checks each op against NumPy for a = [[1, -2, 3], [4, 5, -6]] (float64) and the
// column b = [[0.5], [-1]]: np.add(a, b).ravel().tolist() and so on.
func TestBinaryValues(t *testing.T) {
	a := MustArray([][]float64{{1, -2, 3}, {4, 5, -6}})
	b := MustArray([][]float64{{0.5}, {-1}})
	for _, c := range []struct {
		name string
		f    func(x, y *Tensor) *Tensor
		want []float64
	}{
		{"add", (*Tensor).Add, []float64{1.5, -1.5, 3.5, 3, 4, -7}},
		{"subtract", (*Tensor).Sub, []float64{0.5, -2.5, 2.5, 5, 6, -5}},
		{"multiply", (*Tensor).Mul, []float64{0.5, -1, 1.5, -4, -5, 6}},
		{"divide", (*Tensor).Div, []float64{2, -4, 6, -4, -5, 6}},
		{"maximum", (*Tensor).Maximum, []float64{1, 0.5, 3, 4, 5, -1}},
		{"minimum", (*Tensor).Minimum, []float64{0.5, -2, 0.5, -1, -1, -6}},
	} {
		checkTensor(t, c.name, c.f(a, b), Float64, Shape{2, 3}, c.want)
		checkTensor(t, c.name+" float32", c.f(a.AsType(Float32), b.AsType(Float32)), Float32, Shape{2, 3}, c.want)
		// The same op on transposed views gives the transposed result.
		checkTensor(t, c.name+" transposed", c.f(a.T(), b.T()).T().Contiguous(), Float64, Shape{2, 3}, c.want)
	}
}

// TestPromotion checks result dtypes: the wider operand's, and Float64 for integer division.
// NumPy gives float64 for int64 with float32; this package keeps the float (float32).
func TestPromotion(t *testing.T) {
	dtypes := []DType{Uint8, Int64, Float32, Float64}
	for _, x := range dtypes {
		for _, y := range dtypes {
			a, b := Ones(x, 2), Ones(y, 2)
			want := max(x, y)
			if got := a.Add(b).DType(); got != want {
				t.Errorf("%v + %v: got %v, want %v", x, y, got, want)
			}
			if got := a.Maximum(b).DType(); got != want {
				t.Errorf("maximum(%v, %v): got %v, want %v", x, y, got, want)
			}
			if !want.IsFloat() {
				want = Float64
			}
			if got := a.Div(b).DType(); got != want {
				t.Errorf("%v / %v: got %v, want %v", x, y, got, want)
			}
			if got := a.Equal(b).DType(); got != Uint8 {
				t.Errorf("%v == %v: got %v, want uint8", x, y, got)
			}
		}
	}
	// uint8 arithmetic wraps: np.array([200, 100], np.uint8) + np.array([100, 200], np.uint8) is [44, 44].
	u := MustArray([]uint8{200, 100})
	checkTensor(t, "uint8 wrap", u.Add(MustArray([]uint8{100, 200})), Uint8, Shape{2}, []float64{44, 44})
	// Mixed: uint8 200 + int64 100 is computed in int64.
	checkTensor(t, "uint8 + int64", u.Add(MustArray([]int{100})), Int64, Shape{2}, []float64{300, 200})
}

// TestBroadcastRandom compares every op on random broadcastable shapes, including transposed and
// sliced operands, in float64, float32 and int64, with a naive computation through plain stride
// arithmetic.
func TestBroadcastRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ops := []struct {
		name string
		f    func(x, y *Tensor) *Tensor
		g    func(x, y float64) float64
	}{
		{"Add", (*Tensor).Add, func(x, y float64) float64 { return x + y }},
		{"Sub", (*Tensor).Sub, func(x, y float64) float64 { return x - y }},
		{"Mul", (*Tensor).Mul, func(x, y float64) float64 { return x * y }},
		{"Div", (*Tensor).Div, func(x, y float64) float64 { return x / y }},
		{"Maximum", (*Tensor).Maximum, math.Max},
		{"Minimum", (*Tensor).Minimum, math.Min},
		{"Equal", (*Tensor).Equal, func(x, y float64) float64 { return b2f(x == y) }},
	}
	for trial := range 300 {
		rank := r.IntN(5)
		out := make(Shape, rank)
		for i := range out {
			out[i] = 1 + r.IntN(4)
		}
		a64 := randomOperand(r, out)
		b64 := randomOperand(r, out)
		dt := []DType{Float64, Float32, Int64}[trial%3]
		a, b := sameLayout(a64, dt), sameLayout(b64, dt)
		for _, op := range ops {
			got := op.f(a, b)
			shape := BroadcastShapes(a.shape, b.shape)
			var want []float64
			indices(shape, func(idx []int) {
				x, y := naiveAt(a, bIndex(a, idx)), naiveAt(b, bIndex(b, idx))
				if op.name == "Div" && dt == Float32 { // float32 division, rounded as float32
					want = append(want, float64(float32(x)/float32(y)))
					return
				}
				want = append(want, op.g(x, y))
			})
			wdt := dt
			switch {
			case op.name == "Equal":
				wdt = Uint8
			case op.name == "Div" && dt == Int64:
				wdt = Float64
			}
			checkTensor(t, op.name+" "+a.shape.String()+" "+b.shape.String(), got, wdt, shape, want)
		}
		if t.Failed() {
			t.Fatalf("trial %d failed", trial)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// randomOperand returns a float64 tensor whose shape broadcasts to out: a random suffix of out
// with random axes set to 1, stored as a transposed or sliced view half of the time. Its elements
// are small integers, so that Equal finds some equal pairs.
func randomOperand(r *rand.Rand, out Shape) *Tensor {
	shape := out[r.IntN(len(out)+1):].Clone()
	for i := range shape {
		if r.IntN(3) == 0 {
			shape[i] = 1
		}
	}
	data := func(s Shape) *Tensor {
		x := New(Float64, s...)
		for i, d := 0, x.data.([]float64); i < len(d); i++ {
			d[i] = float64(r.IntN(5) - 2)
		}
		return x
	}
	switch r.IntN(3) {
	case 0: // a transposed view of the reversed shape
		rev := shape.Clone()
		for i := range rev {
			rev[i] = shape[len(shape)-1-i]
		}
		return data(rev).T()
	case 1: // a slice of a larger tensor
		big := shape.Clone()
		ranges := make([]Range, len(big))
		for i := range big {
			big[i] += 2
			ranges[i] = R(1, 1+shape[i])
		}
		return data(big).Slice(ranges...)
	}
	return data(shape)
}

// bIndex maps an index of the broadcast result to the index of operand t.
func bIndex(t *Tensor, idx []int) []int {
	k := len(idx) - len(t.shape)
	out := make([]int, len(t.shape))
	for i := range out {
		if t.shape[i] != 1 {
			out[i] = idx[k+i]
		}
	}
	return out
}

// TestScalarOps checks NumPy 2's dtype rule for Python scalars and the values:
// np.array([0, 1, 255], np.uint8) - 1 is [255, 0, 254]; * 2 is [0, 2, 254].
func TestScalarOps(t *testing.T) {
	u := MustArray([]uint8{0, 1, 255})
	checkTensor(t, "uint8 - 1", u.SubScalar(1), Uint8, Shape{3}, []float64{255, 0, 254})
	checkTensor(t, "uint8 + -1", u.AddScalar(-1), Uint8, Shape{3}, []float64{255, 0, 254})
	checkTensor(t, "uint8 * 2", u.MulScalar(2), Uint8, Shape{3}, []float64{0, 2, 254})
	checkTensor(t, "uint8 / 255", u.DivScalar(255), Float64, Shape{3}, []float64{0, 1.0 / 255, 1})
	checkTensor(t, "uint8 * 0.5", u.MulScalar(0.5), Float64, Shape{3}, []float64{0, 0.5, 127.5})
	checkTensor(t, "int64 + 2", MustArray([]int{1}).AddScalar(2), Int64, Shape{1}, []float64{3})
	checkTensor(t, "max(x, 1)", MustArray([]int{-3, 5}).MaximumScalar(1), Int64, Shape{2}, []float64{1, 5})
	// uint8 against -1 compares in int64 (NumPy 1.x gives int16 [0, 255]; NumPy 2 refuses -1).
	checkTensor(t, "uint8 max(x, -1)", u.MaximumScalar(-1), Int64, Shape{3}, []float64{0, 1, 255})
	// float32 stays float32 and is computed in float32: x / 255 equals Go's float32 division.
	f := MustArray([]float32{1, 3, 254})
	want := []float64{float64(float32(1) / 255), float64(float32(3) / 255), float64(float32(254) / 255)}
	checkTensor(t, "float32 / 255", f.DivScalar(255), Float32, Shape{3}, want)
	checkTensor(t, "float32 - 0.1", MustArray([]float32{1}).SubScalar(0.1), Float32, Shape{1}, []float64{float64(float32(1) - float32(0.1))})
	// Scalar ops on a view.
	checkTensor(t, "view * 10", seq(2, 2).T().MulScalar(10), Float64, Shape{2, 2}, []float64{0, 20, 10, 30})
}

func TestUnary(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := MustArray([]float64{-2, 0, 3, nan})
	checkTensor(t, "Relu", x.Relu(), Float64, Shape{4}, []float64{0, 0, 3, nan}) // np.maximum(x, 0) keeps NaN
	checkTensor(t, "Relu int", MustArray([]int{-2, 5}).Relu(), Int64, Shape{2}, []float64{0, 5})
	checkTensor(t, "Neg", x.Neg(), Float64, Shape{4}, []float64{2, 0, -3, nan})
	if v := MustArray(0.0).Neg().Item(); !math.Signbit(v) {
		t.Errorf("Neg(0): got %v, want -0 as NumPy", v)
	}
	// -np.array([0, 1, 255], np.uint8) is [0, 255, 1].
	checkTensor(t, "Neg uint8", MustArray([]uint8{0, 1, 255}).Neg(), Uint8, Shape{3}, []float64{0, 255, 1})
	checkTensor(t, "Square", x.Square(), Float64, Shape{4}, []float64{4, 0, 9, nan})
	checkTensor(t, "Square uint8 wraps", MustArray([]uint8{16}).Square(), Uint8, Shape{1}, []float64{0})
	i := MustArray([]int{0, 1, 4})
	checkTensor(t, "Sqrt int", i.Sqrt(), Float64, Shape{3}, []float64{0, 1, 2})
	checkTensor(t, "Log int", i.Log(), Float64, Shape{3}, []float64{math.Inf(-1), 0, math.Log(4)})
	checkTensor(t, "Exp int", i.Exp(), Float64, Shape{3}, []float64{1, math.E, math.Exp(4)})
	checkTensor(t, "Tanh", MustArray([]float32{0, 100}).Tanh(), Float32, Shape{2}, []float64{0, 1})
	checkTensor(t, "Log negative", MustArray(-1.0).Log(), Float64, Shape{}, []float64{nan})
	// The sigmoid saturates without overflow: 1/(1+e**1000) is 0 and its complement 1.
	checkTensor(t, "Sigmoid", MustArray([]float64{-1000, 0, 1000, inf}).Sigmoid(), Float64, Shape{4}, []float64{0, 0.5, 1, 1})
	checkTensor(t, "Sigmoid float32", MustArray([]float32{0}).Sigmoid(), Float32, Shape{1}, []float64{0.5})
	checkTensor(t, "Apply view", seq(2, 2).T().Apply(func(v float64) float64 { return v + 1 }), Float64, Shape{2, 2}, []float64{1, 3, 2, 4})
}

// TestOpsKeepInputs checks the mutation rule: ops return new tensors and leave their inputs alone.
func TestOpsKeepInputs(t *testing.T) {
	x := seq(2, 3)
	y := MustArray([]float64{1, 2, 3})
	results := []*Tensor{x.Add(y), x.Relu(), x.Neg(), x.MulScalar(2), x.Exp(), x.Sum(0), Dot(x, y), x.Reshape(3, 2).Clone(), x.AsType(Float64), x.SumTo(3)}
	for _, r := range results {
		r.Fill(-7)
	}
	checkTensor(t, "x after ops", x, Float64, Shape{2, 3}, []float64{0, 1, 2, 3, 4, 5})
	checkTensor(t, "y after ops", y, Float64, Shape{3}, []float64{1, 2, 3})
	s := x.AddScalar(0)
	s.Set(9, 0, 0)
	if x.At(0, 0) != 0 {
		t.Errorf("AddScalar(0) returned a tensor sharing x's storage")
	}
}

// TestExpFloat32IsApply checks that a float32 Exp, computed 8 values at a time where the CPU
// allows, has the bits of Apply(math.Exp), for a contiguous tensor, a transposed view and a view
// at an offset, with special values and lengths that are not multiples of 8.
func TestExpFloat32IsApply(t *testing.T) {
	rng := NewRand(4)
	x := RandomUniform(rng, Float32, -120, 100, 37, 19)
	d := x.data.([]float32)
	for i, v := range []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), -700, 700, 88.8, -103.9} {
		d[i*41] = v
	}
	for name, v := range map[string]*Tensor{"contiguous": x, "transposed": x.T(), "offset": x.Index(3), "empty": New(Float32, 0, 4)} {
		got, want := v.Exp(), v.Apply(math.Exp)
		if !got.Shape().Equal(want.Shape()) || got.DType() != Float32 {
			t.Fatalf("%s: Exp gives %v %v, Apply %v %v", name, got.DType(), got.Shape(), want.DType(), want.Shape())
		}
		g, w := values[float32](got), values[float32](want)
		for i := range w {
			if math.Float32bits(g[i]) != math.Float32bits(w[i]) {
				t.Fatalf("%s: element %d: Exp gives %v, Apply(math.Exp) %v", name, i, g[i], w[i])
			}
		}
	}
}
