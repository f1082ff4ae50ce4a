package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/autodiff"
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

// fitRun holds one Fit's checked configuration, data and running state.
type fitRun struct {
	m                       *Sequential
	epochs, batchSize, step int // step: the batches of an epoch
	train, val              *samples
	names                   []string // the logged names in display order
	verbose                 int
	cbs                     callbackList
	stoppers                []StopRequester
	h                       *History
	perm                    []int
	shuffle                 bool
	rng                     *rand.Rand // the batch order's stream
	batcher                 *batcher
	sums                    []float64 // per metric, over the epoch's samples so far
}

// newFitRun checks cfg and the data and prepares a Fit; on error the run's History is empty.
func (m *Sequential) newFitRun(x, y *tensor.Tensor, cfg FitConfig) (*fitRun, error) {
	r := &fitRun{m: m, h: NewHistory(), epochs: cfg.Epochs, batchSize: cfg.BatchSize}
	if err := m.checkKept("Fit"); err != nil {
		return r, err
	}
	if !m.Compiled() {
		return r, m.notCompiledError("nn.Fit: the model must be compiled before training; call Compile first")
	}
	if r.epochs == 0 {
		r.epochs = 1
	}
	if r.batchSize == 0 {
		r.batchSize = 32
	}
	if r.epochs < 0 || r.batchSize < 0 {
		return r, fmt.Errorf("nn.Fit: epochs and batch size must be positive. Received: epochs=%d, batch_size=%d", cfg.Epochs, cfg.BatchSize)
	}
	if err := r.prepareData(x, y, cfg); err != nil {
		return r, err
	}
	r.step = (r.train.n + r.batchSize - 1) / r.batchSize
	r.h.StepsPerEpoch = r.step
	r.names = append([]string{"loss"}, m.metricNames()...)
	if r.val != nil {
		train := r.names
		for _, n := range train {
			r.names = append(r.names, "val_"+n)
		}
	}
	r.verbose = cfg.verbosity()
	if p := progressFor(r.verbose); p != nil {
		r.cbs = append(r.cbs, p)
	}
	r.cbs = append(r.cbs, cfg.Callbacks...)
	for _, c := range r.cbs {
		if s, ok := c.(StopRequester); ok {
			r.stoppers = append(r.stoppers, s)
		}
	}
	r.shuffle, r.rng = !cfg.NoShuffle, newStream(cfg.Seed, "shuffle", 0)
	r.perm = make([]int, r.train.n)
	for i := range r.perm {
		r.perm[i] = i
	}
	r.batcher = newBatcher(r.train, min(r.batchSize, r.train.n))
	r.sums = make([]float64, len(m.metrics))
	return r, nil
}

// prepareData checks x, y and the validation data or split, and converts them for training.
func (r *fitRun) prepareData(x, y *tensor.Tensor, cfg FitConfig) error {
	m := r.m
	if s := cfg.ValidationSplit; s < 0 || s >= 1 || math.IsNaN(s) {
		return fmt.Errorf("nn.Fit: validation_split must be in [0, 1). Received: validation_split=%v", s)
	}
	train, err := m.prepareX("Fit", x)
	if err != nil {
		return err
	}
	if err := m.prepareY("Fit", train, x.Shape(), y); err != nil {
		return err
	}
	var val *samples
	switch {
	case cfg.ValidationData != nil:
		if val, err = m.prepareX("Fit (validation data)", cfg.ValidationData.X); err != nil {
			return err
		}
		if err := m.prepareY("Fit (validation data)", val, cfg.ValidationData.X.Shape(), cfg.ValidationData.Y); err != nil {
			return err
		}
	case cfg.ValidationSplit > 0:
		at := int(math.Floor(float64(train.n) * (1 - cfg.ValidationSplit)))
		if at == 0 || at == train.n {
			return fmt.Errorf("nn.Fit: validation_split=%v leaves no training or no validation samples. Received: %d samples", cfg.ValidationSplit, train.n)
		}
		train, val = train.split(at)
	}
	r.train, r.val = train, val
	return nil
}

// info describes the run to callbacks.
func (r *fitRun) info() TrainInfo {
	return TrainInfo{Epochs: r.epochs, StepsPerEpoch: r.step, Samples: r.train.n, BatchSize: r.batchSize,
		Metrics: r.names, Verbose: r.verbose, ValidationSamples: r.val.count()}
}

// runEpoch trains one epoch, evaluates the validation data and records the epoch's logs. It
// returns an error when training must stop.
func (r *fitRun) runEpoch(ctx context.Context, epoch int) error {
	r.cbs.OnEpochBegin(epoch)
	if r.shuffle {
		r.rng.Shuffle(len(r.perm), func(i, j int) { r.perm[i], r.perm[j] = r.perm[j], r.perm[i] })
	}
	lossSum, seen := 0.0, 0
	clear(r.sums)
	for step := range r.step {
		idx := r.perm[step*r.batchSize : min((step+1)*r.batchSize, r.train.n)]
		logs, err := r.trainBatch(epoch, step, idx, &lossSum, &seen)
		if err != nil {
			return err
		}
		r.cbs.OnBatchEnd(epoch, step, logs)
		if err := r.stopped(ctx, epoch, step+1); err != nil {
			return err
		}
	}
	logs := Logs{"loss": lossSum / float64(seen)}
	for i, mt := range r.m.metrics {
		logs[mt.Name()] = r.sums[i] / float64(seen)
	}
	r.validate(logs)
	r.h.appendEpoch(epoch, logs)
	r.cbs.OnEpochEnd(epoch, logs)
	return nil
}

// trainBatch runs the training step of the batch of samples idx and returns its logs: the
// batch's loss and the running means of the epoch. A NaN or infinite loss is an error.
func (r *fitRun) trainBatch(epoch, step int, idx []int, lossSum *float64, seen *int) (Logs, error) {
	xb, yb := r.batcher.gather(idx)
	loss, yPred := r.m.trainStep(xb, yb)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		r.h.Interrupted = true
		return nil, fmt.Errorf("nn.Fit: %w: loss %v at epoch %d/%d, batch %d/%d (not applied); "+
			"lower the learning rate or check the inputs for NaN and Inf", ErrNonFiniteLoss, loss, epoch+1, r.epochs, step+1, r.step)
	}
	n := float64(len(idx))
	r.h.BatchLoss = append(r.h.BatchLoss, loss)
	*lossSum += loss * n
	*seen += len(idx)
	logs := Logs{"batch_loss": loss, "loss": *lossSum / float64(*seen)}
	for i, mt := range r.m.metrics {
		r.sums[i] += mt.Compute(yb, yPred) * n
		logs[mt.Name()] = r.sums[i] / float64(*seen)
	}
	return logs, nil
}

// validate adds the validation loss and metrics to an epoch's logs, when there is validation data.
func (r *fitRun) validate(logs Logs) {
	if r.val == nil {
		return
	}
	vl, vm := r.m.evaluate(r.val, inferenceBatchSize)
	logs["val_loss"] = vl
	for i, mt := range r.m.metrics {
		logs["val_"+mt.Name()] = vm[i]
	}
}

// stopped returns the error that ends training after batch done (from 1) of epoch when ctx is
// done or a callback requests a stop, and records the stop in the History; else nil.
func (r *fitRun) stopped(ctx context.Context, epoch, done int) error {
	var by string
	var cause error
	if ctx.Err() != nil {
		cause = context.Cause(ctx)
		if errors.Is(cause, notebook.ErrSignal) {
			by = "by " + cause.Error()
		} else {
			by = "by its context (" + cause.Error() + ")"
		}
	} else {
		for _, s := range r.stoppers {
			if s.StopRequested() {
				by = fmt.Sprintf("by %T.StopRequested", s)
				break
			}
		}
	}
	if by == "" {
		return nil
	}
	where := fmt.Sprintf("at epoch %d/%d after batch %d/%d", epoch+1, r.epochs, done, r.step)
	if done == 0 {
		where = "before the first batch"
	}
	r.h.Interrupted = true
	r.h.StopReason = by + " " + where + "; the model keeps the weights trained so far"
	return &stopError{msg: "nn.Fit: " + ErrInterrupted.Error() + " " + r.h.StopReason, cause: cause}
}

// stopError is the error of a stopped Fit: it wraps ErrInterrupted and the context's cause,
// which its message already names.
type stopError struct {
	msg   string
	cause error
}

func (e *stopError) Error() string { return e.msg }

func (e *stopError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrInterrupted}
	}
	return []error{ErrInterrupted, e.cause}
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
