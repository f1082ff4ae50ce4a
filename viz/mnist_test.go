package viz

import (
	"fmt"
	"testing"

	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
)

// TestMNISTGolden draws real MNIST digits: train_images[4] (a 9, the book's figure 2.2),
// train_images[7] (a 3) and the first 16 test digits with labels and two made-up mistakes.
// It needs the MNIST files (a download through the Go module proxy when not cached), so it is
// skipped in -short mode and when they cannot be loaded.
func TestMNISTGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the MNIST files; skipped in -short mode")
	}
	trainImages, trainLabels, testImages, testLabels, err := mnist.LoadData()
	if err != nil {
		t.Skipf("MNIST not available: %v", err)
	}
	for _, i := range []int{4, 7} {
		f, err := Digit(trainImages.Index(i), fmt.Sprintf("train_images[%d]: label %v", i, trainLabels.At(i)))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, fmt.Sprintf("mnist_train_%d", i), f)
	}
	labels := testLabels.Slice(tensor.To(16))
	pred := labels.AsType(tensor.Int64)
	pred.Set(2, 0) // test_labels[0] is 7
	pred.Set(6, 8) // test_labels[8] is 5
	f, err := Digits(testImages.Slice(tensor.To(16)), labels, pred)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "mnist_test_predictions", f)
	// A flattened row, as after reshape to (60000, 784), is drawn as 28×28.
	if _, err := Digit(trainImages.Index(4).Reshape(784), ""); err != nil {
		t.Errorf("flattened digit: %v", err)
	}
}
