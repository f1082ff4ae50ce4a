package autodiff

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Variable is a tensor that training changes in place, as tf.Variable: weights and biases.
// Name is shown when the tape is printed and in error messages ("kernel", "bias").
//
// Variables are the only values that change in place: through Assign, AssignAdd and AssignSub,
// which the optimizers call. Operations on nodes always return new tensors.
type Variable struct {
	Name  string
	Value *tensor.Tensor
}

// NewVariable returns a variable holding value (not copied), as tf.Variable(value).
func NewVariable(name string, value *tensor.Tensor) *Variable {
	return &Variable{Name: name, Value: value}
}

// String describes v as "Variable kernel (784, 512) float32".
func (v *Variable) String() string {
	return fmt.Sprintf("Variable %s %v %v", v.Name, v.Value.Shape(), v.Value.DType())
}

// Assign copies t's values into v.Value in place, converting them to v's dtype, as
// tf.Variable.assign. Shapes must match; it panics naming the variable and both shapes otherwise.
func (v *Variable) Assign(t *tensor.Tensor) {
	v.checkShape("Assign", t)
	tensor.CopyTo(v.Value, t)
}

// AssignSub subtracts t from v.Value in place, as tf.Variable.assign_sub: the gradient descent
// step W -= learning_rate * gradient. Shapes must match; it panics naming both otherwise.
func (v *Variable) AssignSub(t *tensor.Tensor) {
	v.checkShape("AssignSub", t)
	tensor.CopyTo(v.Value, v.Value.Sub(t))
}

// AssignAdd adds t to v.Value in place, as tf.Variable.assign_add. Shapes must match; it panics
// naming both otherwise.
func (v *Variable) AssignAdd(t *tensor.Tensor) {
	v.checkShape("AssignAdd", t)
	tensor.CopyTo(v.Value, v.Value.Add(t))
}

func (v *Variable) checkShape(op string, t *tensor.Tensor) {
	if !v.Value.Shape().Equal(t.Shape()) {
		notebook.Panic(fmt.Sprintf("autodiff.Variable.%s: variable %q has shape %v, value has shape %v",
			op, v.Name, v.Value.Shape(), t.Shape()))
	}
}
