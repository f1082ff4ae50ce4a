package viz

import (
	"math"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/autodiff"
)

// TestTrainingStepNumbers follows one step by hand: x = 2, w = 3, b = 1, y_true = 4;
// prediction 3·2 + 1 = 7, loss (7 - 4)² = 9; dloss/dpred = 2(7 - 4) = 6, so dloss/dw = 6x = 12
// and dloss/db = 6; the update with rate 0.01 gives w = 3 - 0.12 = 2.88, b = 1 - 0.06 = 0.94,
// and the next prediction 2.88·2 + 0.94 = 6.7, loss 2.7² = 7.29.
func TestTrainingStepNumbers(t *testing.T) {
	s := NewTrainingStep()
	wantTitles := []string{
		"Step 1, start: x = 2, w = 3, b = 1, y_true = 4",
		"Step 1, forward pass: w·x = 6, w·x + b = 7",
		"Step 1, loss: (7 - 4)² = 9",
		"Step 1, backward pass: dloss/dw = 12, dloss/db = 6",
		"Step 1, update: w = 3 - 0.01 × 12 = 2.88, b = 1 - 0.01 × 6 = 0.94",
		"Step 2, forward pass: w·x = 5.76, w·x + b = 6.7",
		"Step 2, loss: (6.7 - 4)² = 7.29",
	}
	for i, want := range wantTitles {
		if i > 0 {
			s.Next()
		}
		f, err := s.Figure()
		if err != nil {
			t.Fatal(err)
		}
		if f.Title != want {
			t.Errorf("click %d: title %q, want %q", i, f.Title, want)
		}
		if i == 3 {
			checkGolden(t, "training_step_backward", f)
		}
		if i == 4 {
			checkGolden(t, "training_step_update", f)
		}
	}
	if w, b := s.W.Value.Item(), s.B.Value.Item(); math.Abs(w-2.88) > 1e-12 || math.Abs(b-0.94) > 1e-12 {
		t.Errorf("after one update w = %v, b = %v, want 2.88 and 0.94", w, b)
	}
	if ph, n := s.Phase(); ph != PhaseLoss || n != 2 {
		t.Errorf("Phase() = %v, %d, want loss, 2", ph, n)
	}
}

// TestTrainingStepNotes checks the numbers in the boxes: unknown before their phase, the
// gradient of every node after the backward pass.
func TestTrainingStepNotes(t *testing.T) {
	s := NewTrainingStep()
	for range 3 {
		s.Next()
	}
	got := strings.Join(stepNotes(t, s), " | ")
	// Backward pass: dloss/dx = 6w = 18, dloss/dw = 12, dloss/db = 6, dloss/dy_true = -6,
	// dloss/dmul = dloss/dadd = 6, dloss/d(-y_true) = 6, dloss/dloss = 1. The tape records
	// pred - y_true as pred + neg(y_true).
	for _, want := range []string{"constant;x = 2;grad 18", "variable w;w = 3;grad 12", "variable b;b = 1;grad 6",
		"constant;y_true = 4;grad -6", "mul;w·x = 6;grad 6", "add;pred = 7;grad 6", "neg;-y_true = -4;grad 6", "add;pred - y_true = 3;grad 6", "square;loss = 9;grad 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("boxes %q lack %q", got, want)
		}
	}
	s = NewTrainingStep()
	s.Next() // forward: the loss is not known yet
	got = strings.Join(stepNotes(t, s), " | ")
	if !strings.Contains(got, "add;pred = 7") || !strings.Contains(got, "neg;-y_true = ?") || !strings.Contains(got, "square;loss = ?") || strings.Contains(got, "grad") {
		t.Errorf("forward pass boxes %q, want add = 7, neg and square = ? and no gradients", got)
	}
}

// stepNotes returns the text of every box of s's graph, lines joined by ";" (notes replace shapes).
func stepNotes(t *testing.T, s *TrainingStep) []string {
	t.Helper()
	nodes, notes, _ := s.graph()
	g, err := newGraphLayout(nodes, graphText{notes: func(n *autodiff.Node) []string { return notes[n] }})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range g.labels {
		out = append(out, l[0]+";"+strings.Join(l[1:], ";"))
	}
	return out
}
