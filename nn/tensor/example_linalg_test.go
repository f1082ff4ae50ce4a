package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// The book's section 2.3.3, tensor product: z = np.dot(x, y) for vectors, a matrix and a vector,
// and two matrices.
func ExampleDot() {
	x := tensor.MustArray([]float64{1, 2, 3})
	y := tensor.MustArray([]float64{4, 5, 6})
	fmt.Println(tensor.Dot(x, y)) // vector·vector: a scalar

	m := tensor.MustArray([][]float64{{1, 0, 0}, {0, 2, 0}})
	fmt.Println(tensor.Dot(m, x)) // matrix·vector: (2, 3)·(3,) → (2,)

	n := tensor.MustArray([][]float64{{1, 2}, {3, 4}, {5, 6}})
	fmt.Println(tensor.Dot(m, n)) // matrix·matrix: (2, 3)·(3, 2) → (2, 2)
	// Output:
	// 32.0
	// [1. 4.]
	// [[1. 2.]
	//  [6. 8.]]
}

// The book's dense layer, output = relu(dot(input, W) + b), on a batch of 128 flattened images.
func ExampleDot_dense() {
	r := tensor.NewRand(7)
	input := tensor.RandomUniform(r, tensor.Float32, 0, 1, 128, 784)
	W := tensor.RandomNormal(r, tensor.Float32, 0, 0.05, 784, 512)
	b := tensor.Zeros(tensor.Float32, 512)
	output := tensor.Dot(input, W).Add(b).Relu()
	fmt.Println(output.Shape(), output.DType())
	// Output:
	// (128, 512) float32
}

// Transposed views go to BLAS as flags, without copying; the product is the same.
func ExampleDot_transposed() {
	a := tensor.MustArray([][]float32{{1, 2}, {3, 4}, {5, 6}})
	fmt.Println(tensor.Dot(a.T(), a)) // aᵀa, (2, 3)·(3, 2)
	// Output:
	// [[35. 44.]
	//  [44. 56.]]
}

// Mismatched inner sizes panic naming both shapes.
func ExampleDot_shapeError() {
	defer func() { fmt.Println(recover()) }()
	tensor.Dot(tensor.Zeros(tensor.Float32, 2, 3), tensor.Zeros(tensor.Float32, 2, 3))
	// Output:
	// tensor.Dot: shapes (2, 3) and (2, 3) not aligned: 3 (axis 1) != 2 (axis 0)
}

func ExampleAllClose() {
	a := tensor.MustArray([]float64{1, 2})
	b := tensor.MustArray([]float64{1, 2.000001})
	fmt.Println(tensor.AllClose(a, b, 1e-5, 1e-8)) // np.allclose's defaults
	fmt.Println(tensor.AllClose(a, b, 0, 0))
	// Output:
	// true
	// false
}
