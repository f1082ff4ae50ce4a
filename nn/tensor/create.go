package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Array builds a tensor from a Go value, as np.array: a number (rank 0), or a slice, nested to any
// depth, of numbers ([]float64, [][]int, [][][]uint8, []float32, ...) that must be rectangular.
// Go arrays ([3]int) are accepted like slices.
//
// Go int and int64 (and the other signed and unsigned integer kinds) become Int64, uint8 stays
// Uint8, float32 and float64 keep their type. The shape comes from the nesting: Array(12) has shape
// (), Array([]int{12, 3, 6, 14, 7}) has shape (5,), Array([][]int{{5, 78}, {6, 79}, {7, 80}})
// has shape (3, 2). An empty slice gives a zero size along its axis and along every deeper one.
//
// Ragged slices, empty inner slices of uneven length and other types are errors naming the problem
// (e.g. "tensor.Array: ragged nested slice: row 1 has 2 elements, row 0 has 3").
// The data is copied.
func Array(v any) (*Tensor, error) {
	switch x := v.(type) { // the common flat cases, without reflection
	case []float64:
		return FromSlice(slices.Clone(x)), nil
	case []float32:
		return FromSlice(slices.Clone(x)), nil
	case []uint8:
		return FromSlice(slices.Clone(x)), nil
	case []int64:
		return FromSlice(slices.Clone(x)), nil
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil, fmt.Errorf("tensor.Array: cannot build a tensor from nil")
	}
	// The depth and the leaf type come from the Go type, the sizes from the first element at
	// each depth.
	typ := rv.Type()
	depth := 0
	for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array {
		typ = typ.Elem()
		depth++
	}
	dtype, ok := kindDType(typ.Kind())
	if !ok {
		return nil, fmt.Errorf("tensor.Array: unsupported element type %v in %T", typ, v)
	}
	shape := make([]int, depth)
	for d, cur := 0, rv; d < depth; d++ {
		shape[d] = cur.Len()
		if cur.Len() == 0 {
			break
		}
		cur = cur.Index(0)
	}
	t := New(dtype, shape...)
	b := arrayBuilder{t: t, shape: shape}
	if err := b.walk(rv, nil); err != nil {
		return nil, err
	}
	return t, nil
}

// kindDType maps a Go kind to the dtype that stores it.
func kindDType(k reflect.Kind) (DType, bool) {
	switch k {
	case reflect.Uint8:
		return Uint8, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return Int64, true
	case reflect.Float32:
		return Float32, true
	case reflect.Float64:
		return Float64, true
	}
	return 0, false
}

// arrayBuilder copies the leaves of a nested Go value into t in row-major order.
type arrayBuilder struct {
	t     *Tensor
	shape []int
	n     int // next storage position
}

func (b *arrayBuilder) walk(v reflect.Value, path []int) error {
	d := len(path)
	if d == len(b.shape) {
		return b.leaf(v)
	}
	if v.Len() != b.shape[d] {
		// The sizes were taken from the first row at each depth: the all-zero path.
		return fmt.Errorf("tensor.Array: ragged nested slice: row %s has %d elements, row %s has %d",
			rowName(path), v.Len(), rowName(make([]int, d)), b.shape[d])
	}
	for i := 0; i < v.Len(); i++ {
		if err := b.walk(v.Index(i), append(path, i)); err != nil {
			return err
		}
	}
	return nil
}

// rowName formats an index path as "1" at depth one and "[0][1]" deeper.
func rowName(path []int) string {
	if len(path) == 1 {
		return fmt.Sprint(path[0])
	}
	var s strings.Builder
	for _, i := range path {
		fmt.Fprintf(&s, "[%d]", i)
	}
	return s.String()
}

func (b *arrayBuilder) leaf(v reflect.Value) error {
	p := b.n
	b.n++
	switch d := b.t.data.(type) {
	case []uint8:
		d[p] = uint8(v.Uint())
	case []int64:
		if v.CanInt() {
			d[p] = v.Int()
			return nil
		}
		u := v.Uint()
		if u > math.MaxInt64 {
			return fmt.Errorf("tensor.Array: value %d overflows int64", u)
		}
		d[p] = int64(u)
	case []float32:
		d[p] = float32(v.Float())
	case []float64:
		d[p] = v.Float()
	}
	return nil
}

// MustArray is Array that panics on error, for notebook cells and examples.
func MustArray(v any) *Tensor {
	t, err := Array(v)
	if err != nil {
		notebook.Panic(err)
	}
	return t
}

// Scalar returns the rank-0 tensor of the given dtype holding v (converted as Set converts).
func Scalar(dtype DType, v float64) *Tensor {
	t := New(dtype)
	t.Fill(v)
	return t
}

// Full returns a tensor of the given dtype and shape with every element v, as np.full.
// v is converted as Set converts it. It panics if a size is negative.
func Full(dtype DType, v float64, shape ...int) *Tensor {
	t := New(dtype, shape...)
	t.Fill(v)
	return t
}

// Arange returns the 1-D tensor [0, 1, ..., n-1] of the given dtype, as np.arange(n).
// For Uint8 the values wrap past 255. It panics if n is negative.
func Arange(dtype DType, n int) *Tensor {
	if n < 0 {
		notebook.Panic(fmt.Sprintf("tensor.Arange: negative size %d", n))
	}
	t := New(dtype, n)
	switch d := t.data.(type) {
	case []uint8:
		for i := range d {
			d[i] = uint8(i)
		}
	case []int64:
		for i := range d {
			d[i] = int64(i)
		}
	case []float32:
		for i := range d {
			d[i] = float32(i)
		}
	case []float64:
		for i := range d {
			d[i] = float64(i)
		}
	}
	return t
}

// NewRand returns a random source seeded with seed (a PCG generator): the same seed gives the
// same draws on every machine. Pass it to RandomUniform and RandomNormal, as NumPy's
// np.random.default_rng(seed).
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// RandomUniform returns a tensor with elements drawn uniformly from [low, high) using r,
// as np.random.uniform; for integer dtypes the draws are truncated towards zero (as AsType
// converts). Elements are drawn in row-major order, one r.Float64 each.
// It panics if a size is negative.
func RandomUniform(r *rand.Rand, dtype DType, low, high float64, shape ...int) *Tensor {
	t := New(dtype, shape...)
	switch d := t.data.(type) {
	case []float32:
		for i := range d {
			v := float32(low + (high-low)*r.Float64())
			if float64(v) >= high && high > low { // rounding to float32 may reach high
				v = math.Nextafter32(float32(high), float32(math.Inf(-1)))
			}
			d[i] = v
		}
	default:
		fillFunc(t, func() float64 { return low + (high-low)*r.Float64() })
	}
	return t
}

// RandomNormal returns a tensor with elements drawn from a normal distribution with the given mean
// and standard deviation using r, as np.random.normal. Elements are drawn in row-major order, one
// r.NormFloat64 each. It panics unless dtype is Float32 or Float64, or if a size is negative.
func RandomNormal(r *rand.Rand, dtype DType, mean, stddev float64, shape ...int) *Tensor {
	if !dtype.IsFloat() {
		notebook.Panic(fmt.Sprintf("tensor.RandomNormal: dtype %v is not a float dtype", dtype))
	}
	t := New(dtype, shape...)
	fillFunc(t, func() float64 { return mean + stddev*r.NormFloat64() })
	return t
}

// fillFunc sets the elements of the contiguous tensor t, in order, to successive values of f.
func fillFunc(t *Tensor, f func() float64) {
	switch d := t.data.(type) {
	case []uint8:
		for i := range d {
			d[i] = fromFloat[uint8](f())
		}
	case []int64:
		for i := range d {
			d[i] = int64(f())
		}
	case []float32:
		for i := range d {
			d[i] = float32(f())
		}
	case []float64:
		for i := range d {
			d[i] = f()
		}
	}
}

// fromFloat converts v to T as NumPy's C cast does: floats round to nearest, integers truncate
// towards zero, and uint8 wraps modulo 256 (through int64, so the result is defined for every
// v in int64's range).
func fromFloat[T Number](v float64) T {
	var z T
	switch any(z).(type) {
	case uint8:
		return T(uint8(int64(v)))
	}
	return T(v)
}
