package nn

import "github.com/nnbook/nnbook/internal/notebook"

// Logs holds the values a callback receives, by metric name: "loss", "accuracy", and at the end of
// an epoch with validation data "val_loss", "val_accuracy". Batch logs also carry "batch_loss", the
// loss of that batch alone; their "loss" and metrics are running means over the epoch so far, as
// Keras's. Each call gets its own map: a callback may keep it.
type Logs map[string]float64

// TrainInfo describes a Fit to callbacks when it begins.
type TrainInfo struct {
	Epochs            int      // number of epochs asked for
	StepsPerEpoch     int      // batches per epoch: ceil(Samples / BatchSize)
	Samples           int      // training samples (after the validation split)
	ValidationSamples int      // validation samples, 0 without validation data
	BatchSize         int      // batch size (the last batch of an epoch may be smaller)
	Metrics           []string // the logged names in display order: "loss", compiled metrics, then "val_..." ones
	Verbose           int      // Keras's verbosity of this Fit: 0 silent, 1 progress bar, 2 one line per epoch
}

// Callback follows training, as keras.callbacks.Callback: Fit calls OnTrainBegin once, then for
// each epoch OnEpochBegin, OnBatchEnd after every batch (after its update) and OnEpochEnd after the
// validation pass, and finally OnTrainEnd with the History, also when training stops early on an
// error or an interrupt. Epochs and batches are numbered from 0. Callbacks run on Fit's goroutine,
// in the order given, after the default progress display. A callback with a method
// StopRequested() bool (see StopRequester) can end training.
//
// Embed CallbackFuncs in a struct to implement only some of the methods, or fill a CallbackFuncs
// with funcs for one-off use.
type Callback interface {
	OnTrainBegin(info TrainInfo)
	OnEpochBegin(epoch int)
	OnBatchEnd(epoch, batch int, logs Logs)
	OnEpochEnd(epoch int, logs Logs)
	OnTrainEnd(history *History)
}

// CallbackFuncs is a Callback made of optional funcs; a nil func does nothing. Its zero value is a
// Callback that does nothing, so a struct that embeds it implements Callback and overrides only
// the methods it defines.
type CallbackFuncs struct {
	TrainBegin func(info TrainInfo)
	EpochBegin func(epoch int)
	BatchEnd   func(epoch, batch int, logs Logs)
	EpochEnd   func(epoch int, logs Logs)
	TrainEnd   func(history *History)
}

var _ Callback = CallbackFuncs{}
var _ Callback = (*CallbackFuncs)(nil)

// OnTrainBegin calls c.TrainBegin if set.
func (c CallbackFuncs) OnTrainBegin(info TrainInfo) {
	if c.TrainBegin != nil {
		c.TrainBegin(info)
	}
}

// OnEpochBegin calls c.EpochBegin if set.
func (c CallbackFuncs) OnEpochBegin(epoch int) {
	if c.EpochBegin != nil {
		c.EpochBegin(epoch)
	}
}

// OnBatchEnd calls c.BatchEnd if set.
func (c CallbackFuncs) OnBatchEnd(epoch, batch int, logs Logs) {
	if c.BatchEnd != nil {
		c.BatchEnd(epoch, batch, logs)
	}
}

// OnEpochEnd calls c.EpochEnd if set.
func (c CallbackFuncs) OnEpochEnd(epoch int, logs Logs) {
	if c.EpochEnd != nil {
		c.EpochEnd(epoch, logs)
	}
}

// OnTrainEnd calls c.TrainEnd if set.
func (c CallbackFuncs) OnTrainEnd(history *History) {
	if c.TrainEnd != nil {
		c.TrainEnd(history)
	}
}

// StopRequester is implemented by a callback that can end training early, as a stop button
// does: Fit asks every callback that has this method after each batch, and when one returns
// true it stops there, as on an interrupt (the History so far, the model keeping its last
// update, an error wrapping ErrInterrupted that names the callback's type).
type StopRequester interface {
	StopRequested() bool
}

// progressFor returns Fit's progress display for Keras's verbosity: nothing for 0; inside a
// GoNB notebook one HTML block of the cell redrawn in place (see notebookProgress); elsewhere,
// or in a cell that imports GoNB's gonbui without viz (see package display), a ProgbarLogger
// writing to os.Stdout. Tests replace it.
var progressFor = func(verbose int) Callback {
	switch {
	case verbose <= 0:
		return nil
	case notebook.InNotebook() && haveDisplay():
		return &notebookProgress{Verbose: verbose}
	}
	return &ProgbarLogger{Verbose: verbose}
}

// callbackList runs several callbacks in order.
type callbackList []Callback

func (cs callbackList) OnTrainBegin(info TrainInfo) {
	for _, c := range cs {
		c.OnTrainBegin(info)
	}
}

func (cs callbackList) OnEpochBegin(epoch int) {
	for _, c := range cs {
		c.OnEpochBegin(epoch)
	}
}

func (cs callbackList) OnBatchEnd(epoch, batch int, logs Logs) {
	for _, c := range cs {
		c.OnBatchEnd(epoch, batch, logs)
	}
}

func (cs callbackList) OnEpochEnd(epoch int, logs Logs) {
	for _, c := range cs {
		c.OnEpochEnd(epoch, logs)
	}
}

func (cs callbackList) OnTrainEnd(h *History) {
	for _, c := range cs {
		c.OnTrainEnd(h)
	}
}
