package tensor

import "fmt"

// DType is the element type of a tensor, as NumPy's dtype.
type DType int

// The element types a tensor can hold. Go ints become Int64, as NumPy's default integer.
const (
	Uint8 DType = iota + 1
	Int64
	Float32
	Float64
)

// String returns NumPy's name for d: "uint8", "int64", "float32", "float64".
func (d DType) String() string {
	switch d {
	case Uint8:
		return "uint8"
	case Int64:
		return "int64"
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	}
	return fmt.Sprintf("DType(%d)", int(d))
}

// IsFloat reports whether d is Float32 or Float64.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// valid reports whether d is one of the four element types.
func (d DType) valid() bool { return d >= Uint8 && d <= Float64 }

// Number is the set of Go element types a tensor stores.
type Number interface {
	~uint8 | ~int64 | ~float32 | ~float64
}

// dtypeOf returns the DType that stores elements of type T.
func dtypeOf[T Number]() DType {
	var z T
	switch any(z).(type) {
	case uint8:
		return Uint8
	case int64:
		return Int64
	case float32:
		return Float32
	case float64:
		return Float64
	}
	panic(fmt.Sprintf("tensor: unsupported element type %T", z))
}
