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

// The settings of the gradient-descent figures: from DescentStart, DescentSteps steps with
// learning rate DescentLearningRate, without momentum and with momentum DescentMomentum.
// On LocalGlobalLoss they make plain SGD settle in the local minimum (w ≈ -0.93) while
// momentum carries the ball over the bump into the global one (w ≈ 1.06); with momentum 0.8
// it would stop in the local minimum too (TestMomentumReachesGlobalMinimum checks both).
const (
	DescentStart        = -1.8
	DescentLearningRate = 0.02
	DescentMomentum     = 0.9
	DescentSteps        = 30
)

// LocalGlobalLoss is the 1-D loss of the momentum figures, a quartic with a local minimum
// near w = -0.93 (loss ≈ -0.52) and a global minimum near w = 1.06 (loss ≈ -1.52), separated
// by a bump near w = -0.13:
//
//	loss(w) = w⁴ - 2w² - w/2
func LocalGlobalLoss(w float64) float64 { return w*w*w*w - 2*w*w - w/2 }

// LocalGlobalGradient is the derivative of LocalGlobalLoss: 4w³ - 4w - 1/2.
func LocalGlobalGradient(w float64) float64 { return 4*w*w*w - 4*w - 0.5 }

// MomentumPath returns the parameters w_0 = start, w_1, ..., w_steps visited by gradient
// descent with momentum, the book's pseudo-code (2.4.3) applied to every coordinate:
//
//	velocity = past_velocity * momentum - learning_rate * gradient
//	w = w + momentum * velocity - learning_rate * gradient
//
// starting from velocity 0. With momentum 0 it is plain SGD: w = w - learning_rate * gradient.
// grad returns the gradient at w; start is not changed.
func MomentumPath(grad func(w []float64) []float64, start []float64, learningRate, momentum float64, steps int) [][]float64 {
	w := append([]float64(nil), start...)
	velocity := make([]float64, len(w))
	path := [][]float64{append([]float64(nil), w...)}
	for range steps {
		g := grad(w)
		for i := range w {
			velocity[i] = velocity[i]*momentum - learningRate*g[i]
			w[i] += momentum*velocity[i] - learningRate*g[i]
		}
		path = append(path, append([]float64(nil), w...))
	}
	return path
}

// descentPaths returns the 1-D paths without and with momentum.
func descentPaths() (sgd, mom []float64) {
	grad := func(w []float64) []float64 { return []float64{LocalGlobalGradient(w[0])} }
	for _, w := range MomentumPath(grad, []float64{DescentStart}, DescentLearningRate, 0, DescentSteps) {
		sgd = append(sgd, w[0])
	}
	for _, w := range MomentumPath(grad, []float64{DescentStart}, DescentLearningRate, DescentMomentum, DescentSteps) {
		mom = append(mom, w[0])
	}
	return sgd, mom
}

// GradientDescent draws the book's figures 2.13 and 2.14: a loss curve with a local and a
// global minimum (LocalGlobalLoss), and gradient descent from w = -1.8 with learning rate 0.02,
// a marker per step: plain SGD (blue circles) rolls into the local minimum and stays there;
// SGD with momentum 0.9 (orange triangles) gathers speed, crosses the bump and settles in the
// global minimum. The right panel shows the loss at each step of both runs. The paths are
// computed with MomentumPath, not drawn by hand.
func GradientDescent() *Figure {
	sgd, mom := descentPaths()
	curve := descentCurve(DefaultDescentSettings(), sgd, mom)

	steps := plot.New()
	steps.Title.Text = "Loss at each step"
	steps.X.Label.Text = "step"
	steps.Y.Label.Text = "loss"
	steps.Add(plotter.NewGrid())
	sl2, ss2 := stepPlotters(sgd, nil, tabBlue, draw.CircleGlyph{})
	ml2, ms2 := stepPlotters(mom, nil, tabOrange, draw.TriangleGlyph{})
	for i := range sgd {
		sl2.XYs[i], ss2.XYs[i] = plotter.XY{X: float64(i), Y: LocalGlobalLoss(sgd[i])}, plotter.XY{X: float64(i), Y: LocalGlobalLoss(sgd[i])}
		ml2.XYs[i], ms2.XYs[i] = plotter.XY{X: float64(i), Y: LocalGlobalLoss(mom[i])}, plotter.XY{X: float64(i), Y: LocalGlobalLoss(mom[i])}
	}
	steps.Add(sl2, ml2, ss2, ms2)
	AddLegend(steps, "SGD", sl2, ss2)
	AddLegend(steps, "momentum", ml2, ms2)
	steps.Legend.Top = true
	steps.Y.Tick.Marker = StepTicks(-2, 5, 1, 1)

	f := NewFigure("gradient_descent", []*plot.Plot{curve, steps})
	f.Title = fmt.Sprintf("Gradient descent from w = %g, learning rate %g, %d steps", DescentStart, DescentLearningRate, DescentSteps)
	f.Width, f.Height = 10*vg.Inch, 4.5*vg.Inch
	return f
}

// descentCurve is the left panel of GradientDescent and of the descent explorer: the loss
// curve with the paths sgd (plain SGD) and mom (SGD with momentum s.Momentum).
func descentCurve(s DescentSettings, sgd, mom []float64) *plot.Plot {
	curve := plot.New()
	curve.Title.Text = "Loss curve"
	curve.X.Label.Text = "parameter w"
	curve.Y.Label.Text = "loss"
	fn := plotter.NewFunction(LocalGlobalLoss)
	fn.XMin, fn.XMax, fn.Samples = -1.9, 1.75, 300
	fn.Color = color.Gray{Y: 90}
	fn.Width = vg.Points(1.5)
	curve.Add(plotter.NewGrid(), fn)
	curve.X.Min, curve.X.Max = -1.9, 1.75
	curve.Y.Min, curve.Y.Max = -2.5, 6
	sl, ss := stepPlotters(sgd, LocalGlobalLoss, tabBlue, draw.CircleGlyph{})
	ml, ms := stepPlotters(mom, LocalGlobalLoss, tabOrange, draw.TriangleGlyph{})
	curve.Add(sl, ml, ss, ms)
	AddLegend(curve, "loss(w) = w⁴ - 2w² - w/2", fn)
	AddLegend(curve, "SGD", sl, ss)
	AddLegend(curve, fmt.Sprintf("SGD, momentum %g", s.Momentum), ml, ms)
	curve.Legend.Top = true
	curve.Legend.XOffs = -vg.Points(36) // clear of the curve's right branch, which leaves at the top right
	curve.Legend.YOffs = -vg.Points(4)
	lo, gl := localMin(-0.93), localMin(1.06)
	annotate(curve, lo, LocalGlobalLoss(lo)-0.5, "local minimum")
	annotate(curve, gl, LocalGlobalLoss(gl)-0.5, "global minimum")
	curve.Y.Tick.Marker = StepTicks(-2, 6, 1, 2)
	return curve
}

// stepPlotters returns a thin line and markers through the points (w_i, loss(w_i)) (or (i, 0)
// when loss is nil, to be filled by the caller).
func stepPlotters(ws []float64, loss func(float64) float64, c color.Color, g draw.GlyphDrawer) (*plotter.Line, *plotter.Scatter) {
	xys := make(plotter.XYs, len(ws))
	for i, w := range ws {
		if loss != nil {
			xys[i] = plotter.XY{X: w, Y: loss(w)}
		}
	}
	l, _ := plotter.NewLine(xys)
	l.Color = c
	l.Width = vg.Points(0.7)
	s, _ := plotter.NewScatter(append(plotter.XYs(nil), xys...))
	s.Color = c
	s.Shape = g
	s.Radius = vg.Points(3)
	return l, s
}

// localMin refines a minimum of LocalGlobalLoss near w by Newton's method.
func localMin(w float64) float64 {
	for range 20 {
		w -= LocalGlobalGradient(w) / (12*w*w - 4)
	}
	return w
}

// annotate writes txt centred at (x, y) in p's data coordinates.
func annotate(p *plot.Plot, x, y float64, txt string) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: []plotter.XY{{X: x, Y: y}}, Labels: []string{txt}})
	if err != nil {
		return
	}
	l.TextStyle[0] = textStyle(10, color.Black)
	p.Add(l)
}

// The 2-D loss of GradientDescent2D: LocalGlobalLoss along x plus a valley 2y² along y.
func loss2D(x, y float64) float64 { return LocalGlobalLoss(x) + 2*y*y }

// DescentStart2D is where the 2-D descent starts.
var DescentStart2D = [2]float64{-1.8, 1.2}

// GradientDescent2D draws the 2-D version of the momentum figure: contour lines of
// loss(x, y) = x⁴ - 2x² - x/2 + 2y² (a valley with a local minimum near (-0.93, 0) and the
// global one near (1.06, 0)), and the paths of plain SGD and SGD with momentum from
// (-1.8, 1.2), with the settings of GradientDescent and a marker per step: SGD stops in the
// local basin, momentum overshoots across the ridge and spirals into the global minimum.
func GradientDescent2D() *Figure {
	p := descentContour(DefaultDescentSettings(), DescentStart2D)
	f := NewFigure("gradient_descent_2d", []*plot.Plot{p})
	f.Width, f.Height = 7*vg.Inch, 5.5*vg.Inch
	f.SetSquare(p)
	return f
}

// descentGrid is the region GradientDescent2D draws.
var descentGrid = lossGrid{x0: -2, x1: 1.8, y0: -1.5, y1: 1.5, nx: 153, ny: 121}

// descentContour is GradientDescent2D's panel for the settings s, starting at start: the
// contour lines, the paths of plain SGD and of SGD with momentum (cut where they leave the
// picture), the minima, and a legend on a white backdrop so that it reads over the contours.
func descentContour(s DescentSettings, start [2]float64) *plot.Plot {
	grid := descentGrid
	levels := []float64{-1.4, -1.2, -1, -0.75, -0.5, -0.25, 0, 0.5, 1, 2, 3, 4.5, 6, 8}
	cont := plotter.NewContour(grid, levels, levelPalette(len(levels)))
	cont.LineStyles[0].Width = vg.Points(1)

	p := plot.New()
	p.Title.Text = "loss(x, y) = x⁴ - 2x² - x/2 + 2y²"
	p.X.Label.Text = "x"
	p.Y.Label.Text = "y"
	p.Add(cont)
	var names []string
	for i, path := range descentPaths2D(s, start) {
		xys := make(plotter.XYs, len(path))
		for j, w := range path {
			xys[j] = plotter.XY{X: w[0], Y: w[1]}
		}
		l, _ := plotter.NewLine(xys)
		sc, _ := plotter.NewScatter(xys)
		l.Width, sc.Radius = vg.Points(0.8), vg.Points(3)
		name := "SGD"
		l.Color, sc.Color, sc.Shape = tabBlue, tabBlue, draw.GlyphDrawer(draw.CircleGlyph{})
		if i == 1 {
			name = fmt.Sprintf("SGD, momentum %g", s.Momentum)
			l.Color, sc.Color, sc.Shape = tabOrange, tabOrange, draw.TriangleGlyph{}
		}
		p.Add(l, sc)
		AddLegend(p, name, l, sc)
		names = append(names, name)
	}
	lo, gl := localMin(-0.93), localMin(1.06)
	mins, _ := plotter.NewScatter(plotter.XYs{{X: lo, Y: 0}, {X: gl, Y: 0}})
	mins.Shape, mins.Color, mins.Radius = draw.CrossGlyph{}, color.Black, vg.Points(5)
	p.Add(mins)
	AddLegend(p, "minima", mins)
	names = append(names, "minima")
	annotate(p, lo, -0.6, "local minimum")
	annotate(p, gl, -0.6, "global minimum")
	p.Legend.Left = true
	p.Legend.YOffs = vg.Points(6)
	p.Legend.XOffs = vg.Points(6)
	p.Add(LegendBackdrop(p, names...))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = grid.x0, grid.x1, grid.y0, grid.y1
	p.X.Padding, p.Y.Padding = 0, 0
	return p
}

// descentPaths2D returns the 2-D paths of plain SGD and of SGD with momentum, each cut after
// its first point outside the picture (a learning rate too large makes descent diverge).
func descentPaths2D(s DescentSettings, start [2]float64) [2][][]float64 {
	grad := func(w []float64) []float64 { return []float64{LocalGlobalGradient(w[0]), 4 * w[1]} }
	var out [2][][]float64
	for i, m := range []float64{0, s.Momentum} {
		out[i] = cutPath(MomentumPath(grad, start[:], s.LearningRate, m, s.Steps), func(w []float64) bool {
			return w[0] >= descentGrid.x0 && w[0] <= descentGrid.x1 && w[1] >= descentGrid.y0 && w[1] <= descentGrid.y1
		})
	}
	return out
}

// cutPath returns path up to and including its first point for which inside is false.
func cutPath(path [][]float64, inside func([]float64) bool) [][]float64 {
	for i, w := range path {
		if !inside(w) {
			return path[:i+1]
		}
	}
	return path
}

// lossGrid samples loss2D on a regular grid, as plotter.GridXYZ.
type lossGrid struct {
	x0, x1, y0, y1 float64
	nx, ny         int
}

func (g lossGrid) Dims() (c, r int)   { return g.nx, g.ny }
func (g lossGrid) X(c int) float64    { return g.x0 + (g.x1-g.x0)*float64(c)/float64(g.nx-1) }
func (g lossGrid) Y(r int) float64    { return g.y0 + (g.y1-g.y0)*float64(r)/float64(g.ny-1) }
func (g lossGrid) Z(c, r int) float64 { return loss2D(g.X(c), g.Y(r)) }

// levelPalette is n colours of viridis, darkest for the lowest level, as a palette.Palette.
type levelPalette int

func (n levelPalette) Colors() []color.Color {
	cs := make([]color.Color, int(n))
	for i := range cs {
		cs[i] = viridis.At(0.9 * float64(i) / math.Max(1, float64(n-1)))
	}
	return cs
}

// StepTicks returns ticks from lo to hi every minor, labelled every major (a building block
// of the house style: StepTicks(-2, 6, 1, 2) marks every unit and labels -2, 0, 2, 4, 6).
func StepTicks(lo, hi, minor, major float64) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for v := lo; v <= hi+1e-9; v += minor {
		t := plot.Tick{Value: v}
		if r := math.Mod(math.Abs(v), major); r < 1e-9 || major-r < 1e-9 {
			t.Label = fmt.Sprintf("%g", v)
		}
		ts = append(ts, t)
	}
	return ts
}
