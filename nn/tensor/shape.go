package tensor

import "fmt"

import (
	"strconv"
	"strings"
)

// Shape is the size of each axis of a tensor, outermost first.
// The shape of a scalar (rank 0) is empty.
type Shape []int

// String formats s as NumPy prints a shape: "()", "(5,)", "(60000, 28, 28)".
func (s Shape) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// Size returns the number of elements of a tensor of shape s: the product of its sizes, 1 for a scalar.
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether s and o have the same rank and sizes.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Clone returns a copy of s.
func (s Shape) Clone() Shape { return append(Shape(nil), s...) }

// rowMajorStrides returns the element strides of a contiguous row-major tensor of shape s.
func rowMajorStrides(s Shape) []int {
	st := make([]int, len(s))
	n := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = n
		n *= s[i]
	}
	return st
}

// KeepDims returns s with the given axes set to 1, all axes when none are given: the shape of a
// reduction over those axes with NumPy's keepdims=True, against which the reduction's result
// broadcasts. Negative axes count from the end. It returns an error naming the axis and the shape
// when an axis is out of range or repeated.
func (s Shape) KeepDims(axes ...int) (Shape, error) {
	out := s.Clone()
	if len(axes) == 0 {
		for i := range out {
			out[i] = 1
		}
		return out, nil
	}
	seen := make([]bool, len(s))
	for _, a := range axes {
		if a < -len(s) || a >= len(s) {
			return nil, fmt.Errorf("axis %d out of range for shape %v", a, s)
		}
		if a < 0 {
			a += len(s)
		}
		if seen[a] {
			return nil, fmt.Errorf("axis %d repeated for shape %v", a, s)
		}
		seen[a] = true
		out[a] = 1
	}
	return out, nil
}
