package tensor_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// A long vector prints its first and last three elements, as NumPy prints MNIST's train_labels.
func ExampleTensor_String() {
	labels := tensor.Zeros(tensor.Uint8, 60000)
	for i, v := range []float64{5, 0, 4} {
		labels.Set(v, i)
	}
	for i, v := range []float64{5, 6, 8} {
		labels.Set(v, -3+i)
	}
	fmt.Println(labels)
	fmt.Println(labels.Repr())
	// Output:
	// [5 0 4 ... 5 6 8]
	// array([5, 0, 4, ..., 5, 6, 8], dtype=uint8)
}

// Floats print as NumPy prints them: the points aligned, trailing zeros dropped, at most 8 digits,
// and scientific notation when magnitudes differ too much.
func ExampleTensor_String_floats() {
	fmt.Println(tensor.MustArray([]float64{12, 3, 6, 14, 7}))
	fmt.Println(tensor.MustArray([]float64{0.5, 12.25}))
	fmt.Println(tensor.MustArray([]float64{1.0 / 3, 2}))
	fmt.Println(tensor.MustArray([]float64{1e-5, 1}))
	fmt.Println(tensor.MustArray(0.5))
	// Output:
	// [12.  3.  6. 14.  7.]
	// [ 0.5  12.25]
	// [0.33333333 2.        ]
	// [1.e-05 1.e+00]
	// 0.5
}

// A large 2-D tensor is summarised along both axes.
func ExampleTensor_String_summary() {
	x := tensor.Arange(tensor.Int64, 2000).Reshape(100, 20)
	fmt.Println(x)
	// Output:
	// [[   0    1    2 ...   17   18   19]
	//  [  20   21   22 ...   37   38   39]
	//  [  40   41   42 ...   57   58   59]
	//  ...
	//  [1940 1941 1942 ... 1957 1958 1959]
	//  [1960 1961 1962 ... 1977 1978 1979]
	//  [1980 1981 1982 ... 1997 1998 1999]]
}

// Repr shows the dtype when it is not the default of its kind, as NumPy's repr.
func ExampleTensor_Repr() {
	fmt.Println(tensor.MustArray([][]float32{{0, 1}, {2, 3}}).Repr())
	fmt.Println(tensor.MustArray([]float64{0.5, 1}).Repr())
	fmt.Println(tensor.MustArray(12).Repr())
	// Output:
	// array([[0., 1.],
	//        [2., 3.]], dtype=float32)
	// array([0.5, 1. ])
	// array(12)
}

// A shape prints as a Python tuple.
func ExampleShape_String() {
	fmt.Println(tensor.Shape{60000, 28, 28}, tensor.Shape{5}, tensor.Shape{})
	// Output:
	// (60000, 28, 28) (5,) ()
}

func ExampleTensor_Info() {
	fmt.Println(tensor.Zeros(tensor.Uint8, 60000, 28, 28).Info())
	// Output:
	// Tensor(shape=(60000, 28, 28), dtype=uint8)
}
