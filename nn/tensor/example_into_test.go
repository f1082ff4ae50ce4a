package tensor_test

import (
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// MatMulInto writes a product into an existing tensor; the flags transpose an operand without
// copying it: here dst = xᵀ·y.
func ExampleMatMulInto() {
	x := tensor.MustArray([][]float32{{1, 2}, {3, 4}})
	y := tensor.MustArray([][]float32{{1, 0}, {0, 1}})
	dst := tensor.New(tensor.Float32, 2, 2)
	tensor.MatMulInto(dst, x, y, true, false)
	fmt.Println(dst)
	// Output:
	// [[1. 3.]
	//  [2. 4.]]
}

// AffineInto is the fused dense step: one product and one pass adding the bias (and the ReLU),
// equal bit for bit to the plain Affine (and its Relu).
func ExampleAffineInto() {
	x := tensor.MustArray([][]float32{{1, 2}, {3, 4}})
	w := tensor.MustArray([][]float32{{1, -1}, {1, -1}})
	b := tensor.FromSlice([]float32{0.5, 1})
	dst := tensor.New(tensor.Float32, 2, 2)
	tensor.AffineInto(dst, x, w, b, true)
	fmt.Println(dst)
	fmt.Println(tensor.ArrayEqual(dst, tensor.Affine(x, w, b).Relu()))
	// Output:
	// [[3.5 0. ]
	//  [7.5 0. ]]
	// true
}

// SumInto sums into an existing tensor, in Sum's order.
func ExampleSumInto() {
	g := tensor.MustArray([][]float32{{1, 2, 3}, {4, 5, 6}})
	rows := tensor.New(tensor.Float32, 3)
	tensor.SumInto(rows, g, 0)
	fmt.Println(rows)
	// Output:
	// [5. 7. 9.]
}

// ReluGradInto passes a gradient where a ReLU's output was positive.
func ExampleReluGradInto() {
	g := tensor.FromSlice([]float32{1, 2, 3})
	out := tensor.FromSlice([]float32{0, 0.5, 2})
	dst := tensor.New(tensor.Float32, 3)
	tensor.ReluGradInto(dst, g, out)
	fmt.Println(dst)
	// Output:
	// [0. 2. 3.]
}

// CopyTo copies in place, converting and broadcasting, as np.copyto.
func ExampleReluGradSumInto() {
	g := tensor.MustArray([][]float32{{1, 2, 3}, {4, 5, 6}})     // the gradient of a ReLU's output
	out := tensor.MustArray([][]float32{{0, 0.5, 2}, {1, 0, 3}}) // the ReLU's output
	dz, db := tensor.New(tensor.Float32, 2, 3), tensor.New(tensor.Float32, 3)
	tensor.ReluGradSumInto(dz, db, g, out)
	fmt.Println(dz)
	fmt.Println(db)
	// Output:
	// [[0. 2. 3.]
	//  [4. 0. 6.]]
	// [4. 2. 9.]
}

func ExampleCopyTo() {
	dst := tensor.Zeros(tensor.Float32, 2, 3)
	tensor.CopyTo(dst, tensor.FromSlice([]float64{1, 2, 3}))
	fmt.Println(dst)
	// Output:
	// [[1. 2. 3.]
	//  [1. 2. 3.]]
}

// ArrayEqual is exact equality of shape and elements, as np.array_equal.
func ExampleArrayEqual() {
	a := tensor.FromSlice([]float32{1, 2, 3})
	fmt.Println(tensor.ArrayEqual(a, tensor.FromSlice([]float64{1, 2, 3})))
	fmt.Println(tensor.ArrayEqual(a, a.AddScalar(1e-6)))
	fmt.Println(tensor.ArrayEqual(a, a.Reshape(3, 1)))
	// Output:
	// true
	// false
	// false
}

// Pow raises every element to a power, as np.power.
func ExampleTensor_Pow() {
	fmt.Println(tensor.FromSlice([]float64{1, 2, 4}).Pow(0.5))
	// Output:
	// [1.         1.41421356 2.        ]
}

// ClassLabels checks class labels once for every package: whole numbers in [0, classes).
func ExampleClassLabels() {
	idx, err := tensor.ClassLabels(tensor.FromSlice([]uint8{2, 0, 1}), 3)
	fmt.Println(idx, err)
	_, err = tensor.ClassLabels(tensor.FromSlice([]int64{2, 5}), 3)
	var le *tensor.LabelError
	fmt.Println(err, errors.As(err, &le) && le.Index == 1)
	// Output:
	// [2 0 1] <nil>
	// label 5 at position 1 is outside [0, 3) true
}

// KeepDims is the shape of a reduction with keepdims=True.
func ExampleShape_KeepDims() {
	s, err := tensor.Shape{2, 3, 4}.KeepDims(-1)
	fmt.Println(s, err)
	// Output:
	// (2, 3, 1) <nil>
}

// Every dtype's name, element size and promotion come from one table.
func ExampleDType_Size() {
	for _, d := range []tensor.DType{tensor.Uint8, tensor.Int64, tensor.Float32, tensor.Float64} {
		fmt.Println(d, d.Size(), d.IsFloat())
	}
	fmt.Println(tensor.FromSlice([]uint8{1}).Add(tensor.FromSlice([]float32{1})).DType())
	// Output:
	// uint8 1 false
	// int64 8 false
	// float32 4 true
	// float64 8 true
	// float32
}

// Storage is a tensor's own storage: writing to it changes the tensor. Float32s and the other
// accessors always return a copy.
func ExampleStorage() {
	x := tensor.Zeros(tensor.Float32, 2, 2)
	tensor.Storage[float32](x)[1] = 5 // in place
	c := x.Float32s()
	c[0] = 9 // a copy: x is unchanged
	fmt.Println(x)
	_, err := func() (s []float32, err error) {
		defer func() { err = fmt.Errorf("%v", recover()) }()
		return tensor.Storage[float32](x.T()), nil
	}()
	fmt.Println(err)
	// Output:
	// [[0. 5.]
	//  [0. 0.]]
	// tensor.Storage[float32]: the tensor is float32 (2, 2) (contiguous false); Storage needs a contiguous float32 tensor
}
