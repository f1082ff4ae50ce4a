package nn_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
)

// stopAfter is a callback that requests a stop once it has seen n batches, as a stop button does.
type stopAfter struct {
	nn.CallbackFuncs
	n, seen int
}

func (s *stopAfter) OnBatchEnd(int, int, nn.Logs) { s.seen++ }
func (s *stopAfter) StopRequested() bool          { return s.seen >= s.n }

func TestFitStopRequested(t *testing.T) {
	x, y := separable(200, 6)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	stop := &stopAfter{n: 23}
	h, err := m.Fit(x, y, nn.FitConfig{Epochs: 3, BatchSize: 10, Silent: true, Callbacks: []nn.Callback{stop}})
	want := "nn.Fit: training interrupted by *nn_test.stopAfter.StopRequested at epoch 2/3 after batch 3/20; the model keeps the weights trained so far"
	if !errors.Is(err, nn.ErrInterrupted) || err.Error() != want {
		t.Errorf("error %v\nwant  %s", err, want)
	}
	// 23 batches ran: one whole epoch, 3 of the second.
	if !h.Interrupted || len(h.BatchLoss) != 23 || h.Epochs() != 1 || h.StopReason != strings.TrimPrefix(want, "nn.Fit: training interrupted ") {
		t.Errorf("history: interrupted %v, %d batches, %d epochs, reason %q", h.Interrupted, len(h.BatchLoss), h.Epochs(), h.StopReason)
	}
	// The model kept its 23 updates: going on from here equals an uninterrupted run's batches.
	ref := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	hr, err := ref.Fit(x, y, nn.FitConfig{Epochs: 1, BatchSize: 10, Silent: true})
	if err != nil || !reflect.DeepEqual(hr.BatchLoss, h.BatchLoss[:20]) {
		t.Errorf("first epoch differs from an uninterrupted run: %v", err)
	}
}

func TestFitContextCancelled(t *testing.T) {
	x, y := separable(200, 6)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	ctx, cancel := context.WithCancel(context.Background())
	cancelAt := nn.CallbackFuncs{BatchEnd: func(epoch, batch int, _ nn.Logs) {
		if epoch == 0 && batch == 4 {
			cancel()
		}
	}}
	h, err := m.FitContext(ctx, x, y, nn.FitConfig{Epochs: 2, BatchSize: 10, Silent: true, Callbacks: []nn.Callback{cancelAt}})
	want := "nn.Fit: training interrupted by its context (context canceled) at epoch 1/2 after batch 5/20; the model keeps the weights trained so far"
	if !errors.Is(err, nn.ErrInterrupted) || !errors.Is(err, context.Canceled) || err.Error() != want {
		t.Errorf("error %v\nwant  %s", err, want)
	}
	if len(h.BatchLoss) != 5 || !h.Interrupted {
		t.Errorf("%d batches, interrupted %v: want 5, true", len(h.BatchLoss), h.Interrupted)
	}
	// A context done before the start trains nothing; its deadline is named.
	done, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	before := weightBits(m)
	h, err = m.FitContext(done, x, y, nn.FitConfig{Silent: true})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "before the first batch") || len(h.BatchLoss) != 0 {
		t.Errorf("done context: %v, %d batches", err, len(h.BatchLoss))
	}
	if !reflect.DeepEqual(before, weightBits(m)) {
		t.Error("a done context changed the weights")
	}
	// MustFitContext returns the partial History on a cancel, as MustFit on an interrupt.
	ctx3, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if h := m.MustFitContext(ctx3, x, y, nn.FitConfig{Silent: true}); !h.Interrupted {
		t.Error("MustFitContext: history not interrupted")
	}
}

// MustFit panics on a NaN loss: an error, not a stop the user asked for.
func TestMustFitNonFinite(t *testing.T) {
	x, y := separable(40, 2)
	x.Set(math.NaN(), 5, 1)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	t.Setenv("GONB_PIPE", "")
	defer func() {
		r := recover()
		if err, ok := r.(error); !ok || !errors.Is(err, nn.ErrNonFiniteLoss) {
			t.Errorf("recovered %v, want an error wrapping ErrNonFiniteLoss", r)
		}
	}()
	m.MustFit(x, y, nn.FitConfig{BatchSize: 4, NoShuffle: true, Silent: true})
	t.Error("MustFit returned on a NaN loss")
}
