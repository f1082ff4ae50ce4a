package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// Random is np.random.random: a shape in, uniform numbers in [0, 1) out.
func ExampleRandom() {
	tensor.Seed(0)
	x := tensor.Random(20, 100)
	fmt.Println(x.Shape(), x.DType())
	fmt.Println("all in [0, 1):", x.Min().Item() >= 0 && x.Max().Item() < 1)
	tensor.Seed(0)
	fmt.Println("same numbers after Seed(0):", tensor.AllClose(x, tensor.Random(20, 100), 0, 0))
	// Output:
	// (20, 100) float64
	// all in [0, 1): true
	// same numbers after Seed(0): true
}

func ExampleRandomNormalOf() {
	tensor.Seed(1)
	x := tensor.RandomNormalOf(2, 0.5, 100000)
	fmt.Printf("mean %.2f, std %.2f\n", x.Mean().Item(), x.SubScalar(x.Mean().Item()).Square().Mean().Sqrt().Item())
	// Output:
	// mean 2.00, std 0.50
}

// Tile is np.tile: the book's broadcasting example repeats a row 32 times.
func ExampleTensor_Tile() {
	y := tensor.MustArray([]float64{1, 2, 3})
	fmt.Println(y.Tile(2, 1))
	fmt.Println(y.Tile(2))
	fmt.Println(tensor.MustArray([][]int{{1, 2}, {3, 4}}).Tile(2, 2))
	// Output:
	// [[1. 2. 3.]
	//  [1. 2. 3.]]
	// [1. 2. 3. 1. 2. 3.]
	// [[1 2 1 2]
	//  [3 4 3 4]
	//  [1 2 1 2]
	//  [3 4 3 4]]
}
