package tensor

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
