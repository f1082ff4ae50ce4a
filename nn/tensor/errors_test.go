package tensor

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPanics checks every panic path: each message names the op and what was wrong (both shapes
// for shape errors; index, axis and shape for index errors).
func TestPanics(t *testing.T) {
	x := Zeros(Float32, 64, 3, 32, 10)
	y := Zeros(Float32, 31, 10)
	m := Zeros(Float64, 2, 3)
	for _, c := range []struct {
		name string
		f    func()
		want []string
	}{
		{"Add", func() { x.Add(y) }, []string{"tensor.Add: shapes (64, 3, 32, 10) and (31, 10) cannot be broadcast"}},
		{"Sub", func() { y.Sub(x) }, []string{"tensor.Sub: shapes (31, 10) and (64, 3, 32, 10)"}},
		{"Mul", func() { m.Mul(Zeros(Float64, 2)) }, []string{"tensor.Mul: shapes (2, 3) and (2,)"}},
		{"Div", func() { m.Div(Zeros(Float64, 3, 3)) }, []string{"tensor.Div: shapes (2, 3) and (3, 3)"}},
		{"Maximum", func() { x.Maximum(y) }, []string{"tensor.Maximum", "(64, 3, 32, 10)", "(31, 10)"}},
		{"Minimum", func() { x.Minimum(y) }, []string{"tensor.Minimum", "(64, 3, 32, 10)", "(31, 10)"}},
		{"Equal", func() { x.Equal(y) }, []string{"tensor.Equal", "(64, 3, 32, 10)", "(31, 10)"}},
		{"BroadcastShapes", func() { BroadcastShapes(Shape{2}, Shape{3}) }, []string{"shapes (2,) and (3,) cannot be broadcast"}},
		{"BroadcastTo", func() { y.BroadcastTo(32, 10) }, []string{"tensor.BroadcastTo: cannot broadcast shape (31, 10) to (32, 10)"}},
		{"BroadcastTo fewer axes", func() { m.BroadcastTo(3) }, []string{"shape (2, 3) to (3,)"}},
		{"SumTo", func() { x.SumTo(31, 10) }, []string{"tensor.SumTo: shape (31, 10) does not broadcast to (64, 3, 32, 10)"}},
		{"SumTo more axes", func() { m.SumTo(1, 2, 3) }, []string{"shape (1, 2, 3) does not broadcast to (2, 3)"}},
		{"Dot aligned", func() { Dot(m, m) }, []string{"tensor.Dot: shapes (2, 3) and (2, 3) not aligned"}},
		{"Dot vectors", func() { Dot(Zeros(Float64, 3), Zeros(Float64, 4)) }, []string{"shapes (3,) and (4,) not aligned"}},
		{"Dot rank 3", func() { Dot(x, y) }, []string{"tensor.Dot: shapes (64, 3, 32, 10) and (31, 10)", "ranks 1 and 2"}},
		{"Dot dtypes", func() { Dot(m, Zeros(Float32, 3)) }, []string{"tensor.Dot: dtypes float64 and float32 differ", "(2, 3)", "(3,)"}},
		{"At count", func() { m.At(1) }, []string{"tensor.At: 1 indices for shape (2, 3)"}},
		{"At range", func() { m.At(0, 3) }, []string{"tensor.At: index 3 out of range for axis 1 of shape (2, 3)"}},
		{"At negative", func() { m.At(-3, 0) }, []string{"index -3 out of range for axis 0 of shape (2, 3)"}},
		{"Set range", func() { m.Set(1, 2, 0) }, []string{"tensor.Set: index 2 out of range for axis 0 of shape (2, 3)"}},
		{"Index range", func() { m.Index(2) }, []string{"tensor.Index: index 2 out of range for axis 0 of shape (2, 3)"}},
		{"Index scalar", func() { MustArray(1).Index(0) }, []string{"tensor.Index: cannot index a scalar"}},
		{"Item", func() { m.Item() }, []string{"tensor.Item: tensor of shape (2, 3) has 6 elements, not 1"}},
		{"Dim", func() { m.Dim(2) }, []string{"tensor.Dim: axis 2 out of range for shape (2, 3)"}},
		{"Slice", func() { m.Slice(All(), All(), All()) }, []string{"tensor.Slice: 3 ranges", "shape (2, 3)"}},
		{"Reshape size", func() { m.Reshape(4, 2) }, []string{"tensor.Reshape: cannot reshape (2, 3) (size 6) into (4, 2) (size 8)"}},
		{"Reshape infer", func() { m.Reshape(-1, 4) }, []string{"tensor.Reshape: cannot reshape (2, 3) (size 6) into (-1, 4)"}},
		{"Reshape two -1", func() { m.Reshape(-1, -1) }, []string{"tensor.Reshape", "only one size may be -1"}},
		{"Reshape negative", func() { m.Reshape(-2, -3) }, []string{"tensor.Reshape", "(-2, -3)"}},
		{"Transpose count", func() { m.Transpose(0) }, []string{"tensor.Transpose: axes [0] are not a permutation", "(2, 3)"}},
		{"Transpose repeat", func() { m.Transpose(1, 1) }, []string{"axes [1 1]"}},
		{"Transpose range", func() { m.Transpose(0, 2) }, []string{"axes [0 2]"}},
		{"ExpandDims", func() { m.ExpandDims(4) }, []string{"tensor.ExpandDims: axis 4 out of range for shape (2, 3)"}},
		{"Squeeze", func() { m.Squeeze(0) }, []string{"tensor.Squeeze: axis 0 of shape (2, 3) has size 2, not 1"}},
		{"Concatenate none", func() { Concatenate(0) }, []string{"tensor.Concatenate: no tensors"}},
		{"Concatenate sizes", func() { Concatenate(0, m, Zeros(Float64, 2, 4)) }, []string{"tensor.Concatenate: sizes differ off axis 0 in shapes (2, 3), (2, 4)"}},
		{"Concatenate ranks", func() { Concatenate(0, m, Zeros(Float64, 3)) }, []string{"ranks differ in shapes (2, 3), (3,)"}},
		{"Concatenate dtypes", func() { Concatenate(0, m, Zeros(Float32, 2, 3)) }, []string{"dtypes float64 and float32 differ"}},
		{"Concatenate axis", func() { Concatenate(2, m, m) }, []string{"tensor.Concatenate: axis 2 out of range for shape (2, 3)"}},
		{"Concatenate scalars", func() { Concatenate(0, MustArray(1), MustArray(2)) }, []string{"scalars"}},
		{"Stack shapes", func() { Stack(0, m, m.T()) }, []string{"tensor.Stack: shapes (2, 3) and (3, 2) differ"}},
		{"Stack axis", func() { Stack(3, m) }, []string{"tensor.Stack: axis 3 out of range"}},
		{"Sum axis", func() { m.Sum(2) }, []string{"tensor.Sum: axis 2 out of range for shape (2, 3)"}},
		{"Sum repeated", func() { m.Sum(1, -1) }, []string{"tensor.Sum: axis 1 repeated in [1 -1] for shape (2, 3)"}},
		{"Mean axis", func() { m.Mean(-3) }, []string{"tensor.Mean: axis -3 out of range"}},
		{"Max empty", func() { Zeros(Float64, 3, 0).Max(1) }, []string{"tensor.Max: reduction over an empty axis of shape (3, 0)"}},
		{"Min empty", func() { Zeros(Float64, 0).Min() }, []string{"tensor.Min: reduction over an empty axis of shape (0,)"}},
		{"ArgMax empty", func() { Zeros(Float64, 2, 0).ArgMax(1) }, []string{"tensor.ArgMax: empty axis 1 of shape (2, 0)"}},
		{"ArgMax axis", func() { m.ArgMax(5) }, []string{"tensor.ArgMax: axis 5 out of range"}},
		{"New negative", func() { New(Float64, 2, -1) }, []string{"tensor.New: negative size in shape (2, -1)"}},
		{"New dtype", func() { New(DType(9), 2) }, []string{"tensor.New: unknown dtype DType(9)"}},
		{"AsType dtype", func() { m.AsType(DType(0)) }, []string{"tensor.AsType: unknown dtype DType(0)"}},
		{"Arange", func() { Arange(Int64, -1) }, []string{"tensor.Arange: negative size -1"}},
		{"FromSlice", func() { FromSlice([]float64{1}, 2) }, []string{"tensor.FromSlice: shape (2,) needs 2 elements, got 1"}},
		{"RandomNormal dtype", func() { RandomNormal(NewRand(1), Uint8, 0, 1, 2) }, []string{"tensor.RandomNormal: dtype uint8"}},
		{"BroadcastTo negative", func() { m.BroadcastTo(-1, 3) }, []string{"tensor.BroadcastTo: negative size"}},
	} {
		checkPanics(t, c.name, c.f, c.want...)
	}
}

// TestNoRuntimePanics calls the indexing operations with random arguments, in and out of range,
// and checks that every failure is one of the package's own messages, never a runtime error such
// as an index out of range inside the package.
func TestNoRuntimePanics(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	arg := func() int { return r.IntN(15) - 7 }
	for range 3000 {
		shape := make([]int, r.IntN(4))
		for i := range shape {
			shape[i] = r.IntN(4)
		}
		x := seq(shape...)
		ops := []func(){
			func() { x.Index(arg()) },
			func() { x.Slice(R(arg(), arg()), From(arg()), To(arg())).Sum() },
			func() { x.Reshape(arg(), arg()).Clone() },
			func() { x.Transpose(arg(), arg(), arg()) },
			func() { x.ExpandDims(arg()).Max() },
			func() { x.At(arg(), arg(), arg()) },
			func() { x.Set(1, arg(), arg()) },
			func() { x.Sum(arg()) },
			func() { x.ArgMax(arg()) },
			func() { x.SumTo(r.IntN(3), r.IntN(3)) },
			func() { x.BroadcastTo(r.IntN(3), r.IntN(3), r.IntN(3)).Sum() },
			func() { Concatenate(arg(), x, x) },
			func() { Dot(x, seq(r.IntN(3), r.IntN(3))) },
			func() { x.Add(seq(r.IntN(4), r.IntN(4))) },
			func() { x.Squeeze(arg()) },
			func() { _ = x.Slice(R(arg(), arg())).String() },
		}
		for _, op := range ops {
			if msg := panicMessage(t, op); msg != "" && !strings.HasPrefix(msg, "tensor.") {
				t.Fatalf("shape %v: panic without the package's prefix: %q", x.Shape(), msg)
			}
		}
		if t.Failed() {
			t.Fatalf("shape %v", x.Shape())
		}
	}
}
