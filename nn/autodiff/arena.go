package autodiff

import "github.com/nnbook/nnbook/nn/tensor"

// arena hands out float32 buffers to a tape's fused operations and takes them all back at the
// tape's Reset, so that a training loop that resets one tape per step allocates its activations
// and gradients once (on the first step) rather than on every step. Buffers are matched by length;
// a training step asks for the same lengths in the same order every time.
type arena struct {
	free    map[int][][]float32         // buffers released by the last reset, by length
	used    [][]float32                 // buffers handed out since then
	headers map[*float32]*tensor.Tensor // the last tensor made on each buffer, reused for its shape
}

// float32s returns a buffer of n float32s with unspecified contents, valid until the next reset.
func (a *arena) float32s(n int) []float32 {
	var b []float32
	if fs := a.free[n]; len(fs) > 0 {
		b = fs[len(fs)-1]
		a.free[n] = fs[:len(fs)-1]
	} else {
		b = make([]float32, n)
	}
	a.used = append(a.used, b)
	return b
}

// reset makes every buffer handed out available again.
func (a *arena) reset() {
	if a.free == nil {
		a.free = map[int][][]float32{}
	}
	for i, b := range a.used {
		a.free[len(b)] = append(a.free[len(b)], b)
		a.used[i] = nil
	}
	a.used = a.used[:0]
}

// tensor32 returns a float32 tensor of the given shape on a buffer of the arena (contents
// unspecified: the caller writes every element).
func (a *arena) tensor32(shape ...int) *tensor.Tensor {
	b := a.float32s(tensor.Shape(shape).Size())
	if len(b) == 0 {
		return tensor.FromSlice(b, shape...)
	}
	// A training step asks for the same shapes on the same buffers at every step: the header made
	// last time is reused (the tape's nodes that held it were dropped at the reset).
	if t := a.headers[&b[0]]; t != nil && hasShape(t, shape) {
		return t
	}
	t := tensor.FromSlice(b, shape...)
	if a.headers == nil {
		a.headers = map[*float32]*tensor.Tensor{}
	}
	a.headers[&b[0]] = t
	return t
}

// buffer returns a tensor of dtype dt and the given shape, contents unspecified: float32 ones from
// the tape's recycled storage, others newly allocated.
func (tp *Tape) buffer(dt tensor.DType, shape ...int) *tensor.Tensor {
	if dt == tensor.Float32 {
		return tp.arena.tensor32(shape...)
	}
	return tensor.New(dt, shape...)
}

// hasShape reports whether t has the given shape, without copying t's.
func hasShape(t *tensor.Tensor, shape []int) bool {
	if t.NDim() != len(shape) {
		return false
	}
	for i, d := range shape {
		if t.Dim(i) != d {
			return false
		}
	}
	return true
}
