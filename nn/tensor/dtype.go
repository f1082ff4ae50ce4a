package tensor

import (
	"fmt"
	"reflect"
)

// DType is the element type of a tensor, as NumPy's dtype.
type DType int

// The element types a tensor can hold. Go ints become Int64, as NumPy's default integer. Every
// property of a dtype lives in one row of the table dtypes below.
const (
	Uint8 DType = iota + 1
	Int64
	Float32
	Float64
)

// dtypeInfo is one row of the dtype table.
type dtypeInfo struct {
	name  string       // NumPy's name: "float32"
	size  int          // bytes per element (NumPy's itemsize)
	rank  int          // promotion rank: two dtypes combine into the one of higher rank
	wire  int          // stable code in encoded tensors (gob): never reused or renumbered
	float bool         // a floating-point type
	typ   reflect.Type // the Go element type
	make  func(n int) any
}

// dtypes is the dtype table, indexed by DType. Adding a dtype is one constant above and one row
// here (plus the kernels' type switches); the promotion rank is independent of the constant's
// value, and the wire code of existing dtypes never changes, so tensors kept by earlier versions
// still decode.
var dtypes = [...]dtypeInfo{
	Uint8:   {"uint8", 1, 10, 1, false, reflect.TypeFor[uint8](), func(n int) any { return make([]uint8, n) }},
	Int64:   {"int64", 8, 20, 2, false, reflect.TypeFor[int64](), func(n int) any { return make([]int64, n) }},
	Float32: {"float32", 4, 30, 3, true, reflect.TypeFor[float32](), func(n int) any { return make([]float32, n) }},
	Float64: {"float64", 8, 40, 4, true, reflect.TypeFor[float64](), func(n int) any { return make([]float64, n) }},
}

// info returns d's row of the table, ok false for an unknown dtype.
func (d DType) info() (dtypeInfo, bool) {
	if d <= 0 || int(d) >= len(dtypes) || dtypes[d].name == "" {
		return dtypeInfo{}, false
	}
	return dtypes[d], true
}

// String returns NumPy's name for d: "uint8", "int64", "float32", "float64".
func (d DType) String() string {
	if i, ok := d.info(); ok {
		return i.name
	}
	return fmt.Sprintf("DType(%d)", int(d))
}

// Size returns the number of bytes of one element of d, as NumPy's itemsize: 4 for Float32.
// It is 0 for an unknown dtype.
func (d DType) Size() int {
	i, _ := d.info()
	return i.size
}

// IsFloat reports whether d is a floating-point dtype (Float32 or Float64).
func (d DType) IsFloat() bool {
	i, _ := d.info()
	return i.float
}

// valid reports whether d is one of the dtypes of the table.
func (d DType) valid() bool {
	_, ok := d.info()
	return ok
}

// promote returns the dtype in which a and b combine: the one of higher promotion rank.
func promote(a, b DType) DType {
	if dtypes[b].rank > dtypes[a].rank {
		return b
	}
	return a
}

// wireCode returns d's stable code for encoded tensors.
func (d DType) wireCode() int { return dtypes[d].wire }

// dtypeOfWire returns the dtype of a wire code, ok false for an unknown code.
func dtypeOfWire(code int) (DType, bool) {
	for d, i := range dtypes {
		if i.name != "" && i.wire == code {
			return DType(d), true
		}
	}
	return 0, false
}

// Number is the set of Go element types a tensor stores.
type Number interface {
	~uint8 | ~int64 | ~float32 | ~float64
}

// dtypeOf returns the DType that stores elements of type T.
func dtypeOf[T Number]() DType {
	typ := reflect.TypeFor[T]()
	for d, i := range dtypes {
		if i.typ != nil && i.typ.Kind() == typ.Kind() {
			return DType(d)
		}
	}
	panic(fmt.Sprintf("tensor: unsupported element type %v", typ))
}
