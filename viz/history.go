package viz

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn"
)

// History draws the curves of a training run, as the book's listings 4.9 and 4.10 (figures
// 4.4 and 4.5) plot history.history with matplotlib: for each of loss and accuracy a panel
// with the training values as blue dots ("bo") and the validation values as a blue line ("b"),
// per epoch numbered from 1, so that overfitting shows where the validation curve turns.
// A third panel shows the loss of every training batch (h.BatchLoss), a thin grey line on an
// axis in epochs, with the epoch means as dots; its loss axis is logarithmic when the losses span
// more than a factor of ten (2.3 at the first batch, 0.03 at the end of the chapter's run), as
// the live loss curve's is. Panels without data (no "accuracy", no batch
// losses) are left out; legends go to the corner with the fewest points.
//
// NaN or infinite values (a diverged run) are left out of the curves and said so in the
// title. Titles mention validation only when h has validation values. It returns an error when h
// is nil, has no epoch and no batch loss, or a metric has a number of values different from the
// number of epochs.
func History(h *nn.History) (*Figure, error) {
	if h == nil {
		return nil, fmt.Errorf("viz.History: history is nil")
	}
	if len(h.Epoch) == 0 && len(h.BatchLoss) == 0 {
		return nil, fmt.Errorf("viz.History: empty history: no epoch and no batch loss recorded")
	}
	for _, k := range h.Keys() {
		if n := len(h.History[k]); n != len(h.Epoch) {
			return nil, fmt.Errorf("viz.History: %q has %d values for %d epochs", k, n, len(h.Epoch))
		}
	}
	dropped := false
	var row []*plot.Plot
	for _, m := range []struct{ train, val string }{
		{"loss", "val_loss"},
		{"accuracy", "val_accuracy"},
	} {
		if len(h.History[m.train]) == 0 || len(h.Epoch) == 0 {
			continue
		}
		p := plot.New()
		p.Title.Text = "Training " + m.train
		if len(h.History[m.val]) > 0 {
			p.Title.Text = "Training and validation " + m.train
		}
		p.X.Label.Text = "epoch"
		p.Y.Label.Text = m.train
		p.Add(plotter.NewGrid())
		var all plotter.XYs
		train, d1 := epochXYs(h.Epoch, h.History[m.train])
		dots, _ := plotter.NewScatter(train)
		dots.Color, dots.Shape, dots.Radius = tabBlue, draw.CircleGlyph{}, vg.Points(3)
		p.Add(dots)
		all = append(all, train...)
		dropped = dropped || d1
		if vs := h.History[m.val]; len(vs) > 0 {
			// A legend only when there are two series; alone, the title names the dots, and a
			// lone legend dot beside the data reads as one more point.
			AddLegend(p, "Training "+m.train, dots)
			val, d2 := epochXYs(h.Epoch, vs)
			line, _ := plotter.NewLine(val)
			line.Color, line.Width = tabBlue, vg.Points(1.5)
			p.Add(line)
			AddLegend(p, "Validation "+m.train, line)
			all = append(all, val...)
			dropped = dropped || d2
		}
		p.X.Tick.Marker = epochTicks(len(h.Epoch))
		p.Y.Tick.Marker = niceTicks{}
		padRange(p, all)
		PlaceLegend(p, all)
		row = append(row, p)
	}
	if len(h.BatchLoss) > 0 {
		p, d := batchLossPlot(h.BatchLoss, h.StepsPerEpoch, h.Epoch, h.History["loss"])
		dropped = dropped || d
		row = append(row, p)
	}
	f := NewFigure("history", row)
	f.Width, f.Height = vg.Length(len(row))*4.2*vg.Inch, 3.8*vg.Inch
	switch {
	case h.Interrupted && dropped:
		f.Title = "Training history (interrupted; NaN or infinite values not drawn)"
	case h.Interrupted:
		f.Title = "Training history (interrupted)"
	case dropped:
		f.Title = "Training history (NaN or infinite values not drawn)"
	}
	return f, nil
}

// epochXYs returns the points (epoch+1, v) with finite v, and whether some were dropped.
func epochXYs(epochs []int, vs []float64) (plotter.XYs, bool) {
	return finiteXYs(vs, func(i int) float64 { return float64(epochs[i] + 1) })
}

// finiteXYs returns the points (x(i), vs[i]) with finite vs[i], and whether some were dropped
// (a NaN or infinite loss cannot be drawn).
func finiteXYs(vs []float64, x func(i int) float64) (plotter.XYs, bool) {
	var xys plotter.XYs
	dropped := false
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			dropped = true
			continue
		}
		xys = append(xys, plotter.XY{X: x(i), Y: v})
	}
	return xys, dropped
}

// maxLinePoints bounds the points of a batch-loss line: a longer series is drawn as its envelope
// (envelopeXYs), which looks the same at a figure's width and keeps LiveLoss's redraws as cheap
// after 100,000 batches as after 1,000.
const maxLinePoints = 4000

// envelopeXYs returns xys (in x order) unchanged when it has at most limit points; otherwise it
// splits them into limit/2 runs of consecutive points and keeps, from each run, its lowest and its
// highest point in x order, so that every peak and trough of the series stays on the line.
func envelopeXYs(xys plotter.XYs, limit int) plotter.XYs {
	buckets := limit / 2
	if len(xys) <= limit || buckets < 1 {
		return xys
	}
	out := make(plotter.XYs, 0, 2*buckets)
	for b := range buckets {
		lo, hi := b*len(xys)/buckets, (b+1)*len(xys)/buckets
		iMin, iMax := lo, lo
		for i := lo + 1; i < hi; i++ {
			if xys[i].Y < xys[iMin].Y {
				iMin = i
			}
			if xys[i].Y > xys[iMax].Y {
				iMax = i
			}
		}
		out = append(out, xys[min(iMin, iMax)])
		if iMin != iMax {
			out = append(out, xys[max(iMin, iMax)])
		}
	}
	return out
}

// batchLossPlot draws the loss of every batch against the epoch (batch i of StepsPerEpoch
// ends at (i+1)/StepsPerEpoch), with the epoch means (epochLoss, may be nil) as dots at the
// ends of their epochs. Without StepsPerEpoch the x axis counts batches.
func batchLossPlot(batchLoss []float64, steps int, epochs []int, epochLoss []float64) (*plot.Plot, bool) {
	p := plot.New()
	p.Title.Text = "Loss of each training batch"
	p.Y.Label.Text = "loss"
	p.Add(plotter.NewGrid())
	scale := 1.0
	if steps > 0 {
		scale = 1 / float64(steps)
		p.X.Label.Text = "epoch"
	} else {
		p.X.Label.Text = "batch"
	}
	xys, dropped := finiteXYs(batchLoss, func(i int) float64 { return float64(i+1) * scale })
	xys = envelopeXYs(xys, maxLinePoints)
	if len(xys) > 0 {
		line, _ := plotter.NewLine(xys)
		line.Color, line.Width = color.Gray{Y: 120}, vg.Points(0.6)
		p.Add(line)
		AddLegend(p, "batch loss", line)
	}
	all := xys
	if steps > 0 && len(epochLoss) == len(epochs) && len(epochs) > 0 {
		means, d := epochXYs(epochs, epochLoss)
		dropped = dropped || d
		if len(means) > 0 {
			dots, _ := plotter.NewScatter(means)
			dots.Color, dots.Shape, dots.Radius = tabBlue, draw.CircleGlyph{}, vg.Points(3)
			p.Add(dots)
			AddLegend(p, "epoch mean", dots)
			all = append(all, means...)
		}
	}
	if steps > 0 {
		p.X.Min = 0
		p.X.Tick.Marker = epochTicks(int(math.Ceil(float64(len(batchLoss)) * scale)))
	}
	p.Y.Tick.Marker = niceTicks{}
	padRange(p, all)
	logAxisIfWide(p, all)
	PlaceLegend(p, all)
	return p, dropped
}

// epochTicks labels whole epochs 1..n, every one up to 10 epochs, then every 2, 5, 10, ...
func epochTicks(n int) plot.Ticker {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500} {
		step = s
		if n/s <= 10 {
			break
		}
	}
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var ts []plot.Tick
		for e := 0; e <= n; e++ {
			if float64(e) < lo-1e-9 || float64(e) > hi+1e-9 {
				continue
			}
			t := plot.Tick{Value: float64(e)}
			if e%step == 0 && e > 0 || e == 1 && step == 1 {
				t.Label = itoa(e)
			}
			ts = append(ts, t)
		}
		return ts
	})
}

// padRange widens p's axes by 5% of the data's range on each side, so that dots are not cut
// at the edges.
func padRange(p *plot.Plot, xys plotter.XYs) {
	if len(xys) == 0 {
		return
	}
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, xy := range xys {
		ylo, yhi = math.Min(ylo, xy.Y), math.Max(yhi, xy.Y)
	}
	d := 0.05 * (yhi - ylo)
	if d == 0 {
		d = 0.05*math.Abs(yhi) + 0.05
	}
	p.Y.Min, p.Y.Max = ylo-d, yhi+d
	if p.X.Min > 0.5 || math.IsInf(p.X.Min, 0) {
		p.X.Min = 0.5
	}
	p.X.Max += 0.5
}

// logAxisIfWide puts p's y axis on a log scale when the values are all positive and span more than
// a factor of 10, as a batch loss falling from 2.3 to 0.03 does: on a linear axis everything after
// the first batches would lie flat along the bottom.
func logAxisIfWide(p *plot.Plot, xys plotter.XYs) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, xy := range xys {
		if xy.Y <= 0 {
			return
		}
		lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
	}
	if len(xys) == 0 || hi < 10*lo {
		return
	}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	p.Y.Min, p.Y.Max = lo/1.25, hi*1.25
	p.Y.Label.Text = "loss (log scale)"
}

// niceTicks labels about 5 round values (steps of 1, 2 or 5 times a power of ten), with
// unlabelled minor ticks halfway.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ts []plot.Tick
	for i := math.Ceil(lo/step*2 - 1e-9); i/2*step <= hi+1e-9*step; i++ {
		v := i / 2 * step
		if math.Abs(v) < 1e-9*step {
			v = 0 // not "-0.0"
		}
		t := plot.Tick{Value: v}
		if int(i)%2 == 0 {
			t.Label = strconv.FormatFloat(v, 'f', prec, 64)
		}
		ts = append(ts, t)
	}
	return ts
}

// logTicks marks a log axis at 1, 2 and 5 times each power of ten (labelled) and at the other
// whole multiples (unlabelled), so that a range of less than a decade still gets several labels.
// Over more than three decades only powers of ten are labelled, and over more than eight only
// every k-th power with no minor ticks, so that labels never crowd (a loss that falls from 1 to
// 1e-6 gets 1e-06, 0.0001, 0.01, 1 or so). Values are exact decimals: 5e-06, not 4.99…e-06.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > lo) {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	decades := math.Log10(hi / lo)
	labelled := func(m, e int) bool { return m == 1 || m == 2 || m == 5 }
	minor, every := true, 1
	switch {
	case decades > 8:
		minor, every = false, int(math.Ceil(decades/6))
		labelled = func(m, e int) bool { return m == 1 && e%every == 0 }
	case decades > 3:
		labelled = func(m, e int) bool { return m == 1 }
	}
	var ts []plot.Tick
	for e := int(math.Floor(math.Log10(lo))); math.Pow(10, float64(e)) <= hi; e++ {
		for m := 1; m <= 9; m++ {
			// m·10^e parsed from its decimal text is the float nearest the decimal value.
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
			if v < lo || v > hi || !minor && !labelled(m, e) {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled(m, e) {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}
