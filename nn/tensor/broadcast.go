package tensor

import (
	"fmt"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Broadcasting, as NumPy: two shapes are aligned on their last axis; along each axis the sizes
// must be equal or one of them 1, and the missing leading axes of the shorter shape count as 1.
// The result has the larger size along each axis. A tensor is broadcast without copying by giving
// stride 0 to its repeated axes.

// BroadcastShapes returns the shape that tensors of shapes a and b broadcast to, as
// np.broadcast_shapes: (64, 3, 32, 10) and (32, 10) give (64, 3, 32, 10). It panics naming both
// shapes when they are not compatible.
func BroadcastShapes(a, b Shape) Shape { return broadcastShapes("BroadcastShapes", a, b) }

func broadcastShapes(op string, a, b Shape) Shape {
	out, ok := a.BroadcastWith(b)
	if !ok {
		notebook.Panic(fmt.Sprintf("tensor.%s: shapes %v and %v cannot be broadcast", op, a, b))
	}
	return out
}

// BroadcastWith returns the shape that tensors of shapes s and o broadcast to, and true; or nil and
// false when they are not compatible: aligned from the last axis, each pair of sizes must be equal
// or one of them 1. It is the check behind every broadcasting operation, for packages that report
// the error in their own words.
func (s Shape) BroadcastWith(o Shape) (Shape, bool) {
	n := max(len(s), len(o))
	out := make(Shape, n)
	for i := 1; i <= n; i++ {
		ds, do := 1, 1
		if i <= len(s) {
			ds = s[len(s)-i]
		}
		if i <= len(o) {
			do = o[len(o)-i]
		}
		switch {
		case ds == do || do == 1:
			out[n-i] = ds
		case ds == 1:
			out[n-i] = do
		default:
			return nil, false
		}
	}
	return out, true
}

// broadcastStrides returns t's strides for reading t as if broadcast to shape, which must be a
// valid broadcast target of t's shape: 0 along new leading axes and along axes where t has size 1.
func (t *Tensor) broadcastStrides(shape Shape) []int {
	st := make([]int, len(shape))
	k := len(shape) - len(t.shape)
	for i := range t.shape {
		if t.shape[i] != 1 {
			st[k+i] = t.strides[i]
		}
	}
	return st
}

// nditer walks several strided operands of a common shape in row-major order, one inner row at a
// time. Its shape is coalesced: axes of size 1 are dropped and neighbouring axes that every operand
// steps through as one are merged, so a contiguous tensor is a single long row and a broadcast
// (32, 10) operand against (64, 3, 32, 10) becomes rows of 320.
type nditer struct {
	shape []int   // coalesced shape, at least one axis
	st    [][]int // st[k] are the strides of operand k over shape
	off   []int   // starting offsets of the operands
	size  int     // number of elements
}

// newIter returns an iterator over shape for operands with the given strides (each of len(shape))
// and starting offsets.
func newIter(shape Shape, strides [][]int, offs []int) *nditer {
	it := &nditer{off: offs, size: shape.Size(), st: make([][]int, len(strides))}
	for i, d := range shape {
		if d == 1 {
			continue
		}
		if n := len(it.shape); n > 0 && it.mergeable(strides, i, n-1, d) {
			it.shape[n-1] *= d
			for k := range strides {
				it.st[k][n-1] = strides[k][i]
			}
			continue
		}
		it.shape = append(it.shape, d)
		for k := range strides {
			it.st[k] = append(it.st[k], strides[k][i])
		}
	}
	if len(it.shape) == 0 {
		it.shape = []int{1}
		for k := range it.st {
			it.st[k] = []int{0}
		}
	}
	return it
}

// mergeable reports whether axis i (size d) of the original shape can be folded into the last
// coalesced axis j: every operand's stride along j is d times its stride along i.
func (it *nditer) mergeable(strides [][]int, i, j, d int) bool {
	for k := range strides {
		if it.st[k][j] != strides[k][i]*d {
			return false
		}
	}
	return true
}

// inner returns the length of the inner rows.
func (it *nditer) inner() int { return it.shape[len(it.shape)-1] }

// stride returns operand k's stride along the inner rows.
func (it *nditer) stride(k int) int { return it.st[k][len(it.shape)-1] }

// rows calls f with the starting offsets of each operand for every inner row, in row-major order.
// f must not keep offs.
func (it *nditer) rows(f func(offs []int)) {
	if it.size == 0 {
		return
	}
	outer := len(it.shape) - 1
	offs := append([]int(nil), it.off...)
	idx := make([]int, outer)
	for {
		f(offs)
		a := outer - 1
		for ; a >= 0; a-- {
			idx[a]++
			for k := range offs {
				offs[k] += it.st[k][a]
			}
			if idx[a] < it.shape[a] {
				break
			}
			for k := range offs {
				offs[k] -= idx[a] * it.st[k][a]
			}
			idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// copyInto copies src, broadcast to dst's shape, into dst's storage; both have dtype T.
func copyInto[T Number](dst, src *Tensor) {
	dd, sd := dst.data.([]T), src.data.([]T)
	it := newIter(dst.shape, [][]int{dst.strides, src.broadcastStrides(dst.shape)}, []int{dst.offset, src.offset})
	n, ds, ss := it.inner(), it.stride(0), it.stride(1)
	it.rows(func(o []int) {
		if ds == 1 && ss == 1 {
			copy(dd[o[0]:o[0]+n], sd[o[1]:o[1]+n])
			return
		}
		for i, p, q := 0, o[0], o[1]; i < n; i, p, q = i+1, p+ds, q+ss {
			dd[p] = sd[q]
		}
	})
}

// assign copies src (broadcast to dst's shape, of dst's dtype) into dst's storage.
func assign(dst, src *Tensor) {
	switch dst.dtype {
	case Uint8:
		copyInto[uint8](dst, src)
	case Int64:
		copyInto[int64](dst, src)
	case Float32:
		copyInto[float32](dst, src)
	case Float64:
		copyInto[float64](dst, src)
	}
}
