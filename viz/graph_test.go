package viz

import (
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// mlpTape records the forward pass of the book's two-layer MNIST model on a batch of 128:
// softmax(relu(x·W1 + b1)·W2 + b2) and its sparse categorical crossentropy.
func mlpTape() *autodiff.Tape {
	tp := autodiff.NewTape()
	x := tp.Constant(tensor.New(tensor.Float32, 128, 784))
	w1 := tp.Watch(autodiff.NewVariable("W1", tensor.New(tensor.Float32, 784, 512)))
	b1 := tp.Watch(autodiff.NewVariable("b1", tensor.New(tensor.Float32, 512)))
	w2 := tp.Watch(autodiff.NewVariable("W2", tensor.New(tensor.Float32, 512, 10)))
	b2 := tp.Watch(autodiff.NewVariable("b2", tensor.New(tensor.Float32, 10)))
	h := x.MatMul(w1).BiasAdd(b1).Relu()
	probs := h.MatMul(w2).BiasAdd(b2).Softmax()
	autodiff.SparseCategoricalCrossentropy(tensor.New(tensor.Int64, 128), probs)
	return tp
}

func TestGraphGolden(t *testing.T) {
	f, err := Graph(mlpTape())
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "graph", f)
}

// TestGraphLayout checks the layout rules on hand-made nodes (no tape needed): a leaf
// stands just before its first user, an op one column after its last input.
func TestGraphLayout(t *testing.T) {
	v := func(op autodiff.Op, in ...*autodiff.Node) *autodiff.Node {
		return &autodiff.Node{Op: op, Value: tensor.New(tensor.Float64, 2), Inputs: in}
	}
	a, b, c := v("constant"), v("constant"), v("constant")
	s := v("square", a)
	e := v("exp", s)
	m := v("mul", e, b) // b is first used here: column 2, beside e
	out := v("add", m, c)
	g, err := newGraphLayout([]*autodiff.Node{a, b, c, s, e, m, out}, graphText{})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 2, 3, 1, 2, 3, 4}
	for i, w := range want {
		if g.col[i] != w {
			t.Errorf("node %d (%s): column %d, want %d", i, g.nodes[i].Op, g.col[i], w)
		}
	}
	if _, err := GraphOf(nil); err == nil || !strings.Contains(err.Error(), "no nodes") {
		t.Errorf("GraphOf(nil) error = %v, want \"no nodes\"", err)
	}
}
