package nn

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn/tensor"
)

// writes records each Write call separately.
type writes []string

func (w *writes) Write(p []byte) (int, error) {
	*w = append(*w, string(p))
	return len(p), nil
}

// fakeClock is a time source the test sets.
type fakeClock struct{ t time.Duration }

func (c *fakeClock) now() time.Time { return time.Unix(1000, 0).Add(c.t) }

// runEpoch drives p through one epoch of 10 batches, 200 ms each, and its end at 2 s.
func runEpoch(p *ProgbarLogger, c *fakeClock, epoch int, batchLogs, epochLogs Logs) {
	c.t = 0
	p.OnEpochBegin(epoch)
	for b := range 10 {
		c.t = time.Duration(b+1) * 200 * time.Millisecond
		p.OnBatchEnd(epoch, b, batchLogs)
	}
	c.t = 2 * time.Second
	p.OnEpochEnd(epoch, epochLogs)
}

var progressInfo = TrainInfo{Epochs: 2, StepsPerEpoch: 10, Samples: 300, BatchSize: 32,
	Metrics: []string{"loss", "accuracy", "val_loss", "val_accuracy"}, Verbose: 1}

func TestProgbarNotInteractive(t *testing.T) {
	var w writes
	c := &fakeClock{}
	p := &ProgbarLogger{Writer: &w, now: c.now}
	p.OnTrainBegin(progressInfo)
	runEpoch(p, c, 0, Logs{"loss": 0.5, "accuracy": 0.75, "batch_loss": 9},
		Logs{"loss": 0.25, "accuracy": 0.875, "val_loss": 0.0001234, "val_accuracy": 1})
	// Updates at most every 500 ms: after batches 3 (0.6 s), 6 (1.2 s) and 9 (1.8 s).
	// ETA = elapsed/done*(10-done): 0.6/3*7 = 1.4 → 1s; 1.2/6*4 = 0.8 → 1s; 1.8/9*1 = 0.2 → 0s.
	// Bar: int(30*done/10) cells, the last one '>' until the end.
	want := []string{
		"Epoch 1/2\n",
		"\r 3/10 [========>.....................] - ETA: 1s - loss: 0.5000 - accuracy: 0.7500",
		"\r 6/10 [=================>............] - ETA: 1s - loss: 0.5000 - accuracy: 0.7500",
		"\r 9/10 [==========================>...] - ETA: 0s - loss: 0.5000 - accuracy: 0.7500",
		// 2 s for 10 steps: 200ms/step; |val_loss| < 1e-3 prints as %.4e, as Keras.
		"\r10/10 [==============================] - 2s 200ms/step - loss: 0.2500 - accuracy: 0.8750 - val_loss: 1.2340e-04 - val_accuracy: 1.0000\n",
	}
	if strings.Join(w, "|") != strings.Join(want, "|") {
		t.Errorf("writes:\n%q\nwant:\n%q", []string(w), want)
	}
	// An epoch cut short leaves its line open; OnTrainEnd ends it.
	w = nil
	c.t = 0
	p.OnEpochBegin(1)
	c.t = 600 * time.Millisecond
	p.OnBatchEnd(1, 2, Logs{"loss": 1})
	p.OnTrainEnd(nil)
	if got := []string(w)[2]; got != "\n" || len(w) != 3 {
		t.Errorf("after an interrupted epoch: %q", []string(w))
	}
}

func TestProgbarInteractivePads(t *testing.T) {
	var w writes
	c := &fakeClock{}
	yes := true
	p := &ProgbarLogger{Writer: &w, Interactive: &yes, now: c.now}
	p.OnTrainBegin(TrainInfo{Epochs: 1, StepsPerEpoch: 10, Metrics: []string{"loss"}})
	c.t = 0
	p.OnEpochBegin(0)
	c.t = 100 * time.Millisecond
	p.OnBatchEnd(0, 0, Logs{"loss": 12345.5})
	c.t = 200 * time.Millisecond
	p.OnBatchEnd(0, 1, Logs{"loss": 1})
	// Every 50 ms on a terminal: both batches print; the second line is 4 characters shorter and
	// is padded with 4 spaces to hide the end of the first.
	if len(w) != 3 {
		t.Fatalf("writes %q: want 3", []string(w))
	}
	first, second := w[1], w[2]
	if !strings.HasSuffix(first, "loss: 12345.5000") || !strings.HasSuffix(second, "loss: 1.0000    ") || len(first) != len(second) {
		t.Errorf("lines %q and %q", first, second)
	}
}

func TestProgbarVerbose2(t *testing.T) {
	var w writes
	c := &fakeClock{}
	p := &ProgbarLogger{Writer: &w, Verbose: 2, now: c.now}
	p.OnTrainBegin(progressInfo)
	runEpoch(p, c, 0, Logs{"loss": 0.5}, Logs{"loss": 0.25, "accuracy": 0.875})
	want := []string{"Epoch 1/2\n", "10/10 - 2s - loss: 0.2500 - accuracy: 0.8750 - 2s/epoch - 200ms/step\n"}
	if strings.Join(w, "|") != strings.Join(want, "|") {
		t.Errorf("writes:\n%q\nwant:\n%q", []string(w), want)
	}
}

func TestFormatTimes(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{formatETA(4.4), "4s"}, {formatETA(65), "1:05"}, {formatETA(3723), "1:02:03"},
		{formatPerStep(2), " 2s/step"}, {formatPerStep(0.0101), " 10ms/step"}, {formatPerStep(0.00085), " 850us/step"},
		{formatPerStep(0), " 0s/step"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestFitProgressOutput runs Fit with the default progress bar written to a buffer.
func TestFitProgressOutput(t *testing.T) {
	old := progressFor
	defer func() { progressFor = old }()
	var buf bytes.Buffer
	progressFor = func(verbose int) Callback {
		if verbose == 0 {
			return nil
		}
		return &ProgbarLogger{Writer: &buf, Verbose: verbose}
	}
	xs := make([]float32, 2*50)
	ys := make([]uint8, 50)
	for i := range ys {
		ys[i] = uint8(i % 2)
		xs[2*i] = float32(ys[i])
	}
	m := NewSequential(&Dense{Units: 2, Activation: Softmax})
	m.MustCompile(CompileConfig{Loss: SparseCategoricalCrossentropy{}, Metrics: []Metric{Accuracy{}}})
	x, y := tensor.FromSlice(xs, 50, 2), tensor.FromSlice(ys, 50)
	m.MustFit(x, y, FitConfig{Epochs: 2, BatchSize: 16, ValidationSplit: 0.2})
	// 40 training samples: 3 steps. A fast run prints no in-place update, only the final lines.
	re := regexp.MustCompile(`^Epoch 1/2\n3/3 \[=+\] - 0s \d+(us|ms)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}\n` +
		`Epoch 2/2\n3/3 \[=+\] - 0s \d+(us|ms)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}\n$`)
	out := strings.ReplaceAll(buf.String(), "\r", "")
	if !re.MatchString(out) {
		t.Errorf("output:\n%s", out)
	}
	buf.Reset()
	m.MustFit(x, y, FitConfig{Epochs: 1, BatchSize: 16, Verbose: 2})
	if !regexp.MustCompile(`^Epoch 1/1\n4/4 - 0s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - 0s/epoch - \d+(us|ms)/step\n$`).MatchString(buf.String()) {
		t.Errorf("verbose 2 output:\n%q", buf.String())
	}
}
