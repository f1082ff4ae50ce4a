package viz

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Slopes draws the derivative as a slope (section 2.4.1 of the book): on the left, the curve of
// f over [lo, hi] and, at each point x of at, the tangent line through (x, f(x)) whose slope is
// the derivative f'(x), labelled with its value; on the right, the derivative itself as a
// function of x, with the same points marked. Where the slope is positive (green) a small step to
// the right raises f, where it is negative (red) it lowers f, and where it is zero f is flat: a
// minimum, a maximum or a plateau.
//
// The derivative is computed numerically with the central difference
// (f(x+h) - f(x-h)) / 2h, h = 1e-5·max(1, |x|). Slopes returns an error when lo >= hi, when a
// point of at is outside [lo, hi], or when f is not finite at a point drawn.
func Slopes(f func(float64) float64, lo, hi float64, at ...float64) (*Figure, error) {
	if f == nil {
		return nil, fmt.Errorf("viz.Slopes: f is nil")
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, fmt.Errorf("viz.Slopes: the interval [%g, %g] is empty or infinite", lo, hi)
	}
	deriv := func(x float64) float64 {
		h := 1e-5 * math.Max(1, math.Abs(x))
		return (f(x+h) - f(x-h)) / (2 * h)
	}
	const samples = 300
	curve := make(plotter.XYs, samples)
	dcurve := make(plotter.XYs, samples)
	for i := range samples {
		x := lo + (hi-lo)*float64(i)/(samples-1)
		curve[i] = plotter.XY{X: x, Y: f(x)}
		dcurve[i] = plotter.XY{X: x, Y: deriv(x)}
		if !finite(curve[i].Y) || !finite(dcurve[i].Y) {
			return nil, fmt.Errorf("viz.Slopes: f or its slope is not finite at x = %g", x)
		}
	}
	for _, x := range at {
		if x < lo || x > hi {
			return nil, fmt.Errorf("viz.Slopes: the point x = %g is outside [%g, %g]", x, lo, hi)
		}
	}
	green, red := color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 255}, tabRed

	left, l := slopePanel("f(x) and its tangents", "f(x)", curve)
	left.Add(plotter.NewGrid(), l)
	right, dl := slopePanel("the derivative f'(x): the slope at each x", "f'(x)", dcurve)
	right.Add(plotter.NewGrid(), axisLines([2]float64{lo, 0}, [2]float64{hi, 0}), dl)

	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, p := range curve {
		ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
	}
	half := (hi - lo) / 8 // half-length of a tangent segment, along x
	for _, x := range at {
		y, a := f(x), deriv(x)
		c := color.Color(color.Gray{Y: 100})
		switch {
		case a > 1e-6:
			c = green
		case a < -1e-6:
			c = red
		}
		t, _ := plotter.NewLine(plotter.XYs{{X: x - half, Y: y - a*half}, {X: x + half, Y: y + a*half}})
		t.Color, t.Width = c, vg.Points(1.4)
		pt, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		pt.Color, pt.Shape, pt.Radius = c, draw.CircleGlyph{}, vg.Points(3.5)
		left.Add(t, pt)
		lab, _ := plotter.NewLabels(plotter.XYLabels{XYs: []plotter.XY{{X: x, Y: y}}, Labels: []string{"slope " + formatNumber(round3(a))}})
		// the label goes where the tangent is not: below right of a rising one, above right of a
		// falling one, above a flat one
		lab.TextStyle[0] = textStyle(9, c)
		switch {
		case c == green:
			lab.TextStyle[0].XAlign, lab.TextStyle[0].YAlign = draw.XLeft, draw.YTop
			lab.Offset = vg.Point{X: vg.Points(8), Y: -vg.Points(4)}
		case c == red:
			lab.TextStyle[0].XAlign, lab.TextStyle[0].YAlign = draw.XLeft, draw.YBottom
			lab.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(4)}
		default:
			lab.TextStyle[0].YAlign = draw.YBottom
			lab.Offset = vg.Point{Y: vg.Points(6)}
		}
		left.Add(lab)
		dp, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: a}})
		dp.Color, dp.Shape, dp.Radius = c, draw.CircleGlyph{}, vg.Points(3.5)
		right.Add(dp)
	}
	pad := 0.15 * (ymax - ymin)
	left.X.Min, left.X.Max = lo, hi
	left.Y.Min, left.Y.Max = ymin-pad, ymax+2*pad
	right.X.Min, right.X.Max = lo, hi

	fig := NewFigure("slopes", []*plot.Plot{left, right})
	fig.Title = "The derivative is the slope of the tangent"
	fig.Width, fig.Height = 10*vg.Inch, 4.2*vg.Inch
	return fig, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// round3 rounds v to 3 decimals, so that -0.0000004 prints as 0.
func round3(v float64) float64 {
	r := math.Round(v*1000) / 1000
	if r == 0 {
		return 0
	}
	return r
}

// slopePanel is one of Slopes' two panels: a plot titled title, with axes x and ylabel, and the
// grey line through pts (not yet added, so that the caller chooses what is drawn beneath it).
func slopePanel(title, ylabel string, pts plotter.XYs) (*plot.Plot, *plotter.Line) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "x"
	p.Y.Label.Text = ylabel
	l, _ := plotter.NewLine(pts)
	l.Color, l.Width = color.Gray{Y: 60}, vg.Points(1.6)
	return p, l
}
