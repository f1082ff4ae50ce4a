package viz

import (
	"math"
	"testing"
)

func TestMomentumReachesGlobalMinimum(t *testing.T) {
	// The minima of w⁴ - 2w² - w/2, from Newton's method on the gradient 4w³ - 4w - 1/2.
	lo, gl := localMin(-1), localMin(1)
	if math.Abs(lo+0.93) > 0.01 || math.Abs(gl-1.06) > 0.01 {
		t.Fatalf("minima at %.4f and %.4f, want about -0.93 and 1.06", lo, gl)
	}
	if LocalGlobalLoss(gl) >= LocalGlobalLoss(lo) {
		t.Fatalf("loss(%.3f) = %.3f is not below loss(%.3f) = %.3f", gl, LocalGlobalLoss(gl), lo, LocalGlobalLoss(lo))
	}
	sgd, mom := descentPaths()
	if len(sgd) != DescentSteps+1 || len(mom) != DescentSteps+1 {
		t.Fatalf("paths of %d and %d points, want %d", len(sgd), len(mom), DescentSteps+1)
	}
	if end := sgd[len(sgd)-1]; math.Abs(end-lo) > 0.02 {
		t.Errorf("SGD ends at w = %.4f, want the local minimum %.4f", end, lo)
	}
	if end := mom[len(mom)-1]; math.Abs(end-gl) > 0.02 {
		t.Errorf("momentum ends at w = %.4f, want the global minimum %.4f", end, gl)
	}
	// Momentum 0.8 is not enough: the figure's claim depends on the settings.
	grad := func(w []float64) []float64 { return []float64{LocalGlobalGradient(w[0])} }
	p := MomentumPath(grad, []float64{DescentStart}, DescentLearningRate, 0.8, DescentSteps)
	if end := p[len(p)-1][0]; math.Abs(end-lo) > 0.05 {
		t.Errorf("momentum 0.8 ends at w = %.4f, want the local minimum %.4f", end, lo)
	}
	// One hand-computed step of the pseudo-code from w = -1.8, v = 0: g = 4(-5.832) + 7.2 - 0.5
	// = -16.628; v = -0.02 g = 0.33256; w = -1.8 + 0.9 v - 0.02 g = -1.8 + 0.299304 + 0.33256.
	p = MomentumPath(grad, []float64{-1.8}, 0.02, 0.9, 1)
	if want := -1.8 + 0.299304 + 0.33256; math.Abs(p[1][0]-want) > 1e-12 {
		t.Errorf("one momentum step: w = %.9f, want %.9f", p[1][0], want)
	}
}

func TestGradientDescentGolden(t *testing.T) {
	checkGolden(t, "gradient_descent", GradientDescent())
	checkGolden(t, "gradient_descent_2d", GradientDescent2D())
}
