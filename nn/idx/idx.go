package idx

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Type is an IDX element type, stored in byte 2 of the header as its type code.
type Type byte

// The six element types of the IDX format, with the type codes of its specification.
const (
	Uint8   Type = 0x08 // unsigned byte
	Int8    Type = 0x09 // signed byte
	Int16   Type = 0x0B // 2-byte signed integer
	Int32   Type = 0x0C // 4-byte signed integer
	Float32 Type = 0x0D // 4-byte IEEE 754 float
	Float64 Type = 0x0E // 8-byte IEEE 754 float
)

// MaxRank is the largest rank (number of dimensions) Read accepts. The format allows 255;
// real files have 1 to 4, so a larger rank means a corrupt header.
const MaxRank = 16

// DefaultMaxElements is the largest number of elements Read accepts unless a Decoder says
// otherwise: 2^31, over 40 times MNIST's training images (47,040,000 elements).
const DefaultMaxElements = 1 << 31

// String returns the type's Go name, such as "uint8", or "Type(0x0a)" for an unknown code.
func (t Type) String() string {
	switch t {
	case Uint8:
		return "uint8"
	case Int8:
		return "int8"
	case Int16:
		return "int16"
	case Int32:
		return "int32"
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	}
	return fmt.Sprintf("Type(%#02x)", byte(t))
}

// Size returns the number of bytes of one element of type t, or 0 for an unknown type.
func (t Type) Size() int {
	switch t {
	case Uint8, Int8:
		return 1
	case Int16:
		return 2
	case Int32, Float32:
		return 4
	case Float64:
		return 8
	}
	return 0
}

// Array is the content of an IDX file: a shape and its elements in row-major order.
//
// Data holds the elements as a slice of the Go type matching the IDX type: []uint8, []int8,
// []int16, []int32, []float32 or []float64; its length is the product of Shape. Arrays returned
// by Read, ReadFile and Parse always satisfy this; Write checks it for arrays built by hand.
type Array struct {
	Shape []int // size of each dimension, outermost first; 1 to MaxRank dimensions
	Data  any   // []uint8, []int8, []int16, []int32, []float32 or []float64
}

// Type returns the IDX type of a's elements, read from the Go type of a.Data,
// or 0 if Data is not one of the six slice types.
func (a *Array) Type() Type {
	switch a.Data.(type) {
	case []uint8:
		return Uint8
	case []int8:
		return Int8
	case []int16:
		return Int16
	case []int32:
		return Int32
	case []float32:
		return Float32
	case []float64:
		return Float64
	}
	return 0
}

// Len returns the number of elements in a.Data.
func (a *Array) Len() int {
	switch d := a.Data.(type) {
	case []uint8:
		return len(d)
	case []int8:
		return len(d)
	case []int16:
		return len(d)
	case []int32:
		return len(d)
	case []float32:
		return len(d)
	case []float64:
		return len(d)
	}
	return 0
}

// String returns a one-line description such as "idx.Array(type=uint8, shape=(60000, 28, 28))".
func (a *Array) String() string {
	return fmt.Sprintf("idx.Array(type=%v, shape=%v)", a.Type(), tensor.Shape(a.Shape))
}

// Tensor returns a's elements as a tensor of the same shape, using the nearest tensor dtype:
//
//	IDX uint8               → tensor.Uint8, sharing a.Data (no copy)
//	IDX float32             → tensor.Float32, sharing a.Data (no copy)
//	IDX float64             → tensor.Float64, sharing a.Data (no copy)
//	IDX int8, int16, int32  → tensor.Int64, a widened copy
//
// Changes to a shared a.Data show in the tensor and the other way round.
// It panics if a.Data is not one of the six slice types or its length differs from the size of
// a.Shape, which never happens for an Array returned by Read, ReadFile or Parse.
func (a *Array) Tensor() *tensor.Tensor {
	switch d := a.Data.(type) {
	case []uint8:
		return tensor.FromSlice(d, a.Shape...)
	case []int8:
		return tensor.FromSlice(widen(d), a.Shape...)
	case []int16:
		return tensor.FromSlice(widen(d), a.Shape...)
	case []int32:
		return tensor.FromSlice(widen(d), a.Shape...)
	case []float32:
		return tensor.FromSlice(d, a.Shape...)
	case []float64:
		return tensor.FromSlice(d, a.Shape...)
	}
	notebook.Panic(fmt.Sprintf("idx.Array.Tensor: unsupported Data type %T", a.Data))
	return nil
}

func widen[T int8 | int16 | int32](d []T) []int64 {
	out := make([]int64, len(d))
	for i, v := range d {
		out[i] = int64(v)
	}
	return out
}

// Error is the error returned for malformed or unreadable IDX data.
type Error struct {
	File string // the file's name for ReadFile and WriteFile, else ""
	Msg  string // what is wrong, e.g. "truncated data: shape (3,) of int16 needs 6 bytes, found 4"
	Err  error  // the underlying I/O or gzip error, if any
}

func (e *Error) Error() string {
	s := "idx: "
	if e.File != "" {
		s += e.File + ": "
	}
	s += e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error, so errors.Is(err, io.ErrUnexpectedEOF) works.
func (e *Error) Unwrap() error { return e.Err }

func errorf(format string, args ...any) *Error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// withFile sets the file name of err when it is an *Error, else wraps it in one.
func withFile(err error, file string) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		e.File = file
		return e
	}
	return &Error{File: file, Msg: "reading", Err: err}
}
