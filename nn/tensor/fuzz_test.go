package tensor

import (
	"testing"
)

// pyIndices is Python's slice(start, stop).indices(n) for step 1, written out independently of
// Range.bounds: the reference for the fuzz test.
func pyIndices(r Range, n int) (start, length int) {
	norm := func(v int, has bool, def int) int {
		switch {
		case !has:
			return def
		case v < 0:
			return max(v+n, 0)
		}
		return min(v, n)
	}
	start, stop := norm(r.Start, r.HasStart, 0), norm(r.Stop, r.HasStop, n)
	return start, max(stop-start, 0)
}

// FuzzSliceReshape slices a 3-D tensor holding 0, 1, 2, ..., optionally transposes and reshapes
// the view, and compares every element with the value computed from the bounds alone.
func FuzzSliceReshape(f *testing.F) {
	f.Add(uint8(5), uint8(4), uint8(3), int8(1), int8(-1), int8(0), int8(3), int8(-2), int8(9), uint8(0xff), uint8(0))
	f.Add(uint8(6), uint8(28), uint8(28), int8(2), int8(5), int8(7), int8(-7), int8(7), int8(-7), uint8(0x3f), uint8(1))
	f.Add(uint8(0), uint8(2), uint8(3), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), uint8(0), uint8(2))
	f.Add(uint8(3), uint8(1), uint8(4), int8(-9), int8(9), int8(0), int8(1), int8(2), int8(1), uint8(0x15), uint8(3))
	f.Fuzz(func(t *testing.T, d0, d1, d2 uint8, a0, b0, a1, b1, a2, b2 int8, has, mode uint8) {
		dims := []int{int(d0 % 8), int(d1 % 30), int(d2 % 30)}
		x := Arange(Int64, dims[0]*dims[1]*dims[2]).Reshape(dims...)
		ranges := []Range{
			{Start: int(a0), Stop: int(b0), HasStart: has&1 != 0, HasStop: has&2 != 0},
			{Start: int(a1), Stop: int(b1), HasStart: has&4 != 0, HasStop: has&8 != 0},
			{Start: int(a2), Stop: int(b2), HasStart: has&16 != 0, HasStop: has&32 != 0},
		}
		v := x.Slice(ranges...)
		var starts, shape [3]int
		for i := range 3 {
			starts[i], shape[i] = pyIndices(ranges[i], dims[i])
		}
		if !v.Shape().Equal(shape[:]) {
			t.Fatalf("x%v[%v, %v, %v]: got shape %v, want %v", Shape(dims), ranges[0], ranges[1], ranges[2], v.Shape(), Shape(shape[:]))
		}
		// want holds the view's elements in row-major order, from the bounds alone.
		var want []float64
		for i := range shape[0] {
			for j := range shape[1] {
				for k := range shape[2] {
					want = append(want, float64(((starts[0]+i)*dims[1]+starts[1]+j)*dims[2]+starts[2]+k))
				}
			}
		}
		checkTensor(t, "slice", v, Int64, shape[:], want)
		switch mode % 4 {
		case 1: // transpose, then compare through the transposed order
			tv := v.Transpose(2, 0, 1)
			var tw []float64
			for k := range shape[2] {
				for i := range shape[0] {
					for j := range shape[1] {
						tw = append(tw, want[(i*shape[1]+j)*shape[2]+k])
					}
				}
			}
			checkTensor(t, "transpose", tv, Int64, Shape{shape[2], shape[0], shape[1]}, tw)
			checkTensor(t, "transpose reshape", tv.Reshape(-1), Int64, Shape{len(tw)}, tw)
		case 2: // reshape to two axes, inferring one when possible
			if shape[2] > 0 {
				checkTensor(t, "reshape", v.Reshape(-1, shape[2]), Int64, Shape{shape[0] * shape[1], shape[2]}, want)
			}
			checkTensor(t, "reshape flat", v.Reshape(len(want)), Int64, Shape{len(want)}, want)
		case 3: // index along the first axis
			if shape[0] > 0 {
				n := shape[1] * shape[2]
				checkTensor(t, "index", v.Index(-1), Int64, Shape{shape[1], shape[2]}, want[len(want)-n:])
			}
		}
		checkTensor(t, "clone", v.Clone(), Int64, shape[:], want)
		checkTensor(t, "naive", FromSlice(naiveValues(v)).Reshape(shape[:]...), Float64, shape[:], want)
	})
}
