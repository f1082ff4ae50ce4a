package viz

import (
	"math"
	"strings"
	"testing"
)

// The curve of the 2.4 notebook, f(x) = x³/3 - x (slope x² - 1: -1 at 0, 0 at ±1, 3 at 2).
func slopeCurve(x float64) float64 { return x*x*x/3 - x }

func TestSlopesGolden(t *testing.T) {
	f, err := Slopes(slopeCurve, -2.2, 2.2, -1.8, -1, 0, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "slopes", f)
}

func TestSlopesErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		lo, hi float64
		at     []float64
		f      func(float64) float64
		want   string
	}{
		{"empty", 1, 1, nil, slopeCurve, "is empty or infinite"},
		{"outside", 0, 1, []float64{2}, slopeCurve, "x = 2 is outside [0, 1]"},
		{"not finite", 0, 1, nil, math.Log, "not finite at x = 0"},
	} {
		_, err := Slopes(c.f, c.lo, c.hi, c.at...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
