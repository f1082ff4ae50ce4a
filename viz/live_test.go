package viz

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

// fakeNotebook replaces the GoNB calls by recorders for the duration of a test.
type fakeNotebook struct {
	updates []string // "id: html", "id: " when cleared
	htmls   []string
	pngs    [][]byte
	browser *fakeBrowser
}

func newFakeNotebook(t *testing.T) *fakeNotebook {
	fn := &fakeNotebook{browser: newFakeBrowser(t)}
	oldIn, oldUp, oldHTML, oldPNG, oldID, oldHeadless := inNotebook, updateHTML, displayHTML, displayPNG, uniqueID, headless
	inNotebook = func() bool { return true }
	headless = func() bool { return false }
	updateHTML = func(id, html string) {
		fn.updates = append(fn.updates, id+": "+html)
		fn.browser.sawUpdate(id, html)
	}
	displayHTML = func(html string) { fn.htmls = append(fn.htmls, html) }
	displayPNG = func(b []byte) { fn.pngs = append(fn.pngs, b) }
	uniqueID = func() string { return "1" }
	t.Cleanup(func() {
		inNotebook, updateHTML, displayHTML, displayPNG, uniqueID, headless = oldIn, oldUp, oldHTML, oldPNG, oldID, oldHeadless
	})
	return fn
}

// fakeClock advances by step at every call.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(step); return t }
}

// runLive feeds l the callbacks of 4 epochs of 50 batches, 10 ms per call, with a loss that
// falls and a validation loss that turns up after epoch 3. The clock runs for about 2 s.
func runLive(l nn.Callback) {
	r := rand.New(rand.NewPCG(7, 8))
	info := nn.TrainInfo{Epochs: 4, StepsPerEpoch: 50, Samples: 6400, BatchSize: 128, Metrics: []string{"loss", "val_loss"}}
	l.OnTrainBegin(info)
	for e := range 4 {
		l.OnEpochBegin(e)
		sum := 0.0
		for b := range 50 {
			t := float64(e) + float64(b+1)/50
			v := 0.3 + 2*math.Exp(-2*t) + 0.05*r.NormFloat64()
			sum += v
			l.OnBatchEnd(e, b, nn.Logs{"batch_loss": v, "loss": sum / float64(b+1)})
		}
		l.OnEpochEnd(e, nn.Logs{"loss": sum / 50, "val_loss": 0.45 + 0.02*float64((e-2)*(e-2))})
	}
	l.OnTrainEnd(nil)
}

func TestLiveLossInNotebook(t *testing.T) {
	nb := newFakeNotebook(t)
	l := NewLiveLoss()
	l.now = fakeClock(10 * time.Millisecond)
	runLive(l)
	var stops, rest []string
	for _, u := range nb.updates {
		if strings.HasPrefix(u, "nnbook_live_loss_stop_1: ") {
			stops = append(stops, u)
		} else {
			rest = append(rest, u)
		}
	}
	if len(stops) != 2 || !strings.HasPrefix(stops[0], `nnbook_live_loss_stop_1: <div id="nnbook_live_loss_stop_1"`) || stops[1] != "nnbook_live_loss_stop_1: " {
		t.Errorf("stop button updates %.80q: want it shown, then removed", stops)
	}
	nb.updates = rest
	// 204 batch and epoch calls of 10 ms: about 2 s, so at most 2040/250 + 1 redraws.
	if l.redraws < 4 || l.redraws > 9 {
		t.Errorf("%d redraws in about 2 s, want between 4 and 9 (at most one per 250 ms)", l.redraws)
	}
	if len(nb.updates) != l.redraws+1 || nb.updates[len(nb.updates)-1] != "nnbook_live_loss_1: " {
		t.Errorf("updates: %d, last %.40q; want the %d redraws then the block cleared", len(nb.updates), nb.updates[len(nb.updates)-1], l.redraws)
	}
	for _, u := range nb.updates[:len(nb.updates)-1] {
		if !strings.HasPrefix(u, `nnbook_live_loss_1: <img src="data:image/png;base64,`) {
			t.Errorf("update %.60q is not an inline PNG", u)
		}
	}
	if len(nb.pngs) != 1 {
		t.Fatalf("%d PNGs displayed for good, want 1 (the final frame)", len(nb.pngs))
	}
	if _, err := png.Decode(bytes.NewReader(nb.pngs[0])); err != nil {
		t.Errorf("final frame: %v", err)
	}
	checkGolden(t, "live_loss", l.Figure())
}

// TestLiveLossHeadless: a run known to have no browser (kernel exec) draws no live frames and
// no stop button, listens to no comms, and shows the final frame.
func TestLiveLossHeadless(t *testing.T) {
	nb := newFakeNotebook(t)
	headless = func() bool { return true }
	l := NewLiveLoss()
	l.now = fakeClock(10 * time.Millisecond)
	runLive(l)
	for _, u := range nb.updates {
		if strings.Contains(u, "live_loss_stop") {
			t.Fatalf("stop button shown headless: %.80q", u)
		}
	}
	if len(nb.browser.chans) != 0 || len(nb.browser.scripts) != 0 {
		t.Errorf("%d listeners, %d scripts; want none", len(nb.browser.chans), len(nb.browser.scripts))
	}
	if l.redraws != 0 || len(nb.updates) != 0 || len(nb.pngs) != 1 {
		t.Errorf("%d redraws, %d updates, %d final frames; want only the final frame", l.redraws, len(nb.updates), len(nb.pngs))
	}
	wantPNG, _ := l.Figure().PNG()
	if diff := comparePNG(nb.pngs[0], wantPNG); diff != "" {
		t.Errorf("final frame differs from the figure of the whole run: %s", diff)
	}
}

// TestLiveLossWithFit runs a real (tiny) Fit with a LiveLoss in a fake notebook: the
// callback receives every batch and ends with one final frame.
func TestLiveLossWithFit(t *testing.T) {
	nb := newFakeNotebook(t)
	r := rand.New(rand.NewPCG(9, 10))
	xs := make([]float32, 2*300)
	ys := make([]int64, 300)
	for i := range ys {
		ys[i] = int64(i % 2)
		xs[2*i] = float32(2*float64(ys[i]) - 1 + 0.5*r.NormFloat64())
		xs[2*i+1] = float32(r.NormFloat64())
	}
	model := nn.NewSequential(&nn.Dense{Units: 8, Activation: nn.ReLU}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}})
	l := NewLiveLoss()
	h, err := model.Fit(tensor.FromSlice(xs, 300, 2), tensor.FromSlice(ys, 300),
		nn.FitConfig{Epochs: 2, BatchSize: 30, ValidationSplit: 0.2, Silent: true, Callbacks: []nn.Callback{l}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.batchLoss) != len(h.BatchLoss) || len(l.valLoss) != 2 {
		t.Errorf("LiveLoss saw %d batches and %d validation losses; Fit ran %d batches, 2 epochs", len(l.batchLoss), len(l.valLoss), len(h.BatchLoss))
	}
	if len(nb.pngs) != 1 {
		t.Errorf("%d final frames displayed, want 1", len(nb.pngs))
	}
	f, err := History(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.PNG(); err != nil {
		t.Error(err)
	}
}

// TestLiveLossTitleSmallLoss: a loss under 1e-3 is written as Keras writes it, not as 0.0000.
func TestLiveLossTitleSmallLoss(t *testing.T) {
	l := NewLiveLoss()
	l.OnTrainBegin(nn.TrainInfo{Epochs: 2, StepsPerEpoch: 1, Samples: 8, BatchSize: 8, Metrics: []string{"loss", "val_loss"}})
	for e, loss := range []float64{0.25, 0.000042} {
		l.OnEpochBegin(e)
		l.OnBatchEnd(e, 0, nn.Logs{"loss": loss})
		if got, want := l.Figure().Plots[0][0].Title.Text, fmt.Sprintf("Training loss: epoch %d/2, batch 1/1: loss %s", e+1, []string{"0.2500", "4.2000e-05"}[e]); got != want {
			t.Errorf("after batch: title %q, want %q", got, want)
		}
		l.OnEpochEnd(e, nn.Logs{"loss": loss, "val_loss": loss / 2})
	}
	if got, want := l.Figure().Plots[0][0].Title.Text, "Training loss: epoch 2/2: loss 4.2000e-05, val_loss 2.1000e-05"; got != want {
		t.Errorf("after the last epoch: title %q, want %q", got, want)
	}
}
