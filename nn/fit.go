package nn

import (
	"context"
	"errors"
	"math"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/internal/update"
	"github.com/nnbook/nnbook/nn/tensor"
)

// ErrInterrupted is wrapped by the error Fit returns when the user stops training: an interrupt
// (SIGINT: Ctrl-C, or GoNB's and Jupyter's "interrupt kernel"), FitContext's context cancelled, or
// a callback's StopRequested. Test it with errors.Is(err, nn.ErrInterrupted).
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
	// Silent shows no progress (Keras's verbose=0).
	Silent bool
	// Callbacks follow training, after the default progress display. A callback with a method
	// StopRequested() bool can stop it (see StopRequester).
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
// with Python, 2.1; 2.5.3 "The full training loop" writes the same loop by hand), and returns
// the History of the losses and metrics per epoch. It is FitContext with the notebook default
// for interrupts: SIGINT (Ctrl-C, or GoNB's and Jupyter's "interrupt kernel") stops training
// after the current batch, as a cancelled context does (see FitContext).
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
// Fit stops early on a NaN or infinite loss, returning the History so far (Interrupted set) and
// an error wrapping ErrNonFiniteLoss that names the epoch and batch (that batch's update is not
// applied). The model keeps the weights of its last update.
func (m *Sequential) Fit(x, y *tensor.Tensor, cfg FitConfig) (*History, error) {
	ctx, stop := notebook.WithInterrupt(context.Background())
	defer stop()
	return m.FitContext(ctx, x, y, cfg)
}

// FitContext is Fit under the control of ctx. When ctx is cancelled, or when a callback with a
// method StopRequested() bool (see StopRequester) returns true, training stops after the current
// batch: FitContext returns the History so far (Interrupted set, StopReason saying who stopped
// it) and an error wrapping ErrInterrupted, and the cause of ctx's cancellation when there is one
// (context.Canceled, context.DeadlineExceeded, or context.Cause(ctx)):
//
//	nn.Fit: training interrupted by its context (context deadline exceeded) at epoch 1/5 after batch 12/469; the model keeps the weights trained so far
//
// The model keeps the weights of its last update, so training can go on with another Fit.
// Unlike Fit, FitContext does not catch SIGINT. A ctx cancelled before the first batch trains
// nothing.
func (m *Sequential) FitContext(ctx context.Context, x, y *tensor.Tensor, cfg FitConfig) (*History, error) {
	r, err := m.newFitRun(x, y, cfg)
	if err != nil {
		return r.h, err
	}
	r.cbs.OnTrainBegin(r.info())
	defer func() { r.cbs.OnTrainEnd(r.h) }()
	if err := r.stopped(ctx, 0, 0); err != nil {
		return r.h, err
	}
	for epoch := range r.epochs {
		if err := r.runEpoch(ctx, epoch); err != nil {
			return r.h, err
		}
	}
	return r.h, nil
}

// MustFit is Fit for notebook cells: it returns the History, and panics on an error (inside a
// GoNB notebook it shows the message and the cell's line instead of a goroutine dump, see Fit's
// errors), including a NaN or infinite loss. A stop the user asked for is not an error for it:
// on an interrupt it returns the History so far (Interrupted and StopReason set, and the progress
// display says so), so that the rest of the cell runs and can keep the model trained so far.
// MustFit prints nothing itself.
func (m *Sequential) MustFit(x, y *tensor.Tensor, cfg FitConfig) *History {
	h, err := m.Fit(x, y, cfg)
	return mustFit(h, err)
}

// MustFitContext is FitContext with MustFit's rules: it panics on an error, and returns the
// History so far when ctx is cancelled or a callback requests a stop.
func (m *Sequential) MustFitContext(ctx context.Context, x, y *tensor.Tensor, cfg FitConfig) *History {
	h, err := m.FitContext(ctx, x, y, cfg)
	return mustFit(h, err)
}

func mustFit(h *History, err error) *History {
	if err != nil && !errors.Is(err, ErrInterrupted) {
		notebook.Panic(err)
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
// next trainStep. With nn's optimizers the update is fused into the backward pass
// (Tape.GradientApply): a kernel is updated part by part as the product computing its gradient
// finishes each part, on the product's goroutines, with the bits Gradient then Apply give (checked
// by TestTrainStepFusedMatchesApply); any other Optimizer gets Gradient's tensors in Apply.
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
	weights := m.Weights()
	switch o := m.optimizer.(type) {
	case *SGD, *RMSprop, *Adam, *AdamW: // nn's own, element by element (not a type embedding one)
		// backward and update: each weight is updated from the parts of its gradient as the
		// backward pass finishes them (Tape.GradientApply), the same arithmetic as Apply's
		tp.GradientApply(l, weights, gradientParts(o.(elementwise).begin(weights)))
	default:
		// backward
		grads := tp.Gradient(l, weights...)
		// update
		m.optimizer.Apply(weights, grads)
	}
	return loss, out.Value
}

// gradientParts adapts an elementwise optimizer's update to Tape.GradientApply's parts: rows
// [i0, i1) and columns [j0, j1) of a gradient seen as a matrix along its last axis. A part that is a
// whole gradient is split over the cores as Apply splits it; the parts of a weight gradient
// finished by a product already run on the product's goroutines.
func gradientParts(up func(i int, g []float32, lo, hi int)) func(i int, g *tensor.Tensor, i0, i1, j0, j1 int) {
	return func(i int, g *tensor.Tensor, i0, i1, j0, j1 int) {
		s := tensor.Storage[float32](g.Contiguous()) // float32, as begin checked the weights are
		cols := 1
		if g.NDim() > 0 {
			cols = g.Dim(g.NDim() - 1)
		}
		if j0 == 0 && j1 == cols { // whole rows: one range
			if lo, hi := i0*cols, i1*cols; lo > 0 || hi < len(s) {
				up(i, s, lo, hi)
			} else {
				update.Parallel(len(s), func(lo, hi int) { up(i, s, lo, hi) })
			}
			return
		}
		for r := i0; r < i1; r++ {
			up(i, s, r*cols+j0, r*cols+j1)
		}
	}
}
