package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/internal/workers"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Fit's phases: newFitRun checks the configuration and data, runEpoch trains one epoch batch by
// batch (trainBatch) and validates it (validate), and stopped decides after every batch whether
// the user asked to stop.

// fitRun holds one Fit's checked configuration, data and running state.
type fitRun struct {
	m                        *Sequential
	epochs, batchSize, steps int // steps: the batches of an epoch
	train, val               *samples
	names                    []string // the logged names in display order
	verbose                  int
	cbs                      callbackList
	stoppers                 []StopRequester
	h                        *History
	perm                     []int
	shuffle                  bool
	rng                      *rand.Rand  // the batch order's stream
	batchers                 [2]*batcher // step s's batch is gathered into batchers[s%2]
	sums                     []float64   // per metric, over the epoch's samples so far
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
	r.steps = (r.train.n + r.batchSize - 1) / r.batchSize
	r.h.StepsPerEpoch = r.steps
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
	for i := range r.batchers {
		r.batchers[i] = newBatcher(r.train, min(r.batchSize, r.train.n))
	}
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
	return TrainInfo{Epochs: r.epochs, StepsPerEpoch: r.steps, Samples: r.train.n, BatchSize: r.batchSize,
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
	batch := func(step int) []int { return r.perm[step*r.batchSize : min((step+1)*r.batchSize, r.train.n)] }
	// Each step's batch is gathered while the step before it trains (the rows are copied from all
	// over the data set, so the copy waits on memory, which the other step's products do not), into
	// the other of two batchers; the first batch of an epoch is gathered on the spot.
	xb, yb := r.batchers[0].gather(batch(0))
	for step := range r.steps {
		prefetching := step+1 < r.steps
		var xn, yn *tensor.Tensor
		gathered := func() {}
		if prefetching {
			gathered = workers.Async(func() { xn, yn = r.batchers[(step+1)%2].gatherSerial(batch(step + 1)) })
		}
		logs, err := r.trainBatch(epoch, step, batch(step), xb, yb, &lossSum, &seen)
		if prefetching {
			gathered() // the gathering is done with the buffers before anything returns
			xb, yb = xn, yn
		}
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

// trainBatch runs the training step of the batch of samples idx, gathered in xb and yb, and returns
// its logs: the batch's loss and the running means of the epoch. A NaN or infinite loss is an error.
func (r *fitRun) trainBatch(epoch, step int, idx []int, xb, yb *tensor.Tensor, lossSum *float64, seen *int) (Logs, error) {
	loss, yPred := r.m.trainStep(xb, yb)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		r.h.Interrupted = true
		return nil, fmt.Errorf("nn.Fit: %w: loss %v at epoch %d/%d, batch %d/%d (not applied); "+
			"lower the learning rate or check the inputs for NaN and Inf", ErrNonFiniteLoss, loss, epoch+1, r.epochs, step+1, r.steps)
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
	where := fmt.Sprintf("at epoch %d/%d after batch %d/%d", epoch+1, r.epochs, done, r.steps)
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
