package nn

import (
	"fmt"
	"sort"
	"strings"
)

// History is the record of one Fit, as the History object Keras's fit returns
// (Deep Learning with Python, 2.1; chapter 4 plots it to watch overfitting): plain data that a
// notebook can plot or print.
//
// History holds one value per completed epoch for each of "loss", the compiled metrics
// ("accuracy") and, when Fit had validation data, "val_loss" and "val_accuracy": the book's
// history.history["loss"] is h.History["loss"] (or h.Loss()). Training values are the means over
// the epoch's samples of each batch's value, taken before that batch's update, as Keras prints
// them; validation values are computed on the validation data after the epoch's last update.
//
// An interrupted Fit (see ErrInterrupted) leaves History with the completed epochs only;
// BatchLoss also holds the batches of the epoch that was cut short.
type History struct {
	// Epoch lists the completed epochs, numbered from 0 as Keras's history.epoch.
	Epoch []int
	// History maps a metric name to its value at each epoch of Epoch.
	History map[string][]float64
	// BatchLoss is the loss of every training batch, in order over all epochs (the loss of that
	// batch alone, computed before its update; not a running mean).
	BatchLoss []float64
	// StepsPerEpoch is the number of batches in one epoch: ceil(training samples / batch size).
	StepsPerEpoch int
	// Interrupted is true when Fit stopped early: on an interrupt (SIGINT), a cancelled
	// context, a callback's StopRequested, or a NaN/Inf loss.
	Interrupted bool
	// StopReason says who stopped Fit early at the user's request and when, as the end of the
	// error Fit returned: "by SIGINT (Ctrl-C, or the notebook's interrupt) at epoch 2/5 after
	// batch 120/469; the model keeps the weights trained so far". It is empty when Fit ran to
	// the end or stopped on an error (such as a NaN loss).
	StopReason string
}

// NewHistory returns an empty History with its map allocated.
func NewHistory() *History { return &History{History: map[string][]float64{}} }

// Metric returns the per-epoch values of the named metric ("loss", "accuracy", "val_loss", ...),
// or nil when Fit did not record it. The slice is the History's own: do not change it.
func (h *History) Metric(name string) []float64 {
	if h == nil {
		return nil
	}
	return h.History[name]
}

// Loss returns the training loss at each epoch: h.History["loss"].
func (h *History) Loss() []float64 { return h.Metric("loss") }

// ValLoss returns the validation loss at each epoch, or nil without validation data.
func (h *History) ValLoss() []float64 { return h.Metric("val_loss") }

// Accuracy returns the training accuracy at each epoch, or nil when "accuracy" was not compiled.
func (h *History) Accuracy() []float64 { return h.Metric("accuracy") }

// ValAccuracy returns the validation accuracy at each epoch, or nil.
func (h *History) ValAccuracy() []float64 { return h.Metric("val_accuracy") }

// Keys returns the recorded metric names in Keras's order: "loss", the other training metrics
// sorted, "val_loss", the other validation metrics sorted.
func (h *History) Keys() []string {
	if h == nil {
		return nil
	}
	keys := make([]string, 0, len(h.History))
	for k := range h.History {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		switch {
		case k == "loss":
			return 0
		case k == "val_loss":
			return 2
		case strings.HasPrefix(k, "val_"):
			return 3
		}
		return 1
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Epochs returns the number of completed epochs.
func (h *History) Epochs() int {
	if h == nil {
		return 0
	}
	return len(h.Epoch)
}

// appendEpoch records the logs of a completed epoch.
func (h *History) appendEpoch(epoch int, logs Logs) {
	if h.History == nil {
		h.History = map[string][]float64{}
	}
	h.Epoch = append(h.Epoch, epoch)
	for k, v := range logs {
		h.History[k] = append(h.History[k], v)
	}
}

// String formats h as one line per epoch, e.g.
//
//	epoch 1: loss 0.2577 - accuracy 0.9245
//
// with epochs numbered from 1 as the progress bar prints them.
func (h *History) String() string {
	if h == nil || len(h.Epoch) == 0 {
		return "History(no epochs)"
	}
	var b strings.Builder
	keys := h.Keys()
	for i, e := range h.Epoch {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "epoch %d:", e+1)
		for j, k := range keys {
			if j > 0 {
				b.WriteString(" -")
			}
			if vs := h.History[k]; i < len(vs) {
				fmt.Fprintf(&b, " %s %s", k, FormatLogValue(vs[i]))
			}
		}
	}
	if h.Interrupted {
		b.WriteString("\n(interrupted)")
	}
	return b.String()
}

// FormatLogValue formats a loss or metric as Keras's progress bar does: %.4f, or %.4e when
// |v| < 1e-3 (and not 0), so that a small loss does not show as 0.0000. Fit's progress, History's
// String and viz's live plot all write values with it.
func FormatLogValue(v float64) string {
	if v != 0 && v > -1e-3 && v < 1e-3 {
		return fmt.Sprintf("%.4e", v)
	}
	return fmt.Sprintf("%.4f", v)
}
