package viz

import (
	"strings"
	"testing"
	"time"
)

func TestDescentExplorerGolden(t *testing.T) {
	f, err := DescentExplorer(DefaultDescentSettings())
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "descent_explorer", f)
	// Momentum 0 is plain SGD twice; a large rate leaves the picture.
	f, err = DescentExplorer(DescentSettings{LearningRate: 0.05, Momentum: 0.9, Start: -1.9, Steps: 30})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Title, "momentum leaves the picture") {
		t.Errorf("rate 0.05 from -1.9: title %q, want a path that left the picture", f.Title)
	}
	checkGolden(t, "descent_explorer_diverging", f)
}

func TestDescentExplorerTitles(t *testing.T) {
	f, err := DescentExplorer(DefaultDescentSettings())
	if err != nil {
		t.Fatal(err)
	}
	want := "SGD ends at w = -0.93 (local minimum), momentum ends at w = 1.0"
	if !strings.Contains(f.Title, want) || !strings.HasSuffix(f.Title, "(global minimum)") {
		t.Errorf("title %q, want it to contain %q", f.Title, want)
	}
	s := DefaultDescentSettings()
	s.Momentum = 0.8 // not enough to cross the bump (TestMomentumReachesGlobalMinimum)
	f, _ = DescentExplorer(s)
	if !strings.Contains(f.Title, "(local minimum), momentum ends at w = -0.9") || !strings.HasSuffix(f.Title, "(local minimum)") {
		t.Errorf("momentum 0.8: title %q, want momentum stuck in the local minimum", f.Title)
	}
}

func TestDescentExplorerErrors(t *testing.T) {
	for _, c := range []struct {
		s    DescentSettings
		want string
	}{
		{DescentSettings{LearningRate: 0, Momentum: 0.9, Start: -1.8, Steps: 30}, "learning rate 0"},
		{DescentSettings{LearningRate: 0.02, Momentum: 1, Start: -1.8, Steps: 30}, "momentum 1"},
		{DescentSettings{LearningRate: 0.02, Momentum: 0.9, Start: 3, Steps: 30}, "start 3"},
		{DescentSettings{LearningRate: 0.02, Momentum: 0.9, Start: -1.8, Steps: 0}, "0 steps"},
	} {
		if _, err := DescentExplorer(c.s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.s, err, c.want)
		}
	}
}

// BenchmarkDescentExplorer measures one redraw of the explorer (frame and PNG), the work
// between a slider move and the new picture.
func BenchmarkDescentExplorer(b *testing.B) {
	for b.Loop() {
		f, _ := DescentExplorer(DefaultDescentSettings())
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = time.Second
