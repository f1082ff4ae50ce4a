package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// The book's section 2.2.7, tensor slicing, on a zero stand-in for MNIST's train_images. Each slice
// is a view: no pixel is copied.
func ExampleTensor_Slice() {
	trainImages := tensor.Zeros(tensor.Uint8, 60000, 28, 28)
	R, All, From := tensor.R, tensor.All, tensor.From

	mySlice := trainImages.Slice(R(10, 100)) // train_images[10:100]
	fmt.Println(mySlice.Shape())
	mySlice = trainImages.Slice(R(10, 100), All(), All()) // train_images[10:100, :, :]
	fmt.Println(mySlice.Shape())
	mySlice = trainImages.Slice(R(10, 100), R(0, 28), R(0, 28)) // train_images[10:100, 0:28, 0:28]
	fmt.Println(mySlice.Shape())
	mySlice = trainImages.Slice(All(), From(14), From(14)) // train_images[:, 14:, 14:]
	fmt.Println(mySlice.Shape())
	mySlice = trainImages.Slice(All(), R(7, -7), R(7, -7)) // train_images[:, 7:-7, 7:-7]
	fmt.Println(mySlice.Shape())
	// Output:
	// (90, 28, 28)
	// (90, 28, 28)
	// (90, 28, 28)
	// (60000, 14, 14)
	// (60000, 14, 14)
}

// The book's section 2.2.8, data batches: batch = train_images[128 * n:128 * (n + 1)].
func ExampleTensor_Slice_batch() {
	trainImages := tensor.Zeros(tensor.Uint8, 60000, 28, 28)
	n := 3
	batch := trainImages.Slice(tensor.R(128*n, 128*(n+1)))
	fmt.Println(batch.Shape())
	// Output:
	// (128, 28, 28)
}

// A slice shares its storage: setting an element of the view sets it in the original.
func ExampleTensor_Slice_view() {
	x := tensor.Arange(tensor.Int64, 6).Reshape(2, 3)
	corner := x.Slice(tensor.From(1), tensor.From(1)) // x[1:, 1:]
	corner.Set(40, 0, 0)
	fmt.Println(corner)
	fmt.Println(x)
	// Output:
	// [[40  5]]
	// [[ 0  1  2]
	//  [ 3 40  5]]
}

// The book's digit = train_images[4]: Index removes the first axis.
func ExampleTensor_Index() {
	trainImages := tensor.Zeros(tensor.Uint8, 60000, 28, 28)
	digit := trainImages.Index(4)
	fmt.Println(digit.Shape())
	fmt.Println(trainImages.Index(-1).Shape()) // train_images[-1]
	// Output:
	// (28, 28)
	// (28, 28)
}

// The book's section 2.3.4, tensor reshaping.
func ExampleTensor_Reshape() {
	x := tensor.MustArray([][]float64{{0, 1}, {2, 3}, {4, 5}})
	fmt.Println(x.Shape())
	fmt.Println(x.Reshape(6, 1))
	fmt.Println(x.Reshape(2, 3))
	fmt.Println(x.Reshape(-1).Shape()) // -1 is inferred
	// Output:
	// (3, 2)
	// [[0.]
	//  [1.]
	//  [2.]
	//  [3.]
	//  [4.]
	//  [5.]]
	// [[0. 1. 2.]
	//  [3. 4. 5.]]
	// (6,)
}

// The book's transposition: x = np.zeros((300, 20)); x = np.transpose(x).
func ExampleTensor_Transpose() {
	x := tensor.Zeros(tensor.Float64, 300, 20)
	x = x.Transpose()
	fmt.Println(x.Shape())
	y := tensor.MustArray([][]int{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(y.T())
	// Output:
	// (20, 300)
	// [[1 4]
	//  [2 5]
	//  [3 6]]
}

// The book's walk-through of broadcasting (section 2.3.2), done by hand: add an axis to y, then
// repeat it along that axis until it has x's shape.
func ExampleTensor_ExpandDims() {
	r := tensor.NewRand(0)
	x := tensor.RandomUniform(r, tensor.Float64, 0, 1, 32, 10)
	y := tensor.RandomUniform(r, tensor.Float64, 0, 1, 10)
	Y := y.ExpandDims(0) // np.expand_dims(y, axis=0)
	fmt.Println(Y.Shape())
	Y = tensor.Concatenate(0, repeat(Y, 32)...) // np.concatenate([Y] * 32, axis=0)
	fmt.Println(Y.Shape())
	fmt.Println(tensor.AllClose(x.Add(Y), x.Add(y), 0, 0)) // what broadcasting does
	// Output:
	// (1, 10)
	// (32, 10)
	// true
}

// repeat returns n copies of t, as Python's [t] * n.
func repeat(t *tensor.Tensor, n int) []*tensor.Tensor {
	ts := make([]*tensor.Tensor, n)
	for i := range ts {
		ts[i] = t
	}
	return ts
}

// The same walk-through with the (32, 10) y of the book's later example.
func ExampleConcatenate() {
	y := tensor.Zeros(tensor.Float32, 32, 10)
	Y := y.ExpandDims(0)
	fmt.Println(Y.Shape())
	Y = tensor.Concatenate(0, repeat(Y, 32)...)
	fmt.Println(Y.Shape())
	fmt.Println(tensor.Concatenate(1, y, y).Shape()) // along another axis
	// Output:
	// (1, 32, 10)
	// (32, 32, 10)
	// (32, 20)
}

// BroadcastTo repeats without copying: the view has stride 0 along the new axes.
func ExampleTensor_BroadcastTo() {
	y := tensor.MustArray([]int{1, 2, 3})
	fmt.Println(y.BroadcastTo(2, 3))
	// Output:
	// [[1 2 3]
	//  [1 2 3]]
}

// AsType converts element types, as the book's train_images.astype("float32").
func ExampleTensor_AsType() {
	pixels := tensor.MustArray([]uint8{0, 128, 255})
	f := pixels.AsType(tensor.Float32)
	fmt.Println(f.DType(), f)
	back := tensor.MustArray([]float64{-1.7, 2.9, 256}).AsType(tensor.Uint8)
	fmt.Println(back.Repr()) // truncation, then wrap-around modulo 256
	// Output:
	// float32 [  0. 128. 255.]
	// array([255,   2,   0], dtype=uint8)
}

// Stack joins same-shaped tensors along a new axis, as np.stack.
func ExampleStack() {
	a := tensor.MustArray([]int{1, 2})
	b := tensor.MustArray([]int{3, 4})
	fmt.Println(tensor.Stack(0, a, b))
	fmt.Println(tensor.Stack(1, a, b))
	// Output:
	// [[1 2]
	//  [3 4]]
	// [[1 3]
	//  [2 4]]
}

// Squeeze drops axes of size 1, as np.squeeze; ExpandDims adds them.
func ExampleTensor_Squeeze() {
	x := tensor.Zeros(tensor.Uint8, 1, 28, 28, 1)
	fmt.Println(x.Squeeze().Shape(), x.Squeeze(0).Shape())
	// Output:
	// (28, 28) (28, 28, 1)
}

// Clone gives a view its own storage; changing the clone leaves the original alone.
func ExampleTensor_Clone() {
	x := tensor.MustArray([]int{1, 2, 3})
	c := x.Slice(tensor.From(1)).Clone()
	c.Set(20, 0)
	fmt.Println(x, c)
	// Output:
	// [1 2 3] [20  3]
}

// A Range prints in NumPy's slice syntax.
func ExampleRange_String() {
	fmt.Println(tensor.R(10, 100), tensor.From(14), tensor.To(-7), tensor.All())
	// Output:
	// 10:100 14: :-7 :
}
