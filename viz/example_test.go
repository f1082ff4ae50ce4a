package viz_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
	"github.com/nnbook/nnbook/viz"
)

// The book's listing 2.8: display the fifth digit of the training set. Outside a notebook
// Show writes the PNG under viz.OutputDir and prints its path; in GoNB it shows it inline.
func ExampleDigit() {
	trainImages, trainLabels, _, _ := mnist.MustLoadData()
	digit := trainImages.Index(4)
	fmt.Println("train_labels[4] =", trainLabels.At(4))
	viz.MustShow(viz.Digit(digit, "train_images[4]"))
	// Output:
	// train_labels[4] = 9
	// saved nnbook-plots/digit.png
}

// Bad data is an error naming the problem: here the whole batch instead of one image.
func ExampleDigit_error() {
	trainImages, _, _, _ := mnist.MustLoadData()
	_, err := viz.Digit(trainImages, "")
	fmt.Println(err)
	// Output:
	// viz.Digit: want one image of shape (height, width) such as (28, 28), or a flattened square row such as (784,); got shape (60000, 28, 28) (index one image first, e.g. trainImages.Index(4))
}

// The first 16 test digits with their labels.
func ExampleDigits() {
	_, _, testImages, testLabels := mnist.MustLoadData()
	fig, err := viz.Digits(testImages.Slice(tensor.To(16)), testLabels.Slice(tensor.To(16)), nil)
	if err != nil {
		panic(err)
	}
	fig.MustShow()
	// Output:
	// saved nnbook-plots/digits.png
}

// With predictions, every digit shows the prediction made on it ("true 2, pred 2"), and
// misclassified digits get a red frame and the red title "true 5, pred 3".
// Here the predictions are the labels with two mistakes made on purpose.
func ExampleDigits_predictions() {
	_, _, testImages, testLabels := mnist.MustLoadData()
	labels := testLabels.Slice(tensor.To(8))
	predictions := labels.AsType(tensor.Int64)
	predictions.Set(6, 0) // test_labels[0] is 7
	predictions.Set(8, 5) // test_labels[5] is 1
	fig, err := viz.Digits(testImages.Slice(tensor.To(8)), labels, predictions)
	if err != nil {
		panic(err)
	}
	fig.Name = "digits_predictions"
	fig.MustShow()
	// Output:
	// saved nnbook-plots/digits_predictions.png
}

// The History a Fit returns, plotted as the book's figures 4.4 and 4.5. The values here are
// those of a 5-epoch MNIST run, typed in.
func ExampleHistory() {
	h := nn.NewHistory()
	h.Epoch = []int{0, 1, 2, 3, 4}
	h.History["loss"] = []float64{0.2577, 0.1036, 0.0685, 0.0492, 0.0371}
	h.History["accuracy"] = []float64{0.9245, 0.9692, 0.9795, 0.9848, 0.9893}
	h.History["val_loss"] = []float64{0.1304, 0.0962, 0.0801, 0.0768, 0.0781}
	h.History["val_accuracy"] = []float64{0.9611, 0.9712, 0.9756, 0.9771, 0.9779}
	viz.MustShow(viz.History(h))
	// Output:
	// saved nnbook-plots/history.png
}

// An empty History is an error.
func ExampleHistory_error() {
	_, err := viz.History(nn.NewHistory())
	fmt.Println(err)
	// Output:
	// viz.History: empty history: no epoch and no batch loss recorded
}

// clusters returns n points of 2 features in 3 separable clusters and their labels.
func clusters(n int) (x, y *tensor.Tensor) {
	r := rand.New(rand.NewPCG(1, 1))
	centres := [3][2]float64{{-2, 0}, {2, 0}, {0, 2.5}}
	xs, ys := make([]float32, 2*n), make([]int64, n)
	for i := range n {
		c := i % 3
		ys[i] = int64(c)
		xs[2*i] = float32(centres[c][0] + 0.6*r.NormFloat64())
		xs[2*i+1] = float32(centres[c][1] + 0.6*r.NormFloat64())
	}
	return tensor.FromSlice(xs, n, 2), tensor.FromSlice(ys, n)
}

// A LiveLoss follows Fit: in GoNB it redraws the loss curve in place while training runs and
// keeps the final frame; outside a notebook it saves the final frame when training ends.
func ExampleLiveLoss() {
	x, y := clusters(600)
	model := nn.NewSequential(&nn.Dense{Units: 16, Activation: nn.ReLU}, &nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}})
	_, err := model.Fit(x, y, nn.FitConfig{Epochs: 5, BatchSize: 32, ValidationSplit: 0.2, Silent: true,
		Callbacks: []nn.Callback{viz.NewLiveLoss()}})
	if err != nil {
		panic(err)
	}
	// Output:
	// saved nnbook-plots/live_loss.png
}

// Figures 2.13 and 2.14: momentum carries gradient descent over the bump into the global
// minimum, plain SGD stays in the local one. The paths are computed, as this check shows.
func ExampleGradientDescent() {
	grad := func(w []float64) []float64 { return []float64{viz.LocalGlobalGradient(w[0])} }
	for _, momentum := range []float64{0, viz.DescentMomentum} {
		path := viz.MomentumPath(grad, []float64{viz.DescentStart}, viz.DescentLearningRate, momentum, viz.DescentSteps)
		w := path[len(path)-1][0]
		fmt.Printf("momentum %.1f: w = %.2f, loss %.2f\n", momentum, w, viz.LocalGlobalLoss(w))
	}
	viz.GradientDescent().MustShow()
	// Output:
	// momentum 0.0: w = -0.93, loss -0.52
	// momentum 0.9: w = 1.07, loss -1.51
	// saved nnbook-plots/gradient_descent.png
}

// The same descent on a 2-D loss surface, over its contour lines.
func ExampleGradientDescent2D() {
	viz.GradientDescent2D().MustShow()
	// Output:
	// saved nnbook-plots/gradient_descent_2d.png
}

// Section 2.3.6: translation, rotation, scaling, linear and affine maps and relu, seen on a
// set of 2-D points.
func ExampleTensorGeometry() {
	viz.TensorGeometry().MustShow()
	// Output:
	// saved nnbook-plots/tensor_geometry.png
}

// The first layer's kernel, (784, 512), as 512 images of 28×28. A trained model shows strokes;
// this freshly initialised one shows noise.
func ExampleDenseWeights() {
	d := &nn.Dense{Units: 512, Activation: nn.ReLU}
	if err := d.Build(tensor.Shape{784}, tensor.NewRand(0)); err != nil {
		panic(err)
	}
	fmt.Println("kernel", d.Kernel.Value.Shape())
	viz.MustShow(viz.DenseWeights(d.Kernel.Value))
	// Output:
	// kernel (784, 512)
	// saved nnbook-plots/dense_weights.png
}

// Which classes are confused with which: rows are true labels, columns predictions.
func ExampleConfusionMatrix() {
	labels := tensor.MustArray([]int{0, 0, 1, 1, 1, 2, 2, 2, 2, 3})
	predictions := tensor.MustArray([]int{0, 0, 1, 1, 2, 2, 2, 1, 2, 3})
	viz.MustShow(viz.ConfusionMatrix(labels, predictions))
	// Output:
	// saved nnbook-plots/confusion_matrix.png
}

// The gradient tape of the chapter's model drawn as a graph: relu(x·W1 + b1)·W2 + b2, softmax,
// and the loss.
func ExampleGraph() {
	tp := autodiff.NewTape()
	x := tp.Constant(tensor.New(tensor.Float32, 128, 784))
	w1 := tp.Watch(autodiff.NewVariable("W1", tensor.New(tensor.Float32, 784, 512)))
	b1 := tp.Watch(autodiff.NewVariable("b1", tensor.New(tensor.Float32, 512)))
	w2 := tp.Watch(autodiff.NewVariable("W2", tensor.New(tensor.Float32, 512, 10)))
	b2 := tp.Watch(autodiff.NewVariable("b2", tensor.New(tensor.Float32, 10)))
	probs := x.MatMul(w1).BiasAdd(b1).Relu().MatMul(w2).BiasAdd(b2).Softmax()
	autodiff.SparseCategoricalCrossentropy(tensor.New(tensor.Int64, 128), probs)
	fmt.Println(len(tp.Nodes()), "nodes")
	viz.MustShow(viz.Graph(tp))
	// Output:
	// 12 nodes
	// saved nnbook-plots/graph.png
}

// Any gonum plot becomes a Figure, with PNG, SVG, Save and Show. PNG renders without showing.
func ExampleNewFigure() {
	p := plot.New()
	p.Title.Text = "sin"
	fn := plotter.NewFunction(math.Sin)
	fn.XMin, fn.XMax = 0, 2*math.Pi
	p.Add(fn)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 2*math.Pi, -1, 1
	fig := viz.NewFigure("sine", []*plot.Plot{p})
	b, err := fig.PNG()
	if err != nil {
		panic(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println(img.Bounds().Dx(), "x", img.Bounds().Dy(), "pixels") // 6×4 inches at 100 DPI
	// Output:
	// 600 x 400 pixels
}
