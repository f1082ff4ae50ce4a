package tensor

import "github.com/nnbook/nnbook/nn/internal/simd"

// The element-wise kernels. Each is one generic function over the Number types, instantiated for
// uint8, int64, float32 and float64 and chosen once per call by a type switch; the operation is
// chosen once per row, outside the loops, so the loops are plain Go arithmetic on slices that the
// compiler can keep free of bounds checks. float32 stays float32 throughout.

// binOp names an element-wise binary operation.
type binOp int

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
)

// maxOf returns the larger of x and y, or NaN if either is NaN, as np.maximum. It is Go's
// builtin max, which compiles to branch-free code (ten times faster than a comparison on random
// data); it differs from NumPy only in the sign of a zero: max(0, -0) is 0 where NumPy gives -0.
func maxOf[T Number](x, y T) T { return max(x, y) }

// minOf returns the smaller of x and y, or NaN if either is NaN, as np.minimum (min(-0, 0) is -0
// where NumPy gives 0).
func minOf[T Number](x, y T) T { return min(x, y) }

// apply returns op(x, y) for one pair of elements.
func apply[T Number](op binOp, x, y T) T {
	switch op {
	case opAdd:
		return x + y
	case opSub:
		return x - y
	case opMul:
		return x * y
	case opDiv:
		return x / y
	case opMax:
		return maxOf(x, y)
	}
	return minOf(x, y)
}

// binaryRow sets out[i] = op(a[i*sa], b[i*sb]) for every i of out, with fast loops for contiguous
// operands and for a scalar right operand (sb == 0) or left operand (sa == 0).
func binaryRow[T Number](op binOp, out, a []T, sa int, b []T, sb int) {
	n := len(out)
	switch {
	case sa == 1 && sb == 1:
		a, b = a[:n], b[:n]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = a[i] + b[i]
			}
		case opSub:
			for i := range out {
				out[i] = a[i] - b[i]
			}
		case opMul:
			for i := range out {
				out[i] = a[i] * b[i]
			}
		case opDiv:
			for i := range out {
				out[i] = a[i] / b[i]
			}
		case opMax:
			for i := range out {
				out[i] = maxOf(a[i], b[i])
			}
		case opMin:
			for i := range out {
				out[i] = minOf(a[i], b[i])
			}
		}
	case sa == 1 && sb == 0:
		a, y := a[:n], b[0]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = a[i] + y
			}
		case opSub:
			for i := range out {
				out[i] = a[i] - y
			}
		case opMul:
			for i := range out {
				out[i] = a[i] * y
			}
		case opDiv:
			for i := range out {
				out[i] = a[i] / y
			}
		case opMax:
			for i := range out {
				out[i] = maxOf(a[i], y)
			}
		case opMin:
			for i := range out {
				out[i] = minOf(a[i], y)
			}
		}
	case sa == 0 && sb == 1:
		x, b := a[0], b[:n]
		for i := range out {
			out[i] = apply(op, x, b[i])
		}
	default:
		for i, p, q := 0, 0, 0; i < n; i, p, q = i+1, p+sa, q+sb {
			out[i] = apply(op, a[p], b[q])
		}
	}
}

// binaryRows is binaryRow over the contiguous out and a, with b contiguous too (sb 1) or one
// value (sb 0), split over the cores from largeSplit elements.
func binaryRows[T Number](op binOp, out, a, b []T, sb int) {
	if len(out) < largeSplit {
		binaryRow(op, out, a, 1, b, sb)
		return
	}
	simd.Split(len(out), func(lo, hi int) {
		if sb == 1 {
			binaryRow(op, out[lo:hi], a[lo:hi], 1, b[lo:hi], 1)
		} else {
			binaryRow(op, out[lo:hi], a[lo:hi], 1, b, 0)
		}
	})
}

// binaryKernel computes out = op(a, b) where a and b have out's dtype T and broadcast to out's
// shape; out is contiguous and new.
func binaryKernel[T Number](op binOp, out, a, b *Tensor) {
	od, ad, bd := out.data.([]T), a.data.([]T), b.data.([]T)
	if a.shape.Equal(b.shape) && a.IsContiguous() && b.IsContiguous() {
		n := len(od)
		binaryRows(op, od, ad[a.offset:a.offset+n], bd[b.offset:b.offset+n], 1)
		return
	}
	if a.shape.Equal(out.shape) && a.IsContiguous() && b.Size() == 1 { // t op scalar, as x / 255
		n := len(od)
		binaryRows(op, od, ad[a.offset:a.offset+n], bd[b.offset:b.offset+1], 0)
		return
	}
	it := newIter(out.shape,
		[][]int{out.strides, a.broadcastStrides(out.shape), b.broadcastStrides(out.shape)},
		[]int{0, a.offset, b.offset})
	n, sa, sb := it.inner(), it.stride(1), it.stride(2)
	it.rows(func(o []int) {
		binaryRow(op, od[o[0]:o[0]+n], ad[o[1]:], sa, bd[o[2]:], sb)
	})
}

// equalKernel sets out (uint8, contiguous, new) to 1 where a == b and 0 elsewhere; a and b have
// dtype T and broadcast to out's shape.
func equalKernel[T Number](out, a, b *Tensor) {
	od, ad, bd := out.data.([]uint8), a.data.([]T), b.data.([]T)
	it := newIter(out.shape,
		[][]int{out.strides, a.broadcastStrides(out.shape), b.broadcastStrides(out.shape)},
		[]int{0, a.offset, b.offset})
	n, sa, sb := it.inner(), it.stride(1), it.stride(2)
	it.rows(func(o []int) {
		for i, p, q := o[0], o[1], o[2]; i < o[0]+n; i, p, q = i+1, p+sa, q+sb {
			if ad[p] == bd[q] {
				od[i] = 1
			}
		}
	})
}

// mapKernel sets out[i] = T(f(float64(in[i]))) for the contiguous new out and in of out's shape
// and dtype T, a float type: the element-wise math functions (Exp, Log, Tanh, ...).
func mapKernel[T float32 | float64](out, in *Tensor, f func(float64) float64) {
	od, id := out.data.([]T), in.data.([]T)
	it := newIter(out.shape, [][]int{out.strides, in.strides}, []int{0, in.offset})
	n, s := it.inner(), it.stride(1)
	it.rows(func(o []int) {
		for i, p := o[0], o[1]; i < o[0]+n; i, p = i+1, p+s {
			od[i] = T(f(float64(id[p])))
		}
	})
}

// largeSplit is the size from which an element-wise pass is split over the cores (simd.Split):
// a quarter of a million elements, a millisecond or more of one core, where starting a goroutine
// costs microseconds. Each element is computed as without the split, so the results are the
// same. Besides the arithmetic, a new result's pages are then first touched (faulted in) by all
// cores: converting the 47 million MNIST pixels to float32 and dividing them by 255, as the
// chapter's notebooks do in every cell, is mostly that.
const largeSplit = 1 << 18
