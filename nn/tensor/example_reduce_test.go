package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// Sum over all elements, or along an axis, which disappears from the shape.
func ExampleTensor_Sum() {
	x := tensor.MustArray([][]int{{0, 1, 2}, {3, 4, 5}})
	fmt.Println(x.Sum())   // np.sum(x)
	fmt.Println(x.Sum(0))  // np.sum(x, axis=0)
	fmt.Println(x.Sum(-1)) // np.sum(x, axis=-1)
	// Output:
	// 15
	// [3 5 7]
	// [ 3 12]
}

func ExampleTensor_Mean() {
	x := tensor.MustArray([][]float32{{0, 1, 2}, {3, 4, 5}})
	fmt.Println(x.Mean())
	fmt.Println(x.Mean(0).Repr())
	// Output:
	// 2.5
	// array([1.5, 2.5, 3.5], dtype=float32)
}

func ExampleTensor_Max() {
	x := tensor.MustArray([][]int{{0, 7, 2}, {3, 4, 5}})
	fmt.Println(x.Max(), x.Max(0), x.Min(1))
	// Output:
	// 7 [3 7 5] [0 3]
}

// ArgMax turns a batch of class scores into predicted classes, as np.argmax(predictions, axis=1).
func ExampleTensor_ArgMax() {
	scores := tensor.MustArray([][]float32{
		{0.1, 0.7, 0.2},
		{0.5, 0.3, 0.2},
		{0.2, 0.2, 0.6},
	})
	fmt.Println(scores.ArgMax(1).Repr())
	// Output:
	// array([1, 0, 2])
}

// SumTo undoes broadcasting for gradients: a (3,) bias added to a (2, 3) batch gets the batch's
// gradient summed over the batch axis.
func ExampleTensor_SumTo() {
	grad := tensor.MustArray([][]float64{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(grad.SumTo(3))
	fmt.Println(grad.SumTo(1, 3))
	fmt.Println(grad.SumTo(2, 1))
	// Output:
	// [5. 7. 9.]
	// [[5. 7. 9.]]
	// [[ 6.]
	//  [15.]]
}
