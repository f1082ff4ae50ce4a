package viz

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// DescentSettings are the knobs of the descent explorer: gradient descent with momentum on
// LocalGlobalLoss (1-D) and on its 2-D valley, from Start (w, and x in 2-D, where y starts at
// DescentStart2D[1]), Steps steps of LearningRate, with Momentum (plain SGD is drawn beside it
// for comparison).
type DescentSettings struct {
	LearningRate, Momentum, Start float64
	Steps                         int
}

// DefaultDescentSettings returns the chapter's settings: learning rate 0.02, momentum 0.9,
// start -1.8, 30 steps (DescentLearningRate, DescentMomentum, DescentStart, DescentSteps).
func DefaultDescentSettings() DescentSettings {
	return DescentSettings{LearningRate: DescentLearningRate, Momentum: DescentMomentum, Start: DescentStart, Steps: DescentSteps}
}

// check returns an error naming the first setting out of range.
func (s DescentSettings) check() error {
	switch {
	case !(s.LearningRate > 0 && s.LearningRate <= 1):
		return fmt.Errorf("viz.DescentExplorer: learning rate %g, want 0 < rate <= 1", s.LearningRate)
	case !(s.Momentum >= 0 && s.Momentum < 1):
		return fmt.Errorf("viz.DescentExplorer: momentum %g, want 0 <= momentum < 1", s.Momentum)
	case !(s.Start >= -1.9 && s.Start <= 1.75):
		return fmt.Errorf("viz.DescentExplorer: start %g, want -1.9 <= start <= 1.75 (the drawn curve)", s.Start)
	case s.Steps < 1 || s.Steps > 1000:
		return fmt.Errorf("viz.DescentExplorer: %d steps, want 1 to 1000", s.Steps)
	}
	return nil
}

// DescentExplorer draws one frame of the descent explorer: on the left the 1-D loss curve
// with plain SGD and SGD with momentum from w = s.Start (the picture of GradientDescent), on
// the right the 2-D contours with both paths from (s.Start, 1.2) (GradientDescent2D). The
// title says where each run ends. Paths that leave the picture (a learning rate too large)
// are cut there, and the title says so.
//
// It returns an error naming a setting out of range.
func DescentExplorer(s DescentSettings) (*Figure, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	grad := func(w []float64) []float64 { return []float64{LocalGlobalGradient(w[0])} }
	inside := func(w []float64) bool { return w[0] >= -1.9 && w[0] <= 1.75 }
	var ends [2]string
	var paths [2][]float64
	for i, m := range []float64{0, s.Momentum} {
		p := cutPath(MomentumPath(grad, []float64{s.Start}, s.LearningRate, m, s.Steps), inside)
		for _, w := range p {
			paths[i] = append(paths[i], w[0])
		}
		last := paths[i][len(paths[i])-1]
		switch {
		case !inside(p[len(p)-1]):
			ends[i] = "leaves the picture"
		case math.Abs(last-localMin(-0.93)) < 0.05:
			ends[i] = fmt.Sprintf("ends at w = %.2f (local minimum)", last)
		case math.Abs(last-localMin(1.06)) < 0.05:
			ends[i] = fmt.Sprintf("ends at w = %.2f (global minimum)", last)
		default:
			ends[i] = fmt.Sprintf("ends at w = %.2f", last)
		}
	}
	curve := descentCurve(s, paths[0], paths[1])
	contour := descentContour(s, [2]float64{s.Start, DescentStart2D[1]})
	f := NewFigure("descent_explorer", []*plot.Plot{curve, contour})
	f.Title = fmt.Sprintf("learning rate %g, momentum %g, start %g: SGD %s, momentum %s",
		s.LearningRate, s.Momentum, s.Start, ends[0], ends[1])
	f.Width, f.Height = 12*vg.Inch, 5*vg.Inch
	f.SetSquare(contour)
	return f, nil
}

// ExploreDescent shows the descent explorer in a GoNB notebook (section 2.4.3): sliders for
// the learning rate (0.001 to 0.1), the momentum (0 to 0.99) and the starting point (-1.9 to
// 1.7) redraw DescentExplorer in place after each move, starting from the chapter's settings
// (DefaultDescentSettings); the "done" button (or the kernel's interrupt) ends the cell and
// leaves the last picture in the notebook. The cell keeps running while the sliders are live.
//
// In a run with no browser (kernel exec, nbconvert) it shows the picture at the chapter's
// settings after FrontendWait and returns; outside a notebook it shows it as Figure.Show does.
func ExploreDescent() error { return exploreDescent(context.Background()) }

func exploreDescent(ctx context.Context) error {
	s := DefaultDescentSettings()
	sliders := []slider{
		{name: "lr", label: "learning rate", min: 1, max: 100, pos: int(math.Round(s.LearningRate * 1000)), scale: 0.001, digits: 3},
		{name: "momentum", label: "momentum", min: 0, max: 99, pos: int(math.Round(s.Momentum * 100)), scale: 0.01, digits: 2},
		{name: "start", label: "start", min: -19, max: 17, pos: int(math.Round(s.Start * 10)), scale: 0.1, digits: 1},
	}
	it := &interactive{
		name:     "descent",
		controls: newControls("descent", sliders, []button{{name: "done", label: "done"}}),
		frame:    func() (*Figure, error) { return DescentExplorer(s) },
	}
	it.handle = func(ev event) bool {
		for _, sl := range sliders {
			if sl.name == ev.name {
				v := float64(min(max(ev.value, sl.min), sl.max)) * sl.scale
				switch ev.name {
				case "lr":
					s.LearningRate = v
				case "momentum":
					s.Momentum = v
				case "start":
					s.Start = v
				}
			}
		}
		return ev.name == "done"
	}
	return it.run(ctx)
}
