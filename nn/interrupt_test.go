//go:build unix

package nn_test

import (
	"bytes"
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
)

// interruptAfter returns a callback that sends SIGINT to this process after batch 3 of the first
// epoch, as GoNB does when a cell is interrupted, and waits until the signal has been delivered.
func interruptAfter(t *testing.T) nn.Callback {
	mine := make(chan os.Signal, 1)
	signal.Notify(mine, os.Interrupt) // keeps the test process alive if Fit missed the signal
	t.Cleanup(func() { signal.Stop(mine) })
	return nn.CallbackFuncs{BatchEnd: func(epoch, batch int, logs nn.Logs) {
		if epoch != 0 || batch != 3 {
			return
		}
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		select {
		case <-mine:
			time.Sleep(50 * time.Millisecond) // Fit's channel gets it in the same dispatch
		case <-time.After(5 * time.Second):
			t.Error("SIGINT not delivered")
		}
	}}
}

func TestFitInterrupted(t *testing.T) {
	x, y := separable(200, 6)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	var ended *nn.History
	end := nn.CallbackFuncs{TrainEnd: func(h *nn.History) { ended = h }}
	h, err := m.Fit(x, y, nn.FitConfig{Epochs: 3, BatchSize: 10, Silent: true,
		Callbacks: []nn.Callback{interruptAfter(t), end}})
	if !errors.Is(err, nn.ErrInterrupted) {
		t.Fatalf("got error %v, want ErrInterrupted", err)
	}
	if want := "nn.Fit: training interrupted by SIGINT (Ctrl-C, or the notebook's interrupt) at epoch 1/3 after batch 4/20; the model keeps the weights trained so far"; err.Error() != want {
		t.Errorf("error %q\nwant  %q", err, want)
	}
	// Batches 0 to 3 ran; no epoch completed.
	if !h.Interrupted || len(h.BatchLoss) != 4 || h.Epochs() != 0 || h.StepsPerEpoch != 20 {
		t.Errorf("history %+v: want interrupted after 4 batches", h)
	}
	if ended != h {
		t.Error("OnTrainEnd did not get the partial history")
	}
	// The model is usable and can go on training.
	if _, err := m.Predict(x); err != nil {
		t.Error(err)
	}
	if _, err := m.Fit(x, y, nn.FitConfig{Epochs: 1, Silent: true}); err != nil {
		t.Error(err)
	}
}

// MustFit returns the partial History on an interrupt, prints nothing itself, and the default
// progress display says who stopped training.
func TestMustFitInterrupted(t *testing.T) {
	x, y := separable(200, 6)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	var progress bytes.Buffer
	h := m.MustFit(x, y, nn.FitConfig{Epochs: 3, BatchSize: 10, Silent: true,
		Callbacks: []nn.Callback{&nn.ProgbarLogger{Writer: &progress}, interruptAfter(t)}})
	if !h.Interrupted || len(h.BatchLoss) != 4 {
		t.Errorf("history %+v", h)
	}
	want := "by SIGINT (Ctrl-C, or the notebook's interrupt) at epoch 1/3 after batch 4/20; the model keeps the weights trained so far"
	if h.StopReason != want {
		t.Errorf("StopReason %q\nwant       %q", h.StopReason, want)
	}
	if out := progress.String(); !strings.HasSuffix(out, "\nStopped "+want+"\n") {
		t.Errorf("progress ends %q", out)
	}
}
