package viz

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/nnbook/nnbook/nn/tensor"
)

// floats returns t's elements in row-major order as a new []float64, whatever t's dtype.
// It uses only the element accessors of t's own dtype, never a conversion.
func floats(t *tensor.Tensor) []float64 {
	out := make([]float64, 0, t.Size())
	switch t.DType() {
	case tensor.Float64:
		out = append(out, t.Float64s()...)
	case tensor.Float32:
		for _, v := range t.Float32s() {
			out = append(out, float64(v))
		}
	case tensor.Uint8:
		for _, v := range t.Uint8s() {
			out = append(out, float64(v))
		}
	case tensor.Int64:
		for _, v := range t.Int64s() {
			out = append(out, float64(v))
		}
	}
	return out
}

// checkFinite returns an error naming fn and the first NaN or infinite element of v.
func checkFinite(fn string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("viz.%s: element %d is %v", fn, i, x)
		}
	}
	return nil
}

// classes returns a 1-D tensor of class indices as ints, or an error naming fn, what and the
// problem: a rank other than 1, a negative or fractional value.
func classes(fn, what string, t *tensor.Tensor) ([]int, error) {
	if t == nil {
		return nil, fmt.Errorf("viz.%s: %s is nil", fn, what)
	}
	if t.NDim() != 1 {
		return nil, fmt.Errorf("viz.%s: %s must be 1-D class indices, got shape %v", fn, what, t.Shape())
	}
	out, err := tensor.ClassLabels(t, 0)
	var le *tensor.LabelError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("viz.%s: %s[%d] = %v is not a class index (an integer >= 0)", fn, what, le.Index, le.Value)
	}
	return out, err
}

func itoa(i int) string { return strconv.Itoa(i) }

// minMax returns the smallest and largest of v (v not empty).
func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
