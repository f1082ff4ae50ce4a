package autodiff

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestPowTorch checks Pow's values and gradients against torch.pow (testdata/pow_torch.py) to
// 1e-12, and against central finite differences, for integer, fractional, negative and zero
// exponents.
func TestPowTorch(t *testing.T) {
	data, err := os.ReadFile("testdata/pow_torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		X, W  [][]float64
		Cases []struct {
			P       float64
			Y, Grad [][]float64
		}
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	x, w := tensor.MustArray(ref.X), tensor.MustArray(ref.W)
	for _, c := range ref.Cases {
		tp := NewTape()
		xv := NewVariable("x", x.Clone())
		y := tp.Watch(xv).Pow(c.P)
		loss := y.Mul(tp.Constant(w)).Sum()
		grad := tp.Gradient(loss, xv)[0]
		if !tensor.AllClose(y.Value, tensor.MustArray(c.Y), 1e-12, 0) || !tensor.AllClose(grad, tensor.MustArray(c.Grad), 1e-12, 1e-15) {
			t.Errorf("p = %v: y %v grad %v\nPyTorch y %v grad %v", c.P, y.Value, grad, c.Y, c.Grad)
		}
		f := func(_ *Tape, xs []*Node) *Node { return xs[0].Pow(c.P).Mul(xs[0].Tape().Constant(w)).Sum() }
		if rel, err := CheckGradient(f, []*tensor.Tensor{x}, 1e-6); err != nil {
			t.Errorf("p = %v: finite differences: %v (max relative error %g)", c.P, err, rel)
		}
	}
	// float32 stays float32.
	tp := NewTape()
	if got := tp.Constant(tensor.FromSlice([]float32{2})).Pow(3); got.DType() != tensor.Float32 || got.Value.Item() != 8 {
		t.Errorf("float32 Pow: %v", got.Value)
	}
}
