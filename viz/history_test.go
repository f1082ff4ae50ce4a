package viz

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// synthHistory returns 20 epochs of 30 batches that overfit as the book's IMDB model
// (figure 4.4): training loss keeps falling, validation loss is lowest at epoch 4 and then rises.
func synthHistory() *nn.History {
	r := rand.New(rand.NewPCG(5, 6))
	h := nn.NewHistory()
	h.StepsPerEpoch = 30
	for e := range 20 {
		h.Epoch = append(h.Epoch, e)
		var sum float64
		for b := range 30 {
			t := float64(e) + float64(b+1)/30
			l := 0.5*math.Exp(-t/3) + 0.02 + 0.04*r.NormFloat64()*math.Exp(-t/8)
			h.BatchLoss = append(h.BatchLoss, math.Max(l, 0.001))
			sum += math.Max(l, 0.001)
		}
		x := float64(e + 1)
		h.History["loss"] = append(h.History["loss"], sum/30)
		h.History["accuracy"] = append(h.History["accuracy"], 0.99-0.2*math.Exp(-x/2.5))
		h.History["val_loss"] = append(h.History["val_loss"], 0.27+0.0012*(x-4)*(x-4)+0.003*x)
		h.History["val_accuracy"] = append(h.History["val_accuracy"], 0.875-0.00025*(x-4)*(x-4)+0.012*math.Min(x, 4)/4)
	}
	return h
}

func TestHistoryGolden(t *testing.T) {
	f, err := History(synthHistory())
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "history", f)
}

func TestHistoryErrors(t *testing.T) {
	bad := nn.NewHistory()
	bad.Epoch = []int{0, 1}
	bad.History["loss"] = []float64{1}
	for _, tc := range []struct {
		h    *nn.History
		want string
	}{
		{nil, "history is nil"},
		{nn.NewHistory(), "empty history"},
		{bad, `"loss" has 1 values for 2 epochs`},
	} {
		_, err := History(tc.h)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("History error = %v, want one containing %q", err, tc.want)
		}
	}
	// A diverged run draws what is finite and says so.
	h := nn.NewHistory()
	h.Epoch = []int{0, 1}
	h.History["loss"] = []float64{0.5, math.NaN()}
	h.Interrupted = true
	f, err := History(h)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Title, "NaN") || !strings.Contains(f.Title, "interrupted") {
		t.Errorf("title %q does not mention the NaN and the interruption", f.Title)
	}
	if _, err := f.PNG(); err != nil {
		t.Error(err)
	}
	// Finite epoch losses, one infinite batch loss: the batch panel drops it and the title says so.
	h = nn.NewHistory()
	h.Epoch = []int{0}
	h.StepsPerEpoch = 3
	h.History["loss"] = []float64{0.5}
	h.BatchLoss = []float64{0.7, math.Inf(1), 0.4}
	if f, err = History(h); err != nil {
		t.Fatal(err)
	}
	if f.Title != "Training history (NaN or infinite values not drawn)" {
		t.Errorf("title %q, want it to say that NaN or infinite values are not drawn", f.Title)
	}
}

// Titles name validation only when the history has it (the chapter's fit has none).
func TestHistoryTitles(t *testing.T) {
	withVal := synthHistory()
	trainOnly := synthHistory()
	delete(trainOnly.History, "val_loss")
	delete(trainOnly.History, "val_accuracy")
	c := draw.New(vgimg.New(4*vg.Inch, 4*vg.Inch))
	for _, tc := range []struct {
		h          *nn.History
		want       []string
		withLegend []bool // of each panel
	}{
		{withVal, []string{"Training and validation loss", "Training and validation accuracy", "Loss of each training batch"},
			[]bool{true, true, true}},
		// One series per epoch panel: the title names it, no legend.
		{trainOnly, []string{"Training loss", "Training accuracy", "Loss of each training batch"},
			[]bool{false, false, true}},
	} {
		f, err := History(tc.h)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, p := range f.Plots[0] {
			got = append(got, p.Title.Text)
			if has := p.Legend.Rectangle(c).Size().Y > 0; has != tc.withLegend[i] {
				t.Errorf("%q: legend shown %v, want %v", p.Title.Text, has, tc.withLegend[i])
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("titles: got %q, want %q", got, tc.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string // the labelled ticks
	}{
		{0.35, 4.2, "0.5 1 2"}, // the live loss of the golden: less than a decade
		{0.008, 2.9, "0.01 0.02 0.05 0.1 0.2 0.5 1 2"},
		{3, 4, ""}, // no 1, 2 or 5 multiple inside: unlabelled minor ticks only
		{4e-6, 0.35, "1e-05 0.0001 0.001 0.01 0.1"}, // 5 decades: powers of ten only
		{4e-6, 4.2e-6, ""},                          // only 4e-06 inside, a minor tick: unlabelled
		{4.5e-6, 6e-6, "5e-06"},                     // exact decimal, not 4.999999999999999e-06
		{2e-12, 3, "1e-09 1e-06 0.001 1"},           // 12 decades: every 3rd power, no minor ticks
	} {
		var got []string
		for _, tk := range (logTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			if tk.Value < tc.lo || tk.Value > tc.hi {
				t.Errorf("Ticks(%g, %g): tick %g outside the range", tc.lo, tc.hi, tk.Value)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("Ticks(%g, %g) labels: got %q, want %q", tc.lo, tc.hi, strings.Join(got, " "), tc.want)
		}
	}
}

// A long batch-loss series is drawn as its envelope: at most maxLinePoints points, in x order,
// with every extreme of the series kept.
func TestEnvelopeXYs(t *testing.T) {
	const n = 100_003
	xys := make(plotter.XYs, n)
	for i := range xys {
		// A slow decay with a deterministic wiggle, and one spike and one dip far from run edges.
		xys[i] = plotter.XY{X: float64(i), Y: 1/(1+float64(i)/1000) + 0.01*math.Sin(float64(i))}
	}
	xys[31_337].Y, xys[77_777].Y = 9, -9
	got := envelopeXYs(xys, maxLinePoints)
	if len(got) > maxLinePoints || len(got) < maxLinePoints/2 {
		t.Fatalf("got %d points, want between %d and %d", len(got), maxLinePoints/2, maxLinePoints)
	}
	var sawSpike, sawDip bool
	for i, p := range got {
		if i > 0 && p.X <= got[i-1].X {
			t.Fatalf("point %d: x %v after %v, want increasing x", i, p.X, got[i-1].X)
		}
		sawSpike = sawSpike || p.Y == 9
		sawDip = sawDip || p.Y == -9
	}
	if !sawSpike || !sawDip {
		t.Errorf("envelope lost an extreme: spike %v, dip %v", sawSpike, sawDip)
	}
	if short := xys[:maxLinePoints]; len(envelopeXYs(short, maxLinePoints)) != maxLinePoints {
		t.Error("a series of maxLinePoints points was changed")
	}
}
