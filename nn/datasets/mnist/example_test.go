package mnist_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/datasets/mnist"
)

// The book's first look at MNIST: shapes, dtypes and a few labels.
func ExampleLoadData() {
	trainImages, trainLabels, testImages, testLabels, err := mnist.LoadData()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(trainImages.Shape(), trainImages.DType())
	fmt.Println(trainLabels.Shape(), trainLabels.DType())
	fmt.Println(testImages.Shape(), testLabels.Shape())
	fmt.Println("train labels start", trainLabels.At(0), trainLabels.At(1), trainLabels.At(2))
	fmt.Println("train labels end", trainLabels.At(-3), trainLabels.At(-2), trainLabels.At(-1))
	fmt.Println("test labels start", testLabels.At(0), testLabels.At(1), testLabels.At(2))
	fmt.Println("train_labels[4] =", trainLabels.At(4), "train_labels[7] =", trainLabels.At(7))
	// Output:
	// (60000, 28, 28) uint8
	// (60000,) uint8
	// (10000, 28, 28) (10000,)
	// train labels start 5 0 4
	// train labels end 5 6 8
	// test labels start 7 2 1
	// train_labels[4] = 9 train_labels[7] = 3
}

// MustLoadData keeps notebook cells short; it panics if MNIST cannot be loaded.
func ExampleMustLoadData() {
	trainImages, _, _, _ := mnist.MustLoadData()
	fmt.Println(trainImages.Info())
	// Output:
	// Tensor(shape=(60000, 28, 28), dtype=uint8)
}

// A Loader configures the cache directory, the mirrors, the timeout and the log.
func ExampleLoader() {
	l := &mnist.Loader{Mirrors: []string{}} // the cache and the Go module proxy only
	_, trainLabels, _, _, err := l.LoadData()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(trainLabels.Size())
	// Output:
	// 60000
}
