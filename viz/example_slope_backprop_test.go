package viz_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
	"github.com/nnbook/nnbook/viz"
)

// Section 2.4.1: the derivative of f(x) = x³/3 - x is the slope of its tangent, x² - 1.
func ExampleSlopes() {
	f := func(x float64) float64 { return x*x*x/3 - x }
	viz.MustShow(viz.Slopes(f, -2.2, 2.2, -1.8, -1, 0, 1, 2))
	// Output:
	// saved nnbook-plots/slopes.png
}

// Section 2.4.4's worked example, with a squared error: x1 = w·x, x2 = x1 + b,
// loss = (x2 - y_true)², at x = 2, w = 3, b = 1, y_true = 4.
func ExampleBackprop() {
	num := func(v float64) *tensor.Tensor { return tensor.Scalar(tensor.Float64, v) }
	w := autodiff.NewVariable("w", num(3))
	b := autodiff.NewVariable("b", num(1))
	tape := autodiff.NewTape()
	x := tape.Constant(num(2))
	x1 := tape.Watch(w).Mul(x)
	x2 := x1.Add(tape.Watch(b))
	loss := x2.Sub(tape.Constant(num(4))).Square()
	grads := tape.Gradient(loss, w, b)
	fmt.Println("loss:", loss.Value, "grad w:", grads[0], "grad b:", grads[1])
	viz.MustShow(viz.Backprop(tape))
	// Output:
	// loss: 9.0 grad w: 12.0 grad b: 6.0
	// saved nnbook-plots/backprop.png
}
