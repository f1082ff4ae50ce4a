package nn_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// A Dense layer computes relu(dot(x, kernel) + bias). Here the weights are set by hand to show
// the formula: x·kernel = [1+0+3, -1+4+0] = [4, 3]; + bias = [4.5, -7]; relu = [4.5, 0].
func ExampleDense() {
	d := &nn.Dense{Units: 2, Activation: nn.ReLU}
	if err := d.Build(tensor.Shape{3}, tensor.NewRand(0)); err != nil {
		panic(err)
	}
	fmt.Println("kernel", d.Kernel.Value.Shape(), "bias", d.Bias.Value.Shape())
	d.Kernel.Assign(tensor.MustArray([][]float32{{1, -1}, {0, 2}, {1, 0}}))
	d.Bias.Assign(tensor.MustArray([]float32{0.5, -10}))

	tp := autodiff.NewTape()
	y := d.Call(tp, tp.Constant(tensor.MustArray([][]float32{{1, 2, 3}})))
	fmt.Println(y.Value)
	// Output:
	// kernel (3, 2) bias (2,)
	// [[4.5 0. ]]
}

// The chapter's model (2nd edition): 784 inputs → 512 relu units → 10 softmax units.
// 784*512 + 512 = 401,920 and 512*10 + 10 = 5,130 parameters.
func ExampleSequential_Summary() {
	model := nn.NewSequential(
		&nn.Dense{Units: 512, Activation: nn.ReLU},
		&nn.Dense{Units: 10, Activation: nn.Softmax},
	)
	model.MustBuild(28 * 28) // Keras's model.build((None, 784))
	fmt.Println(model.Summary())
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  dense (Dense)               (None, 512)               401,920
	// _________________________________________________________________
	//  dense_1 (Dense)             (None, 10)                5,130
	// =================================================================
	// Total params: 407,050
	// Trainable params: 407,050
	// Non-trainable params: 0
	// _________________________________________________________________
}

// The 1st edition builds the same model with model.add and declares the input shape on the
// first layer, so the model is built at once.
func ExampleSequential_Add() {
	model := &nn.Sequential{}
	model.Add(&nn.Dense{Units: 512, Activation: nn.ReLU, InputShape: []int{28 * 28}})
	model.Add(&nn.Dense{Units: 10, Activation: nn.Softmax})
	fmt.Println(model.CountParams(), "parameters") // counting builds nothing: Summary, Compile or Fit do
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.CategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	fmt.Println(model.CountParams(), "parameters, input", model.InputShape(), "output", model.OutputShape())
	// Output:
	// 0 parameters
	// 407050 parameters, input (784,) output (10,)
}

// Compile takes typed values: a misspelt optimizer, loss or metric does not compile.
func ExampleSequential_Compile() {
	model := nn.NewSequential(&nn.Dense{Units: 10, Activation: nn.Softmax})
	err := model.Compile(nn.CompileConfig{
		Optimizer: &nn.RMSprop{},
		Loss:      nn.SparseCategoricalCrossentropy{},
		Metrics:   []nn.Metric{nn.Accuracy{}},
	})
	fmt.Printf("%v: %T, %T, %T\n", err, model.Optimizer(), model.Loss(), model.Metrics()[0])

	err = model.Compile(nn.CompileConfig{Optimizer: &nn.SGD{LearningRate: 0.1, Momentum: 0.9},
		Loss: nn.CategoricalCrossentropy{}})
	sgd := model.Optimizer().(*nn.SGD)
	fmt.Printf("%v: SGD learning rate %v, momentum %v\n", err, sgd.LearningRate, sgd.Momentum)

	err = model.Compile(nn.CompileConfig{Loss: nil})
	fmt.Println(err)
	// Output:
	// <nil>: *nn.RMSprop, nn.SparseCategoricalCrossentropy, nn.Accuracy
	// <nil>: SGD learning rate 0.1, momentum 0.9
	// nn.Compile: a loss is required, e.g. Loss: nn.SparseCategoricalCrossentropy{}
}

// Where a name is the natural input (a configuration file, a saved model's header), the registry
// turns Keras's names into typed values; an unknown name is an error listing the known ones.
func ExampleOptimizerByName() {
	opt, err := nn.OptimizerByName("rmsprop")
	fmt.Printf("%T %v\n", opt, err)
	loss, _ := nn.LossByName("sparse_categorical_crossentropy")
	metric, _ := nn.MetricByName("accuracy")
	act, _ := nn.ActivationByName("relu")
	fmt.Printf("%T %T %v\n", loss, metric, act == nn.ReLU)
	_, err = nn.LossByName("mean_squard_error")
	fmt.Println(err)
	// Output:
	// *nn.RMSprop <nil>
	// nn.SparseCategoricalCrossentropy nn.Accuracy true
	// unknown loss "mean_squard_error"; known: "categorical_crossentropy", "sparse_categorical_crossentropy"
}

// swishExample is registered once, at package initialisation (a second registration of a name
// panics).
var swishExample = nn.RegisterActivation("swish_example", func(x *autodiff.Node) *autodiff.Node { return x.Mul(x.Sigmoid()) })

// RegisterActivation adds an activation; a model using it saves and loads it by its name.
func ExampleRegisterActivation() {
	model := nn.NewSequential(&nn.Dense{Units: 2, Activation: swishExample, InputShape: []int{2}})
	fmt.Println(swishExample, model.Layers[0].(*nn.Dense).Activation == swishExample)
	// Output:
	// swish_example true
}

// ToCategorical one-hot encodes labels, as the 1st edition's to_categorical(train_labels).
func ExampleToCategorical() {
	labels := tensor.FromSlice([]uint8{5, 0, 4, 1})
	y, err := nn.ToCategorical(labels, 0) // 0: as many classes as the largest label + 1
	fmt.Println(y.Info(), err)
	fmt.Println(y)
	// Output:
	// Tensor(shape=(4, 6), dtype=float32) <nil>
	// [[0. 0. 0. 0. 0. 1.]
	//  [1. 0. 0. 0. 0. 0.]
	//  [0. 0. 0. 0. 1. 0.]
	//  [0. 1. 0. 0. 0. 0.]]
}

// One step of plain SGD: w = w - 0.01*g.
func ExampleSGD() {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
	g := tensor.FromSlice([]float32{0.5, 0.25})
	(&nn.SGD{}).Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
	fmt.Println(w.Value) // 1 - 0.005, -2 - 0.0025
	// Output:
	// [ 0.995  -2.0025]
}

// One step of RMSprop with Keras's defaults: v = 0.1*g², w = w - 1e-3*g/sqrt(v + 1e-7), which is
// about w - 1e-3*sign(g)/sqrt(0.1) on the first step.
func ExampleRMSprop() {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
	g := tensor.FromSlice([]float32{0.5, 0.25})
	(&nn.RMSprop{}).Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
	fmt.Println(w.Value)
	// Output:
	// [ 0.99683774 -2.0031621 ]
}

// Adam's first step with the defaults moves each weight by about the learning rate, whatever the
// size of its gradient: m/sqrt(v) = g/|g| after bias correction.
func ExampleAdam() {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
	g := tensor.FromSlice([]float32{0.5, 0.25})
	opt := &nn.Adam{}
	opt.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
	fmt.Println(w.Value, opt.Iterations())
	// Output:
	// [ 0.999 -2.001] 1
}

// separable returns n points of 2 features in three well separated clusters and their classes.
func separable(n int, seed uint64) (x, y *tensor.Tensor) {
	r := rand.New(rand.NewPCG(seed, 1))
	centres := [3][2]float64{{-2, 0}, {2, 0}, {0, 3}}
	xs, ys := make([]float32, 2*n), make([]uint8, n)
	for i := range n {
		c := r.IntN(3)
		ys[i] = uint8(c)
		xs[2*i] = float32(centres[c][0] + 0.5*r.NormFloat64())
		xs[2*i+1] = float32(centres[c][1] + 0.5*r.NormFloat64())
	}
	return tensor.FromSlice(xs, n, 2), tensor.FromSlice(ys, n)
}

// A tiny Fit on three separable clusters: the loss falls and the accuracy reaches 1.
func ExampleSequential_Fit() {
	x, y := separable(600, 1)
	model := nn.NewSequential(
		&nn.Dense{Units: 16, Activation: nn.ReLU},
		&nn.Dense{Units: 3, Activation: nn.Softmax},
	)
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{LearningRate: 0.01},
		Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	h, err := model.Fit(x, y, nn.FitConfig{Epochs: 5, BatchSize: 32, ValidationSplit: 0.2, Silent: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(h.Epoch), "epochs of", h.StepsPerEpoch, "steps;", len(h.BatchLoss), "batch losses")
	fmt.Println(h.Keys())
	for e := range h.Epoch {
		fmt.Printf("epoch %d: loss %.2f - accuracy %.2f - val_loss %.2f - val_accuracy %.2f\n",
			e+1, h.Loss()[e], h.Accuracy()[e], h.ValLoss()[e], h.ValAccuracy()[e])
	}

	ev := model.MustEvaluate(separable(300, 2))
	fmt.Printf("test accuracy %.2f\n", ev.Accuracy())
	// Output:
	// 5 epochs of 15 steps; 75 batch losses
	// [loss accuracy val_loss val_accuracy]
	// epoch 1: loss 0.55 - accuracy 0.88 - val_loss 0.23 - val_accuracy 1.00
	// epoch 2: loss 0.13 - accuracy 1.00 - val_loss 0.06 - val_accuracy 1.00
	// epoch 3: loss 0.04 - accuracy 1.00 - val_loss 0.02 - val_accuracy 1.00
	// epoch 4: loss 0.01 - accuracy 1.00 - val_loss 0.01 - val_accuracy 1.00
	// epoch 5: loss 0.01 - accuracy 1.00 - val_loss 0.00 - val_accuracy 1.00
	// test accuracy 1.00
}

// A CallbackFuncs follows training: here it counts the batches of each epoch.
func ExampleCallbackFuncs() {
	x, y := separable(100, 1)
	model := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}})
	batches := 0
	cb := nn.CallbackFuncs{
		TrainBegin: func(info nn.TrainInfo) {
			fmt.Println(info.Epochs, "epochs,", info.StepsPerEpoch, "steps,", info.Samples, "samples,", info.Metrics)
		},
		BatchEnd: func(epoch, batch int, logs nn.Logs) { batches++ },
		EpochEnd: func(epoch int, logs nn.Logs) {
			fmt.Printf("epoch %d: %d batches\n", epoch+1, batches)
			batches = 0
		},
	}
	model.MustFit(x, y, nn.FitConfig{Epochs: 2, BatchSize: 40, Silent: true, Callbacks: []nn.Callback{cb}})
	// Output:
	// 2 epochs, 3 steps, 100 samples, [loss]
	// epoch 1: 3 batches
	// epoch 2: 3 batches
}

// Predict returns class probabilities; their argmax is the predicted class.
func ExampleSequential_Predict() {
	x, y := separable(300, 1)
	model := nn.NewSequential(&nn.Dense{Units: 8, Activation: nn.ReLU}, &nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{LearningRate: 0.01}, Loss: nn.SparseCategoricalCrossentropy{}})
	model.MustFit(x, y, nn.FitConfig{Epochs: 5, Silent: true})

	centres := tensor.MustArray([][]float32{{-2, 0}, {2, 0}, {0, 3}})
	p := model.MustPredict(centres)
	fmt.Println(p.Info())
	fmt.Println("classes:", p.ArgMax(1))
	fmt.Printf("row sums: %.4f\n", p.Sum(1).Float64s())
	// Output:
	// Tensor(shape=(3, 3), dtype=float32)
	// classes: [0 1 2]
	// row sums: [1.0000 1.0000 1.0000]
}

// Save and LoadModel round-trip a model: the loaded model predicts the same values, bit for bit,
// and is compiled again.
func ExampleLoadModel() {
	model := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax, InputShape: []int{2}})
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.Adam{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})

	dir, err := os.MkdirTemp("", "nn-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.nnb")
	if err := model.Save(path); err != nil {
		panic(err)
	}
	loaded, err := nn.LoadModel(path)
	if err != nil {
		panic(err)
	}
	x := tensor.MustArray([][]float32{{1, 2}, {-3, 0.5}})
	fmt.Println(reflect.DeepEqual(model.MustPredict(x).Float32s(), loaded.MustPredict(x).Float32s()))
	fmt.Printf("%s: %d params, optimizer %T\n", loaded.Layers[0].LayerName(), loaded.CountParams(), loaded.Optimizer())
	// Output:
	// true
	// dense: 9 params, optimizer *nn.Adam
}

// MustSave and MustLoadModel are Save and LoadModel for notebook cells. A file whose header
// claims more weights than it holds is an error, never an out-of-memory crash.
func ExampleSequential_MustSave() {
	dir, err := os.MkdirTemp("", "nn-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.nnb")

	model := nn.NewSequential(&nn.Dense{Units: 4, Activation: nn.ReLU, InputShape: []int{3}}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	model.MustSave(path)
	m2 := nn.MustLoadModel(path)
	fmt.Println(m2.CountParams(), m2.Layers[1].(*nn.Dense).Activation)

	huge := `{"format":"nnbook.Sequential","input_shape":[784],"layers":[{"class_name":"Dense",` +
		`"config":{"name":"dense","units":1073741824}}],"weights":[{"name":"dense/kernel","shape":[784,1073741824]},` +
		`{"name":"dense/bias","shape":[1073741824]}]}`
	file := append([]byte("NNBOOK-MODEL-v1\n"), byte(len(huge)), byte(len(huge)>>8), 0, 0)
	_, err = nn.ReadModel(bytes.NewReader(append(file, huge...)))
	fmt.Println(err)
	// Output:
	// 26 softmax
	// weight "dense/kernel" has shape [784 1073741824], more than the 0 bytes left in the file
}

// wideSGD is an optimizer defined outside the package: SGD with a doubled step.
type wideSGD struct {
	LearningRate float64 `json:"learning_rate"`
}

func (o *wideSGD) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	(&nn.SGD{LearningRate: 2 * o.LearningRate}).Apply(vars, grads)
}

// Registration happens once per program, at package initialisation.
func init() { nn.RegisterOptimizer("WideSGD", "wide_sgd", &wideSGD{}) }

// RegisterOptimizer adds an optimizer to the registry that Save, LoadModel and OptimizerByName
// share: a model compiled with it saves its name and settings and loads compiled again.
func ExampleRegisterOptimizer() {
	opt, _ := nn.OptimizerByName("wide_sgd")
	fmt.Printf("%T\n", opt)

	model := nn.NewSequential(&nn.Dense{Units: 2, InputShape: []int{2}})
	model.MustCompile(nn.CompileConfig{Optimizer: &wideSGD{LearningRate: 0.5}, Loss: nn.CategoricalCrossentropy{}})
	var buf bytes.Buffer
	if _, err := model.WriteTo(&buf); err != nil {
		panic(err)
	}
	loaded, err := nn.ReadModel(&buf)
	fmt.Printf("%#v %v\n", loaded.Optimizer(), err)
	// Output:
	// *nn_test.wideSGD
	// &nn_test.wideSGD{LearningRate:0.5} <nil>
}

// WeightShapes gives the shapes Build would create, without allocating them.
func ExampleDense_WeightShapes() {
	d := &nn.Dense{Units: 512}
	shapes, err := d.WeightShapes(tensor.Shape{784})
	fmt.Println(shapes, err, d.Built())
	// Output:
	// [(784, 512) (512,)] <nil> false
}

// Losses and metrics are written as Keras writes them: four decimals, or four significant
// digits in e-notation below 1e-3, where four decimals would show 0.0000.
func ExampleFormatLogValue() {
	fmt.Println(nn.FormatLogValue(0.0379))
	fmt.Println(nn.FormatLogValue(0.000042))
	fmt.Println(nn.FormatLogValue(0))
	// Output:
	// 0.0379
	// 4.2000e-05
	// 0.0000
}
