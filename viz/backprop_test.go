package viz

import (
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// bookExample records the worked example of section 2.4.4 with a squared error:
// x1 = w·x, x2 = x1 + b, loss = (x2 - y_true)², at x = 2, w = 3, b = 1, y_true = 4.
// By hand: x1 = 6, x2 = 7, loss = 9; dloss/dx2 = 2(x2 - y_true) = 6, dloss/dx1 = 6,
// dloss/db = 6, dloss/dw = 6·x = 12, dloss/dx = 6·w = 18.
func bookExample() *autodiff.Tape {
	num := func(v float64) *tensor.Tensor { return tensor.Scalar(tensor.Float64, v) }
	tape := autodiff.NewTape()
	x := tape.Watch(autodiff.NewVariable("x", num(2)))
	w := tape.Watch(autodiff.NewVariable("w", num(3)))
	b := tape.Watch(autodiff.NewVariable("b", num(1)))
	yTrue := tape.Watch(autodiff.NewVariable("y_true", num(4)))
	x1 := w.Mul(x)
	x2 := x1.Add(b)
	x2.Sub(yTrue).Square()
	return tape
}

func TestBackpropNumbers(t *testing.T) {
	tape := bookExample()
	f, err := Backprop(tape)
	if err != nil {
		t.Fatal(err)
	}
	nodes := tape.Nodes()
	loss := nodes[len(nodes)-1]
	grads := tape.GradientNodes(loss, nodes[0], nodes[1], nodes[2])
	for i, want := range []float64{18, 12, 6} { // x, w, b, by hand above
		if got := grads[i].Item(); got != want {
			t.Errorf("grad of %s = %g, want %g", nodes[i].Var.Name, got, want)
		}
	}
	if got := loss.Value.Item(); got != 9 {
		t.Errorf("loss %g, want 9", got)
	}
	checkGolden(t, "backprop", f)
}

func TestBackpropErrors(t *testing.T) {
	if _, err := Backprop(autodiff.NewTape()); err == nil || !strings.Contains(err.Error(), "recorded nothing") {
		t.Errorf("empty tape: %v", err)
	}
	tape := autodiff.NewTape()
	tape.Constant(tensor.Zeros(tensor.Float64, 2, 2)).Sum()
	if _, err := Backprop(tape); err == nil || !strings.Contains(err.Error(), "has shape (2, 2); every value must be one number") {
		t.Errorf("matrix node: %v", err)
	}
}
