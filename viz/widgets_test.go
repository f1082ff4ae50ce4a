package viz

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
)

// fakeBrowser plays the browser's part for the widgets: it records the scripts the cell runs
// and, when asked, answers as the controls' JavaScript would (alive first, then one scripted
// message after each new picture, as a student moving a slider after looking).
type fakeBrowser struct {
	mu      sync.Mutex
	chans   map[string]chan string
	scripts []string
	live    bool    // answer "alive" when a script runs
	next    []event // messages to send, one per new picture
	address string
}

func newFakeBrowser(t *testing.T) *fakeBrowser {
	b := &fakeBrowser{chans: map[string]chan string{}}
	oldJS, oldListen := runJS, listenStrings
	runJS = func(js string) {
		b.mu.Lock()
		b.scripts = append(b.scripts, js)
		live := b.live
		b.mu.Unlock()
		if live {
			b.send("alive", 1)
			b.sendNext()
		}
	}
	listenStrings = func(address string) (<-chan string, func()) {
		b.mu.Lock()
		defer b.mu.Unlock()
		c := make(chan string, 16)
		b.chans[address] = c
		b.address = address
		var once sync.Once
		return c, func() { once.Do(func() { close(c) }) }
	}
	t.Cleanup(func() { runJS, listenStrings = oldJS, oldListen })
	return b
}

// send delivers "name value" to the last controls shown, as their script does.
func (b *fakeBrowser) send(name string, value int) {
	b.mu.Lock()
	c := b.chans[b.address]
	b.mu.Unlock()
	if c != nil {
		c <- fmt.Sprintf("%s %d", name, value)
	}
}

func (b *fakeBrowser) sendNext() {
	b.mu.Lock()
	if len(b.next) == 0 || !b.live {
		b.mu.Unlock()
		return
	}
	ev := b.next[0]
	b.next = b.next[1:]
	b.mu.Unlock()
	b.send(ev.name, ev.value)
}

// sawUpdate is called for every UpdateHTML: a new picture after the first prompts the next
// message.
func (b *fakeBrowser) sawUpdate(id, html string) {
	b.mu.Lock()
	started := len(b.scripts) > 0
	b.mu.Unlock()
	if started && strings.HasSuffix(id, "-picture") && html != "" {
		b.sendNext()
	}
}

// pictures returns the inline PNGs of the updates of the block id.
func (nb *fakeNotebook) pictures(suffix string) []string {
	var out []string
	for _, u := range nb.updates {
		id, html, _ := strings.Cut(u, ": ")
		if strings.HasSuffix(id, suffix) && html != "" {
			out = append(out, html)
		}
	}
	return out
}

func TestExploreDescentSliders(t *testing.T) {
	nb := newFakeNotebook(t)
	nb.browser.live = true
	nb.browser.next = []event{{"lr", 50}, {"momentum", 0}, {"start", 15}, {"done", 1}}
	if err := exploreDescent(context.Background()); err != nil {
		t.Fatal(err)
	}
	pics := nb.pictures("-picture")
	if len(pics) != 4 { // the default, then one per slider move
		t.Fatalf("%d pictures drawn, want 4 (default + 3 slider moves)", len(pics))
	}
	for i := 1; i < len(pics); i++ {
		if pics[i] == pics[i-1] {
			t.Errorf("picture %d is the same as picture %d after a slider move", i, i-1)
		}
	}
	want, _ := DescentExplorer(DescentSettings{LearningRate: 0.05, Momentum: 0, Start: 1.5, Steps: DescentSteps})
	wantPNG, _ := want.PNG()
	if len(nb.pngs) != 1 {
		t.Fatalf("%d frames left in the notebook, want 1", len(nb.pngs))
	}
	if msg := comparePNG(nb.pngs[0], wantPNG); msg != "" {
		t.Errorf("final frame is not the explorer at rate 0.05, momentum 0, start 1.5: %s", msg)
	}
	if last := nb.updates[len(nb.updates)-1]; !strings.HasSuffix(last, ": ") {
		t.Errorf("last update %.60q, want the blocks cleared", last)
	}
	html := nb.updates[0]
	for _, id := range []string{`id="nnbook_descent_1-lr"`, `id="nnbook_descent_1-momentum"`, `id="nnbook_descent_1-start"`, `id="nnbook_descent_1-done"`, `value="20"`, `value="90"`, `value="-18"`} {
		if !strings.Contains(html, id) {
			t.Errorf("controls %q lack %s", html, id)
		}
	}
}

// TestExploreDescentHeadless: with no browser (nbclient runs no JavaScript) the cell shows
// the default picture after FrontendWait and returns.
func TestExploreDescentHeadless(t *testing.T) {
	nb := newFakeNotebook(t)
	old := FrontendWait
	FrontendWait = 50 * time.Millisecond
	t.Cleanup(func() { FrontendWait = old })
	start := time.Now()
	if err := exploreDescent(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("headless run took %v", d)
	}
	want, _ := DescentExplorer(DefaultDescentSettings())
	wantPNG, _ := want.PNG()
	if len(nb.pngs) != 1 || comparePNG(nb.pngs[0], wantPNG) != "" {
		t.Errorf("%d frames left; want 1, the explorer at the chapter's settings", len(nb.pngs))
	}
}

// TestWidgetsKnownHeadless: when the run says it has no browser (kernel exec sets
// NNBOOK_HEADLESS), a widget shows its default picture at once: no controls, no script, no
// comms listener, and no FrontendWait.
func TestWidgetsKnownHeadless(t *testing.T) {
	defaultStep, _ := NewTrainingStep().Figure()
	for _, w := range []struct {
		name string
		run  func() error
		want func() (*Figure, error)
	}{
		{"ExploreDescent", func() error { return exploreDescent(context.Background()) },
			func() (*Figure, error) { return DescentExplorer(DefaultDescentSettings()) }},
		{"StepThrough", func() error { return stepThrough(context.Background(), NewTrainingStep()) },
			func() (*Figure, error) { return defaultStep, nil }},
	} {
		t.Run(w.name, func(t *testing.T) {
			nb := newFakeNotebook(t)
			headless = func() bool { return true }
			old := FrontendWait
			FrontendWait = time.Hour // a wait would time the test out
			t.Cleanup(func() { FrontendWait = old })
			if err := w.run(); err != nil {
				t.Fatal(err)
			}
			want, err := w.want()
			if err != nil {
				t.Fatal(err)
			}
			wantPNG, _ := want.PNG()
			if len(nb.pngs) != 1 || comparePNG(nb.pngs[0], wantPNG) != "" {
				t.Errorf("%d pictures shown; want 1, the default frame", len(nb.pngs))
			}
			if len(nb.updates) != 0 || len(nb.browser.scripts) != 0 || len(nb.browser.chans) != 0 {
				t.Errorf("controls shown headless: %d updates, %d scripts, %d listeners", len(nb.updates), len(nb.browser.scripts), len(nb.browser.chans))
			}
		})
	}
}

func TestStepThroughClicks(t *testing.T) {
	nb := newFakeNotebook(t)
	nb.browser.live = true
	nb.browser.next = []event{{"next", 1}, {"next", 2}, {"next", 3}, {"next", 4}, {"done", 1}}
	s := NewTrainingStep()
	if err := stepThrough(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if ph, n := s.Phase(); ph != PhaseUpdate || n != 1 {
		t.Errorf("after 4 clicks: phase %v of step %d, want update of step 1", ph, n)
	}
	if pics := nb.pictures("-picture"); len(pics) != 5 {
		t.Errorf("%d pictures, want 5 (start + 4 phases)", len(pics))
	}
	if w := s.W.Value.Item(); w != 2.88 {
		t.Errorf("w = %v after the update, want 2.88", w)
	}
	if len(nb.pngs) != 1 {
		t.Errorf("%d frames left in the notebook, want 1", len(nb.pngs))
	}
}

// TestExploreDescentCancel: the kernel's interrupt (here ctx) ends the loop with the last frame.
func TestExploreDescentCancel(t *testing.T) {
	nb := newFakeNotebook(t)
	nb.browser.live = true
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- exploreDescent(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("exploreDescent did not return after ctx was cancelled")
	}
	if len(nb.pngs) != 1 {
		t.Errorf("%d frames left, want 1", len(nb.pngs))
	}
}

// TestLiveLossStopButton: a click on the stop button makes StopRequested true; Fit (nn)
// ends when a callback says so.
func TestLiveLossStopButton(t *testing.T) {
	nb := newFakeNotebook(t)
	l := NewLiveLoss()
	l.OnTrainBegin(trainInfo1())
	if l.StopRequested() {
		t.Fatal("StopRequested before any click")
	}
	if !strings.Contains(nb.updates[0], `id="nnbook_live_loss_stop_1-stop"`) || !strings.Contains(nb.updates[0], "stop training") {
		t.Errorf("first update %q is not the stop button", nb.updates[0])
	}
	if len(nb.browser.scripts) != 1 || !strings.Contains(nb.browser.scripts[0], "nnbook_live_loss_stop_1") {
		t.Errorf("scripts %q, want the button's script", nb.browser.scripts)
	}
	nb.browser.send("stop", 1)
	deadline := time.Now().Add(10 * time.Second)
	for !l.StopRequested() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if !l.StopRequested() {
		t.Fatal("StopRequested is false after a click")
	}
	l.OnTrainEnd(nil)
	if last := nb.updates[len(nb.updates)-1]; last != "nnbook_live_loss_stop_1: " {
		t.Errorf("last update %q, want the button removed", last)
	}
	l.OnTrainBegin(trainInfo1()) // a new Fit starts unstopped
	if l.StopRequested() {
		t.Error("StopRequested carried over to the next Fit")
	}
	l.OnTrainEnd(nil)
}

func trainInfo1() nn.TrainInfo { return nn.TrainInfo{Epochs: 1, StepsPerEpoch: 10} }
