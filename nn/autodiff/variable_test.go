package autodiff

import (
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

func TestVariableAssign(t *testing.T) {
	value := arr([]float64{1, 2, 3})
	v := NewVariable("v", value)

	v.Assign(arr([]float64{4, 5, 6}))
	checkTensor(t, "Assign", v.Value, arr([]float64{4, 5, 6}), 0)

	v.AssignAdd(arr([]float64{1, 1, 1}))
	checkTensor(t, "AssignAdd", v.Value, arr([]float64{5, 6, 7}), 0) // 4+1, 5+1, 6+1

	v.AssignSub(arr([]float64{0.5, 1, 2}))
	checkTensor(t, "AssignSub", v.Value, arr([]float64{4.5, 5, 5}), 0) // 5-0.5, 6-1, 7-2

	if v.Value != value {
		t.Errorf("Assign replaced the tensor; it must change it in place")
	}
	checkTensor(t, "original tensor", value, arr([]float64{4.5, 5, 5}), 0)
}

// TestVariableAssignConverts checks that a float32 variable stays float32 when given float64 values.
func TestVariableAssignConverts(t *testing.T) {
	v := NewVariable("w", tensor.Ones(tensor.Float32, 2, 2))
	v.AssignSub(arr([][]float64{{0.5, 0.25}, {1, 2}}))
	if v.Value.DType() != tensor.Float32 {
		t.Fatalf("dtype %v, want float32", v.Value.DType())
	}
	checkTensor(t, "AssignSub", v.Value, arr([][]float64{{0.5, 0.75}, {0, -1}}), 0) // 1-0.5, 1-0.25, 1-1, 1-2
}

// TestVariableAssignView checks Assign on a variable whose value is a strided view (a transpose):
// the storage it shares with the original tensor is changed.
func TestVariableAssignView(t *testing.T) {
	base := arr([][]float64{{1, 2}, {3, 4}})
	v := NewVariable("t", base.Transpose())
	v.Assign(arr([][]float64{{10, 30}, {20, 40}}))
	checkTensor(t, "base", base, arr([][]float64{{10, 20}, {30, 40}}), 0)
}

func TestVariableString(t *testing.T) {
	v := NewVariable("kernel", tensor.Zeros(tensor.Float32, 784, 512))
	if got, want := v.String(), "Variable kernel (784, 512) float32"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
