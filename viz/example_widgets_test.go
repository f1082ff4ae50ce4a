package viz_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/viz"
)

// One frame of the descent explorer at the chapter's settings: plain SGD stays in the local
// minimum, momentum 0.9 carries the ball into the global one.
func ExampleDescentExplorer() {
	fig, err := viz.DescentExplorer(viz.DefaultDescentSettings())
	if err != nil {
		panic(err)
	}
	fmt.Println(fig.Title)
	s := viz.DefaultDescentSettings()
	s.Momentum = 1.5
	_, err = viz.DescentExplorer(s)
	fmt.Println(err)
	// Output:
	// learning rate 0.02, momentum 0.9, start -1.8: SGD ends at w = -0.93 (local minimum), momentum ends at w = 1.07 (global minimum)
	// viz.DescentExplorer: momentum 1.5, want 0 <= momentum < 1
}

// In a notebook cell, viz.ExploreDescent() shows sliders; outside a notebook (here) it shows
// the picture at the chapter's settings as Show does.
func ExampleExploreDescent() {
	if err := viz.ExploreDescent(); err != nil {
		panic(err)
	}
	// Output:
	// saved nnbook-plots/descent_explorer.png
}

// One training step of w·x + b against y_true, phase by phase, with the numbers autodiff
// computes: the same titles the "next phase" button shows in a notebook.
func ExampleTrainingStep() {
	s := viz.NewTrainingStep()
	for range 5 {
		f, err := s.Figure()
		if err != nil {
			panic(err)
		}
		fmt.Println(f.Title)
		s.Next()
	}
	phase, step := s.Phase()
	fmt.Println("now:", phase, "of step", step)
	// Output:
	// Step 1, start: x = 2, w = 3, b = 1, y_true = 4
	// Step 1, forward pass: w·x = 6, w·x + b = 7
	// Step 1, loss: (7 - 4)² = 9
	// Step 1, backward pass: dloss/dw = 12, dloss/db = 6
	// Step 1, update: w = 3 - 0.01 × 12 = 2.88, b = 1 - 0.01 × 6 = 0.94
	// now: forward pass of step 2
}

// In a notebook cell, viz.StepThrough() shows the "next phase" button; outside a notebook it
// shows the starting picture.
func ExampleStepThrough() {
	if err := viz.StepThrough(); err != nil {
		panic(err)
	}
	// Output:
	// saved nnbook-plots/training_step.png
}

func ExampleStepPhase_String() {
	for p := viz.PhaseStart; p <= viz.PhaseUpdate; p++ {
		fmt.Println(int(p), p)
	}
	// Output:
	// 0 start
	// 1 forward pass
	// 2 loss
	// 3 backward pass
	// 4 update
}

// The stop button of a LiveLoss sets StopRequested; nn's Fit asks it after every batch. Stop
// does what a click does.
func ExampleLiveLoss_StopRequested() {
	live := viz.NewLiveLoss()
	fmt.Println(live.StopRequested())
	live.Stop()
	fmt.Println(live.StopRequested())
	// Output:
	// false
	// true
}

// A new figure written outside viz with the house style's building blocks: an image drawn
// nearest neighbour with imshow's ticks (ImagePlot, FitPixels), and a curve with fixed ticks
// (StepTicks) and a legend in the emptiest corner (AddLegend, PlaceLegend) on a white backdrop
// (LegendBackdrop).
func Example_style() {
	// An 8×8 checkerboard, every pixel a sharp square.
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.Set(x, y, color.Gray{Y: uint8(255 * ((x + y) % 2))})
		}
	}
	board := viz.ImagePlot(img, 2)
	f := viz.NewFigure("checkerboard", []*plot.Plot{board})
	f.Width, f.Height = 2*vg.Inch, 2*vg.Inch
	f.SetSquare(board)
	f.FitPixels(8, 8)
	b, err := f.PNG()
	if err != nil {
		panic(err)
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(b))
	fmt.Printf("checkerboard: %d×%d pixels\n", cfg.Width, cfg.Height)

	// A decaying curve: the legend goes to the top right, where the curve is not.
	p := plot.New()
	var xys plotter.XYs
	for i := range 50 {
		x := float64(i) / 10
		xys = append(xys, plotter.XY{X: x, Y: math.Exp(-x)})
	}
	line, _ := plotter.NewLine(xys)
	p.Add(line)
	viz.AddLegend(p, "exp(-x)", line)
	viz.PlaceLegend(p, xys)
	p.Add(viz.LegendBackdrop(p, "exp(-x)"))
	p.X.Tick.Marker = viz.StepTicks(0, 5, 0.5, 1)
	fmt.Println("legend at top:", p.Legend.Top, "left:", p.Legend.Left)
	viz.NewFigure("decay", []*plot.Plot{p}).MustShow()
	// Output:
	// checkerboard: 194×198 pixels
	// legend at top: true left: false
	// saved nnbook-plots/decay.png
}
