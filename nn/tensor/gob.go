package tensor

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"slices"
)

// gobTensor is the wire form of a tensor: its dtype, shape and elements in row-major order, in the
// one slice that matches the dtype.
type gobTensor struct {
	DType int // the dtype's stable wire code (see the dtype table), not its Go constant
	Shape []int
	U8    []uint8
	I64   []int64
	F32   []float32
	F64   []float64
}

// GobEncode encodes t's dtype, shape and elements (row-major, views included) for encoding/gob, so
// tensors and the structs holding them can be kept with GoNB's cache package or written to files.
func (t *Tensor) GobEncode() ([]byte, error) {
	g := gobTensor{DType: t.dtype.wireCode(), Shape: t.shape}
	switch t.dtype {
	case Uint8:
		g.U8 = values[uint8](t)
	case Int64:
		g.I64 = values[int64](t)
	case Float32:
		g.F32 = values[float32](t)
	case Float64:
		g.F64 = values[float64](t)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(g); err != nil {
		return nil, fmt.Errorf("tensor: gob encoding %v: %w", t.Info(), err)
	}
	return buf.Bytes(), nil
}

// GobDecode replaces t with the tensor encoded by GobEncode. It returns an error, leaving t
// unchanged, when the data is corrupt: an unknown dtype, a negative size, or an element count that
// does not match the shape.
func (t *Tensor) GobDecode(data []byte) error {
	var g gobTensor
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&g); err != nil {
		return fmt.Errorf("tensor: gob decoding: %w", err)
	}
	for _, d := range g.Shape {
		if d < 0 {
			return fmt.Errorf("tensor: gob decoding: negative size in shape %v", Shape(g.Shape))
		}
	}
	dt, ok := dtypeOfWire(g.DType)
	if !ok {
		return fmt.Errorf("tensor: gob decoding: unknown dtype code %d", g.DType)
	}
	var n int
	var data2 any
	switch dt {
	case Uint8:
		n, data2 = len(g.U8), orEmpty(g.U8)
	case Int64:
		n, data2 = len(g.I64), orEmpty(g.I64)
	case Float32:
		n, data2 = len(g.F32), orEmpty(g.F32)
	case Float64:
		n, data2 = len(g.F64), orEmpty(g.F64)
	}
	// The shape's size is computed without overflow: a shape whose product wraps around must not
	// pass for a small one.
	want := 0
	if !slices.Contains(g.Shape, 0) {
		want = 1
		for _, d := range g.Shape {
			if want > math.MaxInt/d {
				return fmt.Errorf("tensor: gob decoding: shape %v needs more than the %d elements decoded", Shape(g.Shape), n)
			}
			want *= d
		}
	}
	if n != want {
		return fmt.Errorf("tensor: gob decoding: shape %v needs %d elements, got %d", Shape(g.Shape), want, n)
	}
	*t = Tensor{dtype: dt, shape: Shape(g.Shape).Clone(), strides: rowMajorStrides(g.Shape), data: data2}
	return nil
}

// orEmpty returns s, or an empty non-nil slice when gob decoded no elements.
func orEmpty[T Number](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
