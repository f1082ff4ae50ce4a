package nn

import (
	"testing"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Keras computes RMSprop's (1 - rho) in float64 and rounds it once to float32: 0.1000000015.
// Rounding rho first and subtracting in float32 gives 0.100000024, a 2.2e-7 relative error in the
// velocity that made nn drift from NumPy's peer (nn/numpy_equivalence_test.go found it).
func TestRMSpropVelocityRounding(t *testing.T) {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{0}))
	o := &RMSprop{}
	o.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{tensor.FromSlice([]float32{1})})
	got := o.velocities[w][0]
	want := float32(1 - 0.9) // v = rho*0 + (1-rho)*1²
	if got != want {
		t.Errorf("velocity after one step with g = 1: got %.10g, want %.10g (float32(1 - 0.9))", got, want)
	}
}
