package tensor

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotValues checks the four np.dot cases against NumPy for A = [[1, 2, 3], [4, 5, 6]],
// B = [[7, 8], [9, 10], [11, 12]], v = [1, -1, 2], w = [0.5, -2], in both float dtypes.
func TestDotValues(t *testing.T) {
	A := MustArray([][]float64{{1, 2, 3}, {4, 5, 6}})
	B := MustArray([][]float64{{7, 8}, {9, 10}, {11, 12}})
	v := MustArray([]float64{1, -1, 2})
	w := MustArray([]float64{0.5, -2})
	for _, dt := range []DType{Float64, Float32} {
		A, B, v, w := A.AsType(dt), B.AsType(dt), v.AsType(dt), w.AsType(dt)
		for _, c := range []struct {
			name  string
			got   *Tensor
			shape Shape
			want  []float64
		}{
			{"v·v", Dot(v, v), Shape{}, []float64{6}},
			{"A·v", Dot(A, v), Shape{2}, []float64{5, 11}},
			{"w·A", Dot(w, A), Shape{3}, []float64{-7.5, -9, -10.5}},
			{"A·B", Dot(A, B), Shape{2, 2}, []float64{58, 64, 139, 154}},
			{"Aᵀ·A", Dot(A.T(), A), Shape{3, 3}, []float64{17, 22, 27, 22, 29, 36, 27, 36, 45}},
			{"A·Aᵀ", Dot(A, A.T()), Shape{2, 2}, []float64{14, 32, 32, 77}},
			{"Bᵀ·v", Dot(B.T(), v), Shape{2}, []float64{20, 22}},
			{"v·Aᵀ", Dot(v, A.T()), Shape{2}, []float64{5, 11}},
			{"2·v", Dot(Scalar(dt, 2), v), Shape{3}, []float64{2, -2, 4}},
		} {
			checkTensor(t, c.name+" "+dt.String(), c.got, dt, c.shape, c.want)
		}
	}
	// Integers use plain loops and wrap as NumPy's: np.dot(u, u) for u = [[200, 3], [100, 2]]
	// (uint8) is [[108, 94], [232, 48]]; for i = [[-3, 2], [1, 4]] (int64) [[11, 2], [1, 18]].
	u := MustArray([][]uint8{{200, 3}, {100, 2}})
	checkTensor(t, "uint8", Dot(u, u), Uint8, Shape{2, 2}, []float64{108, 94, 232, 48})
	i := MustArray([][]int{{-3, 2}, {1, 4}})
	checkTensor(t, "int64", Dot(i, i), Int64, Shape{2, 2}, []float64{11, 2, 1, 18})
	checkTensor(t, "int64 view", Dot(i.T(), i.Index(0)), Int64, Shape{2}, []float64{11, 2}) // np.dot(i.T, i[0])
	// Empty inner or outer sizes give zeros of the right shape.
	checkTensor(t, "k = 0", Dot(Zeros(Float32, 2, 0), Zeros(Float32, 0, 3)), Float32, Shape{2, 3}, make([]float64, 6))
	checkTensor(t, "m = 0", Dot(Zeros(Float64, 0, 3), Ones(Float64, 3, 2)), Float64, Shape{0, 2}, nil)
}

// TestDotLayouts compares Dot on every kind of 2-D view with a naive triple loop: row-major,
// transposed, row and column slices, rows with gaps, and (copied before BLAS) a view with no unit
// stride and a broadcast view.
func TestDotLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	m, k, n := 5, 4, 3
	// views returns several tensors of the given shape with different layouts.
	views := func(rows, cols int) map[string]*Tensor {
		return map[string]*Tensor{
			"rowmajor":   RandomNormal(r, Float64, 0, 1, rows, cols),
			"transposed": RandomNormal(r, Float64, 0, 1, cols, rows).T(),
			"rowslice":   RandomNormal(r, Float64, 0, 1, rows+3, cols).Slice(R(1, rows+1)),
			"colslice":   RandomNormal(r, Float64, 0, 1, rows, cols+3).Slice(All(), R(2, cols+2)),
			"tcolslice":  RandomNormal(r, Float64, 0, 1, cols, rows+2).Slice(All(), From(2)).T(),
			"gappedrows": RandomNormal(r, Float64, 0, 1, rows, 2, cols).Transpose(1, 0, 2).Index(1),
			"nounit":     RandomNormal(r, Float64, 0, 1, rows, cols, 2).Transpose(2, 0, 1).Index(0),
			"broadcast":  RandomNormal(r, Float64, 0, 1, cols).BroadcastTo(rows, cols),
		}
	}
	as, bs := views(m, k), views(k, n)
	for an, a := range as {
		for bn, b := range bs {
			want := make([]float64, m*n)
			for i := range m {
				for j := range n {
					for p := range k {
						want[i*n+j] += naiveAt(a, []int{i, p}) * naiveAt(b, []int{p, j})
					}
				}
			}
			for _, dt := range []DType{Float64, Float32} {
				// Keep the layout when converting: AsType copies into row-major order, so build
				// the float32 view from the float32 copy of the view's base instead.
				a32, b32 := sameLayout(a, dt), sameLayout(b, dt)
				got := Dot(a32, b32)
				if !AllClose(got, FromSlice(want, m, n), 1e-5, 1e-5) {
					t.Errorf("%s·%s %v: got %v, want %v", an, bn, dt, got.Float64s(), want)
				}
				gotV := Dot(a32, b32.Transpose().Index(0)) // matrix·vector with a strided vector
				wantV := make([]float64, m)
				for i := range m {
					wantV[i] = want[i*n]
				}
				if !AllClose(gotV, FromSlice(wantV), 1e-5, 1e-5) {
					t.Errorf("%s·%s[:, 0] %v: got %v, want %v", an, bn, dt, gotV.Float64s(), wantV)
				}
				gotW := Dot(a32.Index(0), b32) // vector·matrix
				if !AllClose(gotW, FromSlice(want[:n]), 1e-5, 1e-5) {
					t.Errorf("%s[0]·%s %v: got %v, want %v", an, bn, dt, gotW.Float64s(), want[:n])
				}
			}
		}
	}
}

// TestBlasLayout checks that transposed and row-sliced views reach BLAS without a copy.
func TestBlasLayout(t *testing.T) {
	x := seq(4, 6)
	for _, c := range []struct {
		name         string
		v            *Tensor
		trans, ok    bool
		leadingDimen int
	}{
		{"row-major", x, false, true, 6},
		{"transposed", x.T(), true, true, 6},
		{"row slice", x.Slice(R(1, 3)), false, true, 6},
		{"column slice", x.Slice(All(), R(1, 3)), false, true, 6},
		{"transposed column slice", x.Slice(All(), R(1, 3)).T(), true, true, 6},
		{"one row", x.Slice(R(1, 2)), false, true, 6},
		{"broadcast", x.Index(0).BroadcastTo(3, 6), false, false, 0},
		{"every other column", x.Reshape(4, 3, 2).Transpose(2, 0, 1).Index(0), false, false, 0},
	} {
		trans, ld, ok := blasLayout(c.v)
		if trans != c.trans || ok != c.ok || (ok && ld != c.leadingDimen) {
			t.Errorf("%s: got trans %v ld %d ok %v, want %v %d %v", c.name, trans, ld, ok, c.trans, c.leadingDimen, c.ok)
		}
	}
}

// TestDotLarge checks the book's layer size, 128×784 · 784×512 in float32, against a float64
// computation: the float32 result is within float32 accumulation error.
func TestDotLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large product")
	}
	r := NewRand(11)
	a := RandomUniform(r, Float32, 0, 1, 128, 784)
	b := RandomNormal(r, Float32, 0, 0.05, 784, 512)
	got := Dot(a, b)
	want := Dot(a.AsType(Float64), b.AsType(Float64))
	if got.DType() != Float32 || !AllClose(got, want, 1e-4, 1e-4) {
		t.Errorf("128×784·784×512 float32 differs from float64 beyond 1e-4")
	}
	got2 := Dot(b.T(), a.T()) // (aᵀ... ) the transposed product, through transpose flags
	if !AllClose(got2.T(), want, 1e-4, 1e-4) {
		t.Errorf("bᵀ·aᵀ differs from (a·b)ᵀ beyond 1e-4")
	}
}

// TestAllClose checks np.allclose's rule |a - b| <= atol + rtol·|b| and its edge cases.
func TestAllClose(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		name string
		a, b []float64
		want bool
	}{
		{"equal", []float64{1, 2}, []float64{1, 2}, true},
		{"within rtol", []float64{100}, []float64{100.0009}, true},
		{"beyond", []float64{100}, []float64{100.002}, false},
		{"inf", []float64{inf}, []float64{inf}, true},
		{"inf vs -inf", []float64{inf}, []float64{-inf}, false},
		{"inf vs big", []float64{inf}, []float64{1e308}, false},
		{"nan", []float64{nan}, []float64{nan}, false},
	} {
		if got := AllClose(FromSlice(c.a), FromSlice(c.b), 1e-5, 1e-8); got != c.want {
			t.Errorf("%s: AllClose(%v, %v) = %v, want %v", c.name, c.a, c.b, got, c.want)
		}
	}
	if AllClose(Zeros(Float64, 2, 1), Zeros(Float64, 2), 1, 1) {
		t.Errorf("AllClose of shapes (2, 1) and (2,): got true, want false")
	}
	if !AllClose(MustArray([]uint8{1}), MustArray([]float32{1}), 0, 0) {
		t.Errorf("AllClose across dtypes: got false, want true")
	}
}
