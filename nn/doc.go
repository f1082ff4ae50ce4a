// Package nn is the Keras-style API of Deep Learning with Python, chapter 2 ("The mathematical
// building blocks of neural networks"): layers, models, losses, metrics, optimizers, Fit and
// History, written in Go on the autodiff tape of package nn/autodiff.
//
// # The pipeline and where each stage lives
//
// The chapter's first example, 2.1 "A first look at a neural network", goes through every stage
// of training a network; each stage has one home in this module:
//
//   - dataset: nn/datasets/mnist loads MNIST as keras.datasets.mnist.load_data() does
//     (mnist.LoadData: uint8 images (60000, 28, 28) and labels (60000,)).
//   - tensor: nn/tensor is the NumPy of the book (2.2 "Data representations for neural
//     networks", 2.3 "The gears of neural networks: tensor operations"): reshape the images to
//     (60000, 784) and scale them to [0, 1] with Reshape and DivScalar(255).
//   - layers: this package. Dense (2.1, 2.3) is output = activation(dot(input, kernel) + bias);
//     Sequential stacks layers (NewSequential, the 2nd edition's keras.Sequential([...]), or Add,
//     the 1st edition's model.add) and prints Keras's Summary table.
//   - loss: this package. SparseCategoricalCrossentropy and CategoricalCrossentropy (2.1 "The
//     compilation step"), given to Compile as typed values; one registry (OptimizerByName,
//     LossByName, MetricByName, ActivationByName, RegisterLayer) maps Keras's names to them for
//     Save, LoadModel and any input where a name is natural.
//   - gradients: nn/autodiff (2.4 "The engine of neural networks: gradient-based optimization",
//     2.4.4 "Chaining derivatives: the backpropagation algorithm" and its gradient tape). Each
//     training step records the forward pass on a tape and asks it for the gradient of the loss
//     with respect to every weight.
//   - optimizer: this package. SGD, RMSprop, Adam and AdamW (2.4.3 "Stochastic gradient descent") update
//     the weights in place, with Keras 3's formulas and defaults.
//   - history: this package. Fit (2.1, and 2.5 "Looking back at our first example", whose 2.5.3
//     writes the full training loop by hand) returns a History of the loss and metrics per epoch,
//     as Keras's history.history, plus the loss of every batch; Evaluate and Predict use the
//     trained model.
//   - plots: package viz draws the loss curves, digits and tensors as PNG images; package kernel
//     runs the book's notebooks in Jupyter through GoNB. Package nn never imports them: a plot
//     follows training through a Callback, and importing viz changes nothing in nn.
//
// # The chapter's model
//
//	trainImages, trainLabels, testImages, testLabels := mnist.MustLoadData()
//	x := trainImages.Reshape(60000, 28*28).AsType(tensor.Float32).DivScalar(255) // the book's astype("float32") / 255
//	model := nn.NewSequential(
//		&nn.Dense{Units: 512, Activation: nn.ReLU},
//		&nn.Dense{Units: 10, Activation: nn.Softmax},
//	)
//	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{},
//		Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
//	history := model.MustFit(x, trainLabels, nn.FitConfig{Epochs: 5, BatchSize: 128})
//	ev := model.MustEvaluate(testImages.Reshape(10000, 28*28).AsType(tensor.Float32).DivScalar(255), testLabels)
//	fmt.Println("test_acc:", ev.Accuracy()) // about 0.98: 0.974-0.983 over seeds 0-39, 0.980 with the default seed 0
//
// # Conventions
//
// Go spelling of Keras's names: Dense{Units, Activation} with Kernel and Bias, RMSprop,
// SparseCategoricalCrossentropy, History. Configuration is a struct literal whose zero fields
// take Keras's defaults, documented on each field (FitConfig{} is one epoch of batches of 32,
// shuffled, with a progress bar; RMSprop{} has learning rate 1e-3, rho 0.9, epsilon 1e-7).
//
// Data errors (bad labels, shapes that do not fit the model, an uncompiled model, a NaN loss, a
// file that is not a model) are returned as errors that name the received values, as Keras's
// "Received: ..." messages. Programmer errors (calling an unbuilt layer, optimizer arguments of
// different shapes) panic naming both shapes. The Must… forms (MustCompile, MustFit,
// MustEvaluate, MustPredict, MustToCategorical, MustSave, MustLoadModel) panic on error, to keep notebook cells short;
// a stop the user asked for is not an error for MustFit, which then returns the History so far,
// so that the rest of an interrupted cell runs and can keep the model. Apart from the progress
// display and two notebook hints on standard error (see below), nn prints nothing.
//
// Training runs in float32. Tensor operations return new tensors; only optimizers (and the
// autodiff variables' Assign methods) change weights in place.
//
// # Reproducibility
//
// A model's initial weights come from its Seed (Sequential.Seed, each layer its own ChaCha8 stream)
// and the batch order from FitConfig.Seed, both 0 by default: the same program gives the same
// weights and the same History, bit for bit, on every run.
//
// # Progress and stopping
//
// Fit reports through Callbacks: its progress display and FitConfig.Callbacks, which see every
// batch and epoch. The progress display is chosen by Fit alone: inside a GoNB notebook, Keras's
// progress text in one HTML block of the cell, redrawn in place and kept when training ends;
// elsewhere ProgbarLogger's text on standard output; nothing with FitConfig.Silent.
//
// Training stops after the current batch, keeping the weights of the last update and returning
// the History so far with an error wrapping ErrInterrupted, when FitContext's context is
// cancelled, when a callback's StopRequested returns true (see StopRequester; a stop button), or,
// for plain Fit, on SIGINT: the signal GoNB sends when a cell is interrupted, turned into a
// cancellation in one place, the module's internal/notebook package.
//
// # Notebooks: values across cells
//
// GoNB runs every cell as a new program: declarations persist, values do not, and every
// top-level var of earlier cells is initialised again. Keep stores a value (a trained model, a
// History, a tensor) under a name in a per-user directory, and Kept brings it back in a later
// cell or notebook:
//
//	nn.Keep("model", model)                      // in the cell that trains it
//	var model = nn.Kept[*nn.Sequential]("model") // in a later cell
//
// Two traps of this cell model get a hint on standard error: a model compiled in a var and
// evaluated in a later cell is a new, untrained one (Evaluate and Predict warn, once per
// process); and an uncompiled one makes the "must be compiled" error say why. Inside a notebook a
// failing Must… call shows its message and the cell's line of code, instead of a goroutine dump.
//
// # Saving
//
// Save and LoadModel write and read a model (a JSON header with the architecture and compile
// configuration, then the float32 weights; see Save). *Sequential implements gob's GobEncoder
// and GobDecoder with the same format, which Keep uses.
package nn
