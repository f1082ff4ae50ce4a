package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// The book's section 2.3.2: x = np.random.random((64, 3, 32, 10)), y = np.random.random((32, 10)),
// z = np.maximum(x, y). y is broadcast: repeated along the two leading axes without copying.
func ExampleTensor_Maximum() {
	r := tensor.NewRand(0)
	x := tensor.RandomUniform(r, tensor.Float64, 0, 1, 64, 3, 32, 10)
	y := tensor.RandomUniform(r, tensor.Float64, 0, 1, 32, 10)
	z := x.Maximum(y)
	fmt.Println(z.Shape())
	// Output:
	// (64, 3, 32, 10)
}

// Element-wise addition with broadcasting: a bias vector added to every row.
func ExampleTensor_Add() {
	x := tensor.MustArray([][]float64{{1, 2, 3}, {4, 5, 6}})
	b := tensor.MustArray([]float64{0.5, 0, -1})
	fmt.Println(x.Add(b))
	// Output:
	// [[1.5 2.  2. ]
	//  [4.5 5.  5. ]]
}

// Shapes that do not broadcast panic with a message naming the op and both shapes.
func ExampleTensor_Add_shapeError() {
	defer func() { fmt.Println(recover()) }()
	x := tensor.Zeros(tensor.Float32, 64, 3, 32, 10)
	y := tensor.Zeros(tensor.Float32, 31, 10)
	x.Add(y)
	// Output:
	// tensor.Add: shapes (64, 3, 32, 10) and (31, 10) cannot be broadcast
}

func ExampleTensor_Sub() {
	x := tensor.MustArray([]uint8{0, 1, 200})
	fmt.Println(x.Sub(tensor.MustArray([]uint8{1})).Repr()) // uint8 wraps around, as in NumPy
	// Output:
	// array([255,   0, 199], dtype=uint8)
}

func ExampleTensor_Mul() {
	x := tensor.MustArray([][]int{{1, 2}, {3, 4}})
	fmt.Println(x.Mul(x)) // element-wise, not the matrix product (Dot)
	// Output:
	// [[ 1  4]
	//  [ 9 16]]
}

// Division of integers gives float64, as Python 3's /.
func ExampleTensor_Div() {
	x := tensor.MustArray([]int{1, 2, 3})
	fmt.Println(x.Div(tensor.MustArray(2)).Repr())
	// Output:
	// array([0.5, 1. , 1.5])
}

// The book's relu, np.maximum(x, 0.).
func ExampleTensor_Relu() {
	x := tensor.MustArray([][]float32{{-1.5, 2}, {0, -0.25}})
	fmt.Println(x.Relu())
	// Output:
	// [[0. 2.]
	//  [0. 0.]]
}

// The book's naive_relu of section 2.3.1, written with At and Set, gives what Relu gives.
func ExampleTensor_Relu_naive() {
	naiveRelu := func(x *tensor.Tensor) *tensor.Tensor {
		x = x.Clone() // avoid overwriting the input tensor
		for i := 0; i < x.Dim(0); i++ {
			for j := 0; j < x.Dim(1); j++ {
				x.Set(max(x.At(i, j), 0), i, j)
			}
		}
		return x
	}
	x := tensor.RandomNormal(tensor.NewRand(3), tensor.Float32, 0, 1, 20, 100)
	fmt.Println(tensor.AllClose(naiveRelu(x), x.Relu(), 0, 0))
	// Output:
	// true
}

// The book's train_images / 255: uint8 pixels become float64; float32 pixels stay float32.
func ExampleTensor_DivScalar() {
	pixels := tensor.MustArray([]uint8{0, 51, 255})
	fmt.Println(pixels.DivScalar(255).Repr())
	fmt.Println(pixels.AsType(tensor.Float32).DivScalar(255).Repr())
	// Output:
	// array([0. , 0.2, 1. ])
	// array([0. , 0.2, 1. ], dtype=float32)
}

func ExampleTensor_AddScalar() {
	x := tensor.MustArray([]int{1, 2})
	fmt.Println(x.AddScalar(1).Repr())   // an integral scalar keeps int64
	fmt.Println(x.AddScalar(0.5).Repr()) // a fractional one gives float64
	// Output:
	// array([2, 3])
	// array([1.5, 2.5])
}

// Equal compares element-wise; its mean is an accuracy.
func ExampleTensor_Equal() {
	predictions := tensor.MustArray([]int{7, 2, 1, 0, 4})
	labels := tensor.MustArray([]uint8{7, 2, 1, 0, 9})
	correct := predictions.Equal(labels)
	fmt.Println(correct)
	fmt.Println(correct.Mean())
	// Output:
	// [1 1 1 1 0]
	// 0.8
}

func ExampleTensor_Exp() {
	x := tensor.MustArray([]float64{0, 1, -1})
	fmt.Println(x.Exp())
	fmt.Println(x.Sigmoid())
	fmt.Println(x.Tanh())
	// Output:
	// [1.         2.71828183 0.36787944]
	// [0.5        0.73105858 0.26894142]
	// [ 0.          0.76159416 -0.76159416]
}

func ExampleTensor_Apply() {
	x := tensor.MustArray([]float32{1, 4, 9})
	half := func(v float64) float64 { return v / 2 }
	fmt.Println(x.Apply(half).Repr())
	// Output:
	// array([0.5, 2. , 4.5], dtype=float32)
}

// BroadcastShapes gives the shape two operands broadcast to, as np.broadcast_shapes.
func ExampleBroadcastShapes() {
	fmt.Println(tensor.BroadcastShapes(tensor.Shape{64, 3, 32, 10}, tensor.Shape{32, 10}))
	fmt.Println(tensor.BroadcastShapes(tensor.Shape{8, 1, 6, 1}, tensor.Shape{7, 1, 5}))
	// Output:
	// (64, 3, 32, 10)
	// (8, 7, 6, 5)
}

func ExampleTensor_Minimum() {
	x := tensor.MustArray([]float64{-1, 0.5, 3})
	fmt.Println(x.Minimum(tensor.MustArray(1.0)), x.MaximumScalar(0))
	// Output:
	// [-1.   0.5  1. ] [0.  0.5 3. ]
}

func ExampleTensor_Neg() {
	x := tensor.MustArray([]float64{1, -2})
	fmt.Println(x.Neg(), x.Square(), x.SubScalar(1))
	// Output:
	// [-1.  2.] [1. 4.] [ 0. -3.]
}

func ExampleTensor_Log() {
	x := tensor.MustArray([]int{1, 4, 0})
	fmt.Println(x.Log())
	fmt.Println(x.Sqrt())
	// Output:
	// [0.         1.38629436       -inf]
	// [1. 2. 0.]
}

// BroadcastWith reports compatibility instead of panicking.
func ExampleShape_BroadcastWith() {
	fmt.Println(tensor.Shape{64, 3, 32, 10}.BroadcastWith(tensor.Shape{32, 10}))
	fmt.Println(tensor.Shape{64, 3, 32, 10}.BroadcastWith(tensor.Shape{31, 10}))
	// Output:
	// (64, 3, 32, 10) true
	// () false
}
