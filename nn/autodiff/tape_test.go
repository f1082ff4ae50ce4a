package autodiff

import (
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// dense records y = x·W + b on a new tape, the graph of a Dense layer.
func dense() (tp *Tape, w, b *Variable, y *Node) {
	w = NewVariable("W", arr([][]float64{{1, 2}, {3, 4}}))
	b = NewVariable("b", arr([]float64{0, 0}))
	tp = NewTape()
	wn, bn := tp.Watch(w), tp.Watch(b)
	x := tp.Constant(arr([][]float64{{1, 0}, {0, 1}}))
	return tp, w, b, x.MatMul(wn).BiasAdd(bn)
}

func TestTapeNodes(t *testing.T) {
	tp, w, _, _ := dense()
	nodes := tp.Nodes()
	want := []struct {
		op     Op
		inputs []int
		shape  tensor.Shape
	}{
		{"variable", nil, tensor.Shape{2, 2}},
		{"variable", nil, tensor.Shape{2}},
		{"constant", nil, tensor.Shape{2, 2}},
		{"matmul", []int{2, 0}, tensor.Shape{2, 2}},
		{"bias_add", []int{3, 1}, tensor.Shape{2, 2}},
	}
	if len(nodes) != len(want) {
		t.Fatalf("got %d nodes, want %d", len(nodes), len(want))
	}
	for i, n := range nodes {
		var ids []int
		for _, in := range n.Inputs {
			ids = append(ids, in.ID())
		}
		if n.ID() != i || n.Op != want[i].op || !n.Value.Shape().Equal(want[i].shape) || !equalInts(ids, want[i].inputs) {
			t.Errorf("node %d: got id %d op %q inputs %v shape %v, want op %q inputs %v shape %v",
				i, n.ID(), n.Op, ids, n.Value.Shape(), want[i].op, want[i].inputs, want[i].shape)
		}
	}
	if nodes[0].Var != w || nodes[0].Value != w.Value {
		t.Errorf("node 0 does not hold variable W and its value")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTapeString(t *testing.T) {
	tp, _, _, _ := dense()
	want := `id  op        name  inputs  shape   dtype
0   variable  W             (2, 2)  float64
1   variable  b             (2,)    float64
2   constant                (2, 2)  float64
3   matmul          2 0     (2, 2)  float64
4   bias_add        3 1     (2, 2)  float64
`
	if got := tp.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNodeString(t *testing.T) {
	tp := NewTape()
	x := tp.Constant(tensor.Zeros(tensor.Float32, 128, 4))
	w := tp.Watch(NewVariable("kernel", tensor.Zeros(tensor.Float32, 4, 512)))
	for _, tc := range []struct {
		n    *Node
		want string
	}{
		{x, "constant (128, 4)"},
		{w, "variable kernel (4, 512)"},
		{x.MatMul(w), "matmul (128, 512)"},
		{x.Sum(), "sum ()"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestWatchTwiceGivesOneNode(t *testing.T) {
	v := NewVariable("v", arr([]float64{1, 2}))
	tp := NewTape()
	if a, b := tp.Watch(v), tp.Watch(v); a != b {
		t.Errorf("Watch twice gave nodes %d and %d", a.ID(), b.ID())
	}
}

// TestGradientUsedTwice checks that a node used by two operations receives both gradients:
// y = x*x + x has dy/dx = 2x + 1.
func TestGradientUsedTwice(t *testing.T) {
	x := NewVariable("x", arr([]float64{-1, 0, 3}))
	tp := NewTape()
	xn := tp.Watch(x)
	y := xn.Mul(xn).Add(xn)
	checkTensor(t, "dy/dx", tp.Gradient(y, x)[0], arr([]float64{-1, 1, 7}), 0) // 2x+1 at -1, 0, 3
}

// TestGradientChainRule checks a chain of ops against a derivative worked out by hand:
// y = sum(exp(2x) * 3) has dy/dx = 6 exp(2x).
func TestGradientChainRule(t *testing.T) {
	x := NewVariable("x", arr([]float64{0, 0.5}))
	tp := NewTape()
	y := tp.Watch(x).MulScalar(2).Exp().MulScalar(3).Sum()
	want := arr([]float64{6, 6 * 2.718281828459045}) // 6e⁰, 6e¹
	checkTensor(t, "dy/dx", tp.Gradient(y, x)[0], want, 1e-12)
}

func TestGradientOfUnrelatedVariableIsZeros(t *testing.T) {
	x := NewVariable("x", arr([]float64{1, 2}))
	z := NewVariable("z", tensor.Ones(tensor.Float32, 2, 3))
	tp := NewTape()
	xn := tp.Watch(x)
	tp.Watch(z)
	y := xn.Square().Sum()
	g := tp.Gradient(y, z, x)
	checkTensor(t, "dy/dz", g[0], tensor.Zeros(tensor.Float64, 2, 3), 0)
	if g[0].DType() != tensor.Float32 {
		t.Errorf("dy/dz dtype %v, want float32", g[0].DType())
	}
	checkTensor(t, "dy/dx", g[1], arr([]float64{2, 4}), 0) // 2x
}

// TestGradientKeepsFloat32 checks that the gradients of float32 variables are float32, also when a
// float64 constant takes part (the computation then runs in float64 and the gradient is converted).
func TestGradientKeepsFloat32(t *testing.T) {
	w := NewVariable("W", tensor.Ones(tensor.Float32, 3, 2))
	b := NewVariable("b", tensor.Zeros(tensor.Float32, 2))
	for _, x := range []*tensor.Tensor{tensor.Ones(tensor.Float32, 4, 3), tensor.Ones(tensor.Float64, 4, 3)} {
		tp := NewTape()
		y := tp.Constant(x).MatMul(tp.Watch(w)).BiasAdd(tp.Watch(b)).Tanh().Mean()
		for i, g := range tp.Gradient(y, w, b) {
			if g.DType() != tensor.Float32 {
				t.Errorf("x %v: gradient %d has dtype %v, want float32", x.DType(), i, g.DType())
			}
		}
		if x.DType() == tensor.Float32 && y.Value.DType() != tensor.Float32 {
			t.Errorf("loss dtype %v, want float32", y.Value.DType())
		}
	}
}

// TestGradientNodes takes gradients with respect to a constant and an intermediate node:
// for h = 3x and y = sum(h²), dy/dh = 2h and dy/dx = 6h = 18x.
func TestGradientNodes(t *testing.T) {
	tp := NewTape()
	x := tp.Constant(arr([]float64{1, -2}))
	h := x.MulScalar(3)
	y := h.Square().Sum()
	g := tp.GradientNodes(y, x, h, y)
	checkTensor(t, "dy/dx", g[0], arr([]float64{18, -36}), 1e-12)
	checkTensor(t, "dy/dh", g[1], arr([]float64{6, -12}), 1e-12)
	checkTensor(t, "dy/dy", g[2], arr(1.0), 0)
}

// TestGradientSeedIsOnes checks TensorFlow's rule for a non-scalar target: the gradient of the sum.
func TestGradientSeedIsOnes(t *testing.T) {
	x := NewVariable("x", arr([][]float64{{1, 2}, {3, 4}}))
	tp := NewTape()
	y := tp.Watch(x).Square() // (2, 2): gradient of sum(x²) is 2x
	checkTensor(t, "dy/dx", tp.Gradient(y, x)[0], arr([][]float64{{2, 4}, {6, 8}}), 0)
}

func TestPanics(t *testing.T) {
	tp := NewTape()
	a := tp.Constant(tensor.Zeros(tensor.Float64, 2, 3))
	b := tp.Constant(tensor.Zeros(tensor.Float64, 4))
	other := NewTape().Constant(tensor.Zeros(tensor.Float64, 2, 3))
	tests := []struct {
		name  string
		f     func()
		wants []string
	}{
		{"add shapes", func() { a.Add(b) }, []string{"Add", "(2, 3)", "(4,)"}},
		{"sub shapes", func() { a.Sub(b) }, []string{"Sub", "(2, 3)", "(4,)"}},
		{"mul shapes", func() { a.Mul(b) }, []string{"Mul", "(2, 3)", "(4,)"}},
		{"div shapes", func() { a.Div(b) }, []string{"Div", "(2, 3)", "(4,)"}},
		{"matmul shapes", func() { a.MatMul(a) }, []string{"MatMul", "(2, 3)", "(2, 3)"}},
		{"matmul rank", func() { a.MatMul(b) }, []string{"MatMul", "(2, 3)", "(4,)"}},
		{"bias_add shapes", func() { a.BiasAdd(b) }, []string{"BiasAdd", "(2, 3)", "(4,)"}},
		{"reshape sizes", func() { a.Reshape(4, 2) }, []string{"Reshape", "(2, 3)", "(4, 2)"}},
		{"sum axis", func() { a.Sum(2) }, []string{"Sum", "axis 2", "(2, 3)"}},
		{"mean axis", func() { a.Mean(-3) }, []string{"Mean", "axis -3", "(2, 3)"}},
		{"two tapes", func() { a.Add(other) }, []string{"add", "different tapes"}},
		{"two tapes matmul", func() { a.MatMul(other.Reshape(3, 2)) }, []string{"matmul", "different tapes"}},
		{"gradient of another tape's target", func() { tp.GradientNodes(other, a) }, []string{"Gradient", "another tape"}},
		{"gradient wrt another tape's node", func() { tp.GradientNodes(a, other) }, []string{"Gradient", "source 0", "another tape"}},
		{"variable never watched", func() {
			tp.Gradient(a, NewVariable("kernel", tensor.Zeros(tensor.Float64, 3, 2)))
		}, []string{"Gradient", `"kernel"`, "(3, 2)", "never watched"}},
		{"label out of range", func() {
			SparseCategoricalCrossentropy(arr([]int64{0, 3}), a.Softmax())
		}, []string{"SparseCategoricalCrossentropy", "label 3", "position 1", "3 classes"}},
		{"negative label", func() {
			SparseCategoricalCrossentropy(arr([]int64{-1, 0}), a)
		}, []string{"SparseCategoricalCrossentropy", "label -1", "position 0", "3 classes"}},
		{"labels shape", func() {
			SparseCategoricalCrossentropy(arr([]int64{0, 1, 2}), a.Softmax())
		}, []string{"SparseCategoricalCrossentropy", "(2,)", "(3,)", "(2, 3)"}},
		{"categorical shapes", func() {
			CategoricalCrossentropy(tensor.Zeros(tensor.Float64, 2, 4), a.Softmax())
		}, []string{"CategoricalCrossentropy", "(2, 4)", "(2, 3)"}},
		{"assign shapes", func() {
			NewVariable("bias", tensor.Zeros(tensor.Float64, 3)).AssignSub(tensor.Zeros(tensor.Float64, 4))
		}, []string{"AssignSub", `"bias"`, "(3,)", "(4,)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { mustPanic(t, tc.f, tc.wants...) })
	}
}

func TestTapeStringListsEveryNode(t *testing.T) {
	tp, _, _, y := dense()
	CategoricalCrossentropy(arr([][]float64{{1, 0}, {0, 1}}), y.Softmax())
	s := tp.String()
	for _, n := range tp.Nodes() {
		if !strings.Contains(s, string(n.Op)) {
			t.Errorf("tape string lacks op %q:\n%s", n.Op, s)
		}
	}
}
