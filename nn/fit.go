package nn

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// ErrInterrupted is wrapped by the error Fit returns when an interrupt (SIGINT: Ctrl-C, or GoNB's
// and Jupyter's "interrupt kernel") stops training: test it with errors.Is(err, nn.ErrInterrupted).
var ErrInterrupted = errors.New("training interrupted")

// ErrNonFiniteLoss is wrapped by the error Fit returns when a batch's loss is NaN or infinite.
var ErrNonFiniteLoss = errors.New("loss is not finite")

// Dataset pairs inputs with their targets, as the (x_val, y_val) tuple of Keras's validation_data.
type Dataset struct {
	X, Y *tensor.Tensor
}

// FitConfig is the argument of Fit, as the keyword arguments of Keras's model.fit. Its zero value
// is Keras's defaults: one epoch, batches of 32, shuffled, a progress bar.
type FitConfig struct {
	// Epochs is the number of passes over the training data; 0 means 1.
	Epochs int
	// BatchSize is the number of samples per gradient update; 0 means 32. The book passes 128.
	BatchSize int
	// NoShuffle keeps the samples in order (Keras's shuffle=False); by default the training
	// samples are reshuffled before every epoch.
	NoShuffle bool
	// Seed seeds the shuffling (a ChaCha8 stream keyed by Seed); the default is 0, so two Fits
	// of equal models with equal configs see the same batches. The initial weights are seeded by
	// the model's Seed.
	Seed uint64
	// ValidationSplit in [0, 1) holds out the last fraction of x and y, before shuffling, to be
	// evaluated at the end of every epoch (as Keras: floor(n*(1-split)) samples train).
	ValidationSplit float64
	// ValidationData is evaluated at the end of every epoch; it overrides ValidationSplit, as Keras.
	ValidationData *Dataset
	// Verbose is Keras's verbosity: 2 prints one line per epoch; 1, the zero value and any other
	// value print a progress bar. Keras's verbose=0 is Silent: true.
	Verbose int
	// Silent prints nothing (Keras's verbose=0); DefaultProgress is then called with 0.
	Silent bool
	// Callbacks follow training, after the default progress display.
	Callbacks []Callback
}

// verbosity returns Keras's verbose value for cfg: 0, 1 or 2.
func (cfg FitConfig) verbosity() int {
	switch {
	case cfg.Silent:
		return 0
	case cfg.Verbose == 2:
		return 2
	}
	return 1
}

// Fit trains the model on x and y for a number of epochs, as Keras's model.fit (Deep Learning
// with Python, 2.1; 2.5.3 "The full training loop" writes the same loop by hand), and returns the History of the losses and
// metrics per epoch.
//
// x has shape (samples, features...): the book's (60000, 784) float32 images in [0, 1]. Float64,
// Uint8 and Int64 inputs are converted to float32 once before training (train on x.DivScalar(255)
// rather than raw bytes); training runs in float32. y holds the targets: integer labels of shape
// (samples,) (Uint8, Int64, or whole-number floats) for sparse_categorical_crossentropy, or
// one-hot rows of shape (samples, classes) (see ToCategorical) for categorical_crossentropy.
//
// Each epoch shuffles the training samples (unless cfg.NoShuffle), splits them into batches of
// cfg.BatchSize (the last may be smaller) and runs one training step per batch: forward pass,
// loss, gradients on an autodiff tape, optimizer update. The logged loss and metrics of an epoch
// are the means over its samples, each batch's taken before its update, as Keras prints them.
//
// Fit returns an error, before training, when the model is not compiled; when x or y is nil or
// empty, of a wrong rank or dtype, or of different lengths; when x does not fit the model's input;
// and when a label is outside [0, classes). Each error names the received values.
//
// Fit stops early, returning the History so far (Interrupted set) and an error naming the epoch and
// batch, on a NaN or infinite loss (wrapping ErrNonFiniteLoss; that batch's update is not applied)
// and on an interrupt: while Fit runs it catches SIGINT (os.Interrupt), finishes the current batch
// and returns an error wrapping ErrInterrupted. The model keeps the weights of its last update.
func (m *Sequential) Fit(x, y *tensor.Tensor, cfg FitConfig) (*History, error) {
	h := NewHistory()
	if !m.Compiled() {
		return h, errors.New("nn.Fit: the model must be compiled before training; call Compile first")
	}
	epochs, batchSize := cfg.Epochs, cfg.BatchSize
	if epochs == 0 {
		epochs = 1
	}
	if batchSize == 0 {
		batchSize = 32
	}
	if epochs < 0 || batchSize < 0 {
		return h, fmt.Errorf("nn.Fit: epochs and batch size must be positive. Received: epochs=%d, batch_size=%d", cfg.Epochs, cfg.BatchSize)
	}
	if s := cfg.ValidationSplit; s < 0 || s >= 1 || math.IsNaN(s) {
		return h, fmt.Errorf("nn.Fit: validation_split must be in [0, 1). Received: validation_split=%v", s)
	}
	train, err := m.prepareX("Fit", x)
	if err != nil {
		return h, err
	}
	if err := m.prepareY("Fit", train, x.Shape(), y); err != nil {
		return h, err
	}
	var val *samples
	switch {
	case cfg.ValidationData != nil:
		if val, err = m.prepareX("Fit (validation data)", cfg.ValidationData.X); err != nil {
			return h, err
		}
		if err := m.prepareY("Fit (validation data)", val, cfg.ValidationData.X.Shape(), cfg.ValidationData.Y); err != nil {
			return h, err
		}
	case cfg.ValidationSplit > 0:
		at := int(math.Floor(float64(train.n) * (1 - cfg.ValidationSplit)))
		if at == 0 || at == train.n {
			return h, fmt.Errorf("nn.Fit: validation_split=%v leaves no training or no validation samples. Received: %d samples", cfg.ValidationSplit, train.n)
		}
		train, val = train.split(at)
	}

	steps := (train.n + batchSize - 1) / batchSize
	h.StepsPerEpoch = steps
	trainNames := append([]string{"loss"}, m.metricNames()...)
	names := trainNames
	if val != nil {
		names = append([]string(nil), trainNames...)
		for _, n := range trainNames {
			names = append(names, "val_"+n)
		}
	}
	verbose := cfg.verbosity()
	var cbs callbackList
	if DefaultProgress != nil {
		if p := DefaultProgress(verbose); p != nil {
			cbs = append(cbs, p)
		}
	}
	cbs = append(cbs, cfg.Callbacks...)

	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt)
	defer signal.Stop(sigc)

	cbs.OnTrainBegin(TrainInfo{Epochs: epochs, StepsPerEpoch: steps, Samples: train.n, BatchSize: batchSize,
		Metrics: names, Verbose: verbose, ValidationSamples: val.count()})
	defer func() { cbs.OnTrainEnd(h) }()

	rng := newStream(cfg.Seed, "shuffle", 0)
	perm := make([]int, train.n)
	for i := range perm {
		perm[i] = i
	}
	b := newBatcher(train, min(batchSize, train.n))
	sums := make([]float64, len(m.metrics))
	for epoch := range epochs {
		cbs.OnEpochBegin(epoch)
		if !cfg.NoShuffle {
			rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		}
		lossSum, seen := 0.0, 0
		clear(sums)
		for step := range steps {
			idx := perm[step*batchSize : min((step+1)*batchSize, train.n)]
			xb, yb := b.gather(idx)
			loss, yPred := m.trainStep(xb, yb)
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				h.Interrupted = true
				return h, fmt.Errorf("nn.Fit: %w: loss %v at epoch %d/%d, batch %d/%d (not applied); "+
					"lower the learning rate or check the inputs for NaN and Inf", ErrNonFiniteLoss, loss, epoch+1, epochs, step+1, steps)
			}
			n := float64(len(idx))
			h.BatchLoss = append(h.BatchLoss, loss)
			lossSum += loss * n
			seen += len(idx)
			logs := Logs{"batch_loss": loss, "loss": lossSum / float64(seen)}
			for i, mt := range m.metrics {
				sums[i] += mt.Compute(yb, yPred) * n
				logs[mt.Name()] = sums[i] / float64(seen)
			}
			cbs.OnBatchEnd(epoch, step, logs)
			select {
			case <-sigc:
				h.Interrupted = true
				return h, fmt.Errorf("nn.Fit: %w at epoch %d/%d after batch %d/%d; the model keeps the weights trained so far",
					ErrInterrupted, epoch+1, epochs, step+1, steps)
			default:
			}
		}
		logs := Logs{"loss": lossSum / float64(seen)}
		for i, mt := range m.metrics {
			logs[mt.Name()] = sums[i] / float64(seen)
		}
		if val != nil {
			vl, vm := m.evaluate(val, inferenceBatchSize)
			logs["val_loss"] = vl
			for i, mt := range m.metrics {
				logs["val_"+mt.Name()] = vm[i]
			}
		}
		h.appendEpoch(epoch, logs)
		cbs.OnEpochEnd(epoch, logs)
	}
	return h, nil
}

// MustFit is Fit for notebook cells: it panics on errors, except that an interrupt or a NaN loss
// prints the error on one line (to os.Stdout) and returns the partial History, so that a cell
// interrupted in GoNB keeps the model trained so far.
func (m *Sequential) MustFit(x, y *tensor.Tensor, cfg FitConfig) *History {
	h, err := m.Fit(x, y, cfg)
	if err != nil {
		if errors.Is(err, ErrInterrupted) || errors.Is(err, ErrNonFiniteLoss) {
			fmt.Println(err)
			return h
		}
		panic(err)
	}
	return h
}

// metricNames returns the compiled metrics' names.
func (m *Sequential) metricNames() []string {
	names := make([]string, len(m.metrics))
	for i, mt := range m.metrics {
		names[i] = mt.Name()
	}
	return names
}

// count returns the number of samples of d (0 for nil).
func (d *samples) count() int {
	if d == nil {
		return 0
	}
	return d.n
}

// trainStep runs one step of gradient descent on a batch and returns the batch's loss and the
// model's predictions, both from before the update. When the loss is NaN or infinite the update
// is skipped. All of a training step's work is here, so that a faster implementation can replace
// it in one place.
//
// The step records on the model's training tape, Reset at the start of each step, so that its
// activations and gradients reuse the storage of the previous step's: yPred is valid until the
// next trainStep.
func (m *Sequential) trainStep(x, y *tensor.Tensor) (loss float64, yPred *tensor.Tensor) {
	if m.tape == nil {
		m.tape = autodiff.NewTape()
	}
	tp := m.tape
	tp.Reset()
	// forward
	out := m.call(tp, tp.Constant(x))
	l := m.loss.Call(y, out)
	loss = l.Value.Item()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, out.Value
	}
	// backward
	weights := m.Weights()
	grads := tp.Gradient(l, weights...)
	// update
	m.optimizer.Apply(weights, grads)
	return loss, out.Value
}
