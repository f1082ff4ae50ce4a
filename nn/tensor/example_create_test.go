package tensor_test

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nn/tensor"
)

// The book's section 2.2.1, scalars: x = np.array(12).
func ExampleArray_scalar() {
	x := tensor.MustArray(12)
	fmt.Println(x)
	fmt.Println(x.NDim())
	// Output:
	// 12
	// 0
}

// The book's section 2.2.2, vectors: x = np.array([12, 3, 6, 14, 7]).
func ExampleArray_vector() {
	x := tensor.MustArray([]int{12, 3, 6, 14, 7})
	fmt.Println(x)
	fmt.Println(x.NDim())
	// Output:
	// [12  3  6 14  7]
	// 1
}

// The book's section 2.2.3, matrices. NumPy pads the numbers of an array to one width.
func ExampleArray_matrix() {
	x := tensor.MustArray([][]int{
		{5, 78, 2, 34, 0},
		{6, 79, 3, 35, 1},
		{7, 80, 4, 36, 2},
	})
	fmt.Println(x)
	fmt.Println(x.NDim())
	// Output:
	// [[ 5 78  2 34  0]
	//  [ 6 79  3 35  1]
	//  [ 7 80  4 36  2]]
	// 2
}

// The book's section 2.2.4, rank-3 tensors: a blank line separates the matrices.
func ExampleArray_rank3() {
	m := [][]int{{5, 78, 2, 34, 0}, {6, 79, 3, 35, 1}, {7, 80, 4, 36, 2}}
	x := tensor.MustArray([][][]int{m, m, m})
	fmt.Println(x)
	fmt.Println(x.NDim(), x.Shape())
	// Output:
	// [[[ 5 78  2 34  0]
	//   [ 6 79  3 35  1]
	//   [ 7 80  4 36  2]]
	//
	//  [[ 5 78  2 34  0]
	//   [ 6 79  3 35  1]
	//   [ 7 80  4 36  2]]
	//
	//  [[ 5 78  2 34  0]
	//   [ 6 79  3 35  1]
	//   [ 7 80  4 36  2]]]
	// 3 (3, 3, 5)
}

// Array keeps float32 and float64, and makes Go ints int64 as NumPy does.
func ExampleArray_dtypes() {
	for _, v := range []any{[]int{1, 2}, []uint8{1, 2}, []float32{1, 2}, [][]float64{{0.5}, {2}}} {
		x := tensor.MustArray(v)
		fmt.Println(x.DType(), x.Shape(), x)
	}
	// Output:
	// int64 (2,) [1 2]
	// uint8 (2,) [1 2]
	// float32 (2,) [1. 2.]
	// float64 (2, 1) [[0.5]
	//  [2. ]]
}

// A ragged nested slice is an error, not a tensor.
func ExampleArray_ragged() {
	_, err := tensor.Array([][]int{{1, 2, 3}, {4, 5}})
	fmt.Println(err)
	// Output:
	// tensor.Array: ragged nested slice: row 1 has 2 elements, row 0 has 3
}

// The key attributes of the book's section 2.2.6, on a stand-in for MNIST's train_images.
func ExampleZeros() {
	trainImages := tensor.Zeros(tensor.Uint8, 60000, 28, 28)
	fmt.Println(trainImages.NDim())
	fmt.Println(trainImages.Shape())
	fmt.Println(trainImages.DType())
	fmt.Println(trainImages.Size())
	// Output:
	// 3
	// (60000, 28, 28)
	// uint8
	// 47040000
}

func ExampleOnes() {
	fmt.Println(tensor.Ones(tensor.Float32, 2, 3))
	// Output:
	// [[1. 1. 1.]
	//  [1. 1. 1.]]
}

func ExampleFull() {
	fmt.Println(tensor.Full(tensor.Int64, 7, 3).Repr())
	// Output:
	// array([7, 7, 7])
}

func ExampleArange() {
	fmt.Println(tensor.Arange(tensor.Float64, 5).DivScalar(4))
	// Output:
	// [0.   0.25 0.5  0.75 1.  ]
}

// The book's x = np.random.random((64, 3, 32, 10)): seeded, so every run draws the same numbers.
func ExampleRandomUniform() {
	r := tensor.NewRand(42)
	x := tensor.RandomUniform(r, tensor.Float64, 0, 1, 64, 3, 32, 10)
	fmt.Println(x.Shape(), x.DType())
	fmt.Println(x.Min().Item() >= 0, x.Max().Item() < 1)
	// Output:
	// (64, 3, 32, 10) float64
	// true true
}

// Weights are often initialised from a normal distribution; the mean and standard deviation of many
// draws are close to the requested ones.
func ExampleRandomNormal() {
	r := tensor.NewRand(1)
	w := tensor.RandomNormal(r, tensor.Float32, 0, 0.05, 784, 512)
	fmt.Println(w.Shape(), w.DType())
	fmt.Printf("|mean| < 0.001: %v, std %.3f\n", math.Abs(w.Mean().Item()) < 0.001, w.Square().Mean().Sqrt().Item())
	// Output:
	// (784, 512) float32
	// |mean| < 0.001: true, std 0.050
}

// FromSlice wraps a Go slice without copying it, as np.asarray.
func ExampleFromSlice() {
	data := []float32{1, 2, 3, 4, 5, 6}
	x := tensor.FromSlice(data, 2, 3)
	data[0] = 10 // the tensor sees it
	fmt.Println(x)
	// Output:
	// [[10.  2.  3.]
	//  [ 4.  5.  6.]]
}

// At and Set read and write one element, with negative indices counting from the end; the book's
// naive loops are written with them.
func ExampleTensor_At() {
	x := tensor.Zeros(tensor.Float64, 2, 3)
	x.Set(1.5, 0, 1)
	x.Set(-2, -1, -1) // x[-1, -1] = -2
	fmt.Println(x.At(0, 1), x.At(1, 2))
	fmt.Println(x)
	// Output:
	// 1.5 -2
	// [[ 0.   1.5  0. ]
	//  [ 0.   0.  -2. ]]
}

// Float32s gives the elements as a Go slice: the tensor's own storage when it is a contiguous
// float32 tensor, else a converted copy.
func ExampleTensor_Float32s() {
	x := tensor.MustArray([][]float32{{1, 2}, {3, 4}})
	fmt.Println(x.Float32s(), x.T().Float32s())
	// Output:
	// [1 2 3 4] [1 3 2 4]
}

// Scalar is a rank-0 tensor of a chosen dtype, for broadcasting against others.
func ExampleScalar() {
	half := tensor.Scalar(tensor.Float32, 0.5)
	fmt.Println(half.NDim(), half.DType(), half)
	fmt.Println(tensor.Ones(tensor.Float32, 3).Mul(half))
	// Output:
	// 0 float32 0.5
	// [0.5 0.5 0.5]
}
