package tensor

import (
	"fmt"
	"math"
)

// ClassLabels returns t's elements, in row-major order, as class indices in [0, classes): the one
// check of integer class labels shared by nn (Fit's targets), autodiff (the sparse losses) and viz
// (confusion matrices, digit captions). Labels of any dtype are accepted when they are whole
// numbers; classes <= 0 means no upper bound. For the first invalid label it returns a
// *LabelError, from which each caller words its own message.
func ClassLabels(t *Tensor, classes int) ([]int, error) {
	out := make([]int, t.Size())
	var e *LabelError
	lo, hi := math.Inf(1), math.Inf(-1)
	check := func(i int, v float64) {
		lo, hi = min(lo, v), max(hi, v)
		if e != nil {
			return
		}
		switch whole := v == math.Trunc(v) && !math.IsInf(v, 0); {
		case !whole:
			e = &LabelError{Index: i, Value: v, Classes: classes}
		case v < 0 || classes > 0 && v >= float64(classes):
			e = &LabelError{Index: i, Value: v, Classes: classes, Whole: true}
		default:
			out[i] = int(v)
		}
	}
	switch t.dtype {
	case Int64:
		for i, v := range values[int64](t) {
			if v >= 0 && (classes <= 0 || v < int64(classes)) {
				out[i] = int(v)
				lo, hi = min(lo, float64(v)), max(hi, float64(v))
				continue
			}
			check(i, float64(v))
		}
	case Uint8:
		for i, v := range values[uint8](t) {
			check(i, float64(v))
		}
	default:
		for i, v := range t.Float64s() {
			check(i, v)
		}
	}
	if e != nil {
		e.Min, e.Max = lo, hi
		return nil, e
	}
	return out, nil
}

// LabelError describes the first invalid class label ClassLabels found.
type LabelError struct {
	Index    int     // row-major position of the label
	Value    float64 // its value
	Classes  int     // the number of classes asked for (0: no upper bound)
	Whole    bool    // the value is a whole number (so it is out of range)
	Min, Max float64 // the smallest and largest label values (NaN aside)
}

// Error describes the label: "label 3 at position 7 is outside [0, 3)", "label 0.5 at position 0
// is not a whole number".
func (e *LabelError) Error() string {
	switch {
	case !e.Whole:
		return fmt.Sprintf("label %v at position %d is not a whole number", e.Value, e.Index)
	case e.Classes > 0:
		return fmt.Sprintf("label %v at position %d is outside [0, %d)", e.Value, e.Index, e.Classes)
	}
	return fmt.Sprintf("label %v at position %d is negative", e.Value, e.Index)
}
