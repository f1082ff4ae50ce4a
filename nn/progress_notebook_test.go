package nn

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn/tensor"
)

// fakeDisplay records what notebookProgress shows, without a GoNB kernel.
type fakeDisplay struct{ updates, htmls []string }

func newFakeDisplay(t *testing.T) *fakeDisplay {
	t.Setenv("GONB_PIPE", "/nonexistent/gonb-pipe") // a GoNB cell, as notebook.InNotebook sees it
	fd := &fakeDisplay{}
	oldUp, oldHTML, oldID := updateHTML, displayHTML, uniqueID
	updateHTML = func(id, html string) { fd.updates = append(fd.updates, id+": "+html) }
	displayHTML = func(html string) { fd.htmls = append(fd.htmls, html) }
	uniqueID = func() string { return "1" }
	t.Cleanup(func() { updateHTML, displayHTML, uniqueID = oldUp, oldHTML, oldID })
	return fd
}

func tinyData() (x, y *tensor.Tensor) {
	xs := make([]float32, 2*50)
	ys := make([]uint8, 50)
	for i := range ys {
		ys[i] = uint8(i % 2)
		xs[2*i] = float32(ys[i])
	}
	return tensor.FromSlice(xs, 50, 2), tensor.FromSlice(ys, 50)
}

func tinyModel() *Sequential {
	m := NewSequential(&Dense{Units: 2, Activation: Softmax})
	m.MustCompile(CompileConfig{Loss: SparseCategoricalCrossentropy{}, Metrics: []Metric{Accuracy{}}})
	return m
}

// Fit asks progressFor once with Keras's verbosity.
func TestFitVerbosity(t *testing.T) {
	old := progressFor
	defer func() { progressFor = old }()
	var got []int
	progressFor = func(verbose int) Callback {
		got = append(got, verbose)
		return nil
	}
	x, y := tinyData()
	m := tinyModel()
	for _, cfg := range []FitConfig{{}, {Verbose: 1}, {Verbose: 2}, {Silent: true}, {Verbose: 2, Silent: true}} {
		if _, err := m.Fit(x, y, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if want := []int{1, 1, 2, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("progressFor called with %v, want %v", got, want)
	}
}

// In a GoNB cell Fit's default progress is the in-place HTML block, with no import or setting;
// elsewhere the text progress bar.
func TestProgressForNotebook(t *testing.T) {
	t.Setenv("GONB_PIPE", "")
	if _, ok := progressFor(1).(*ProgbarLogger); !ok {
		t.Errorf("outside a notebook: %T, want *ProgbarLogger", progressFor(1))
	}
	t.Setenv("GONB_PIPE", "/nonexistent/gonb-pipe")
	if p, ok := progressFor(2).(*notebookProgress); !ok || p.Verbose != 2 {
		t.Errorf("in a notebook: %#v, want *notebookProgress with Verbose 2", progressFor(2))
	}
	if progressFor(0) != nil {
		t.Error("verbosity 0 must show nothing")
	}
}

// A whole Fit in a (fake) notebook: one block updated in place, then its final text shown for good.
func TestFitNotebookProgress(t *testing.T) {
	fd := newFakeDisplay(t)
	x, y := tinyData()
	m := tinyModel()
	if _, err := m.Fit(x, y, FitConfig{Epochs: 3, BatchSize: 10}); err != nil {
		t.Fatal(err)
	}
	if len(fd.updates) < 4 { // at least each epoch's end, and the clearing at the end
		t.Errorf("%d in-place updates, want at least 4", len(fd.updates))
	}
	for _, u := range fd.updates {
		if !strings.HasPrefix(u, "nnbook_progress_1: ") {
			t.Errorf("update of another block: %q", u)
		}
	}
	if last := fd.updates[len(fd.updates)-1]; last != "nnbook_progress_1: " {
		t.Errorf("the live block is not cleared at the end: %q", last)
	}
	if len(fd.htmls) != 1 {
		t.Fatalf("%d blocks displayed for good, want 1", len(fd.htmls))
	}
	final := fd.htmls[0]
	if !strings.HasPrefix(final, "<pre") || strings.Count(final, "Epoch ") != 3 || !strings.Contains(final, "Epoch 3/3\n5/5 [==============================]") {
		t.Errorf("final block lacks the progress text:\n%s", final)
	}
}

// Redraws are throttled to one per notebookInterval, plus one at each epoch's end.
func TestNotebookProgressThrottled(t *testing.T) {
	newFakeDisplay(t)
	start := time.Unix(0, 0)
	clock := start
	p := &notebookProgress{Verbose: 1, now: func() time.Time { clock = clock.Add(10 * time.Millisecond); return clock }}
	p.OnTrainBegin(TrainInfo{Epochs: 4, StepsPerEpoch: 50, Metrics: []string{"loss"}})
	for e := range 4 {
		p.OnEpochBegin(e)
		for b := range 50 {
			p.OnBatchEnd(e, b, Logs{"loss": 1})
		}
		p.OnEpochEnd(e, Logs{"loss": 1})
	}
	p.OnTrainEnd(NewHistory())
	// The clock runs 10 ms per call (ProgbarLogger reads it too): at most one throttled redraw
	// per 250 ms of it, plus the first, plus 4 forced ones at the epochs' ends.
	limit := int(clock.Sub(start)/notebookInterval) + 1 + 4
	if p.updates > limit || p.updates < 4 || limit > 30 {
		t.Errorf("%d in-place updates over %v, want 4 to %d", p.updates, clock.Sub(start), limit)
	}
	if lines := strings.Split(p.Text(), "\n"); len(lines) != 8 {
		t.Errorf("final text has %d lines, want 8 (an Epoch line and a bar per epoch):\n%s", len(lines), p.Text())
	}
}

func TestTerminal(t *testing.T) {
	var term terminal
	for _, s := range []string{"Epoch 1/2\n", "\r 1/3 [..]", "\r 2/3 [=.]   ", "\r 3/3 [==] - loss: 1\n", "Epoch 2/2\n", "\r 1/3"} {
		_, _ = term.Write([]byte(s))
	}
	want := "Epoch 1/2\n 3/3 [==] - loss: 1\nEpoch 2/2\n 1/3"
	if got := term.String(); got != want {
		t.Errorf("terminal shows %q, want %q", got, want)
	}
}
