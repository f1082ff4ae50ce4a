package autodiff

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/nnbook/nnbook/nn/tensor"
)

// arr builds a float64 tensor from a Go value, as np.array.
func arr(v any) *tensor.Tensor { return tensor.MustArray(v) }

// checkTensor fails t unless got has want's shape and its values are within tol of want's.
func checkTensor(t *testing.T, name string, got, want *tensor.Tensor, tol float64) {
	t.Helper()
	if !got.Shape().Equal(want.Shape()) {
		t.Errorf("%s: shape got %v, want %v", name, got.Shape(), want.Shape())
		return
	}
	if !floats.EqualApprox(got.Float64s(), want.Float64s(), tol) {
		t.Errorf("%s:\ngot  %v\nwant %v", name, got.Float64s(), want.Float64s())
	}
}

// mustPanic fails t unless f panics with a message containing every one of wants.
func mustPanic(t *testing.T, f func(), wants ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one containing %q", wants)
			return
		}
		msg := fmt.Sprint(r)
		for _, w := range wants {
			if !strings.Contains(msg, w) {
				t.Errorf("panic %q does not contain %q", msg, w)
			}
		}
	}()
	f()
}
