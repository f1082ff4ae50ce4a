package tensor

import (
	"math"

	"github.com/nnbook/nnbook/nn/internal/simd"
)

// Element-wise arithmetic with NumPy broadcasting (see BroadcastShapes). The result dtype is the
// wider of the two (Uint8 < Int64 < Float32 < Float64), except that Div of two integer tensors
// gives Float64 (true division, as Python 3's /). Integer arithmetic wraps around, as NumPy's does:
// a uint8 200 + 100 is 44. A shape mismatch panics naming the op and both shapes:
// "tensor.Add: shapes (64, 3, 32, 10) and (31, 10) cannot be broadcast".
// All of these return a new contiguous tensor and leave their operands unchanged.

// promote returns the dtype two operands are computed in: the wider one.

// binary computes op(t, o) with broadcasting in dtype dt (both operands are converted to it).
func binary(name string, op binOp, t, o *Tensor, dt DType) *Tensor {
	shape := broadcastShapes(name, t.shape, o.shape)
	out := New(dt, shape...)
	a, b := t.asType(dt), o.asType(dt)
	switch dt {
	case Uint8:
		binaryKernel[uint8](op, out, a, b)
	case Int64:
		binaryKernel[int64](op, out, a, b)
	case Float32:
		binaryKernel[float32](op, out, a, b)
	case Float64:
		binaryKernel[float64](op, out, a, b)
	}
	return out
}

// Add returns t + o element-wise with broadcasting, as NumPy's x + y.
// It panics naming both shapes when they do not broadcast.
func (t *Tensor) Add(o *Tensor) *Tensor { return binary("Add", opAdd, t, o, promote(t.dtype, o.dtype)) }

// Sub returns t - o element-wise with broadcasting, as NumPy's x - y.
// It panics naming both shapes when they do not broadcast.
func (t *Tensor) Sub(o *Tensor) *Tensor { return binary("Sub", opSub, t, o, promote(t.dtype, o.dtype)) }

// Mul returns t * o element-wise with broadcasting, as NumPy's x * y (not the matrix product:
// that is Dot). It panics naming both shapes when they do not broadcast.
func (t *Tensor) Mul(o *Tensor) *Tensor { return binary("Mul", opMul, t, o, promote(t.dtype, o.dtype)) }

// Div returns t / o element-wise with broadcasting, as NumPy's x / y; two integer tensors give
// Float64. Division by zero gives ±Inf or NaN, as IEEE floats do. It panics naming both shapes
// when they do not broadcast.
func (t *Tensor) Div(o *Tensor) *Tensor {
	dt := promote(t.dtype, o.dtype)
	if !dt.IsFloat() {
		dt = Float64
	}
	return binary("Div", opDiv, t, o, dt)
}

// Maximum returns the element-wise maximum of t and o with broadcasting, as np.maximum: the book's
// np.maximum(x, y) of a (64, 3, 32, 10) x and a (32, 10) y has shape (64, 3, 32, 10).
// A NaN in either operand gives NaN. It panics naming both shapes when they do not broadcast.
func (t *Tensor) Maximum(o *Tensor) *Tensor {
	return binary("Maximum", opMax, t, o, promote(t.dtype, o.dtype))
}

// Minimum returns the element-wise minimum of t and o with broadcasting, as np.minimum.
// A NaN in either operand gives NaN. It panics naming both shapes when they do not broadcast.
func (t *Tensor) Minimum(o *Tensor) *Tensor {
	return binary("Minimum", opMin, t, o, promote(t.dtype, o.dtype))
}

// Equal returns a Uint8 tensor with 1 where t == o and 0 elsewhere, with broadcasting, as NumPy's
// x == y (whose bool result this package stores as uint8). Elements are compared in the wider
// dtype. Accuracy is predictions.Equal(labels).Mean(). It panics naming both shapes when they do
// not broadcast.
func (t *Tensor) Equal(o *Tensor) *Tensor {
	shape := broadcastShapes("Equal", t.shape, o.shape)
	dt := promote(t.dtype, o.dtype)
	out := New(Uint8, shape...)
	a, b := t.asType(dt), o.asType(dt)
	switch dt {
	case Uint8:
		equalKernel[uint8](out, a, b)
	case Int64:
		equalKernel[int64](out, a, b)
	case Float32:
		equalKernel[float32](out, a, b)
	case Float64:
		equalKernel[float64](out, a, b)
	}
	return out
}

// Scalar ops follow NumPy 2's rule for Python scalars: the tensor's dtype is kept (a float32
// tensor divided by 255 stays float32, computed in float32), except that an integer tensor with a
// non-integral scalar, and DivScalar of an integer tensor, give Float64. An integral scalar is
// converted to an integer dtype as AsType converts, so uint8 arithmetic wraps: uint8 x - 1 and
// x + (-1) both map 0 to 255.

// scalarDType returns the dtype of t op v by NumPy 2's rule for Python scalars. Where NumPy 2
// refuses an integer out of a uint8 tensor's range, a comparison (max, min) is done in Int64, so
// that MaximumScalar(-1) of uint8 is not MaximumScalar(255).
func (t *Tensor) scalarDType(op binOp, v float64) DType {
	switch {
	case t.dtype.IsFloat():
		return t.dtype
	case op == opDiv || v != math.Trunc(v):
		return Float64
	case t.dtype == Uint8 && (op == opMax || op == opMin) && (v < 0 || v > math.MaxUint8):
		return Int64
	}
	return t.dtype
}

func scalarOp(name string, op binOp, t *Tensor, v float64) *Tensor {
	dt := t.scalarDType(op, v)
	return binary(name, op, t, Scalar(dt, v), dt)
}

// AddScalar returns t + v, as NumPy's x + 1.
func (t *Tensor) AddScalar(v float64) *Tensor { return scalarOp("AddScalar", opAdd, t, v) }

// SubScalar returns t - v, as NumPy's x - 1.
func (t *Tensor) SubScalar(v float64) *Tensor { return scalarOp("SubScalar", opSub, t, v) }

// MulScalar returns t * v, as NumPy's x * 2.
func (t *Tensor) MulScalar(v float64) *Tensor { return scalarOp("MulScalar", opMul, t, v) }

// DivScalar returns t / v, as the book's train_images / 255: a uint8 tensor gives Float64, a
// float32 tensor stays Float32 (use t.AsType(Float32).DivScalar(255) for float32 pixels).
func (t *Tensor) DivScalar(v float64) *Tensor { return scalarOp("DivScalar", opDiv, t, v) }

// MaximumScalar returns the element-wise maximum of t and v, as np.maximum(x, v); for a uint8 t
// and an integral v outside [0, 255] the result is Int64.
func (t *Tensor) MaximumScalar(v float64) *Tensor { return scalarOp("MaximumScalar", opMax, t, v) }

// Relu returns max(t, 0) element-wise, as the book's np.maximum(x, 0.); t's dtype is kept and NaN
// stays NaN.
func (t *Tensor) Relu() *Tensor { return binary("Relu", opMax, t, Scalar(t.dtype, 0), t.dtype) }

// Neg returns -t element-wise, in t's dtype (uint8 wraps: -1 is 255).
func (t *Tensor) Neg() *Tensor { return binary("Neg", opMul, t, Scalar(t.dtype, -1), t.dtype) }

// Square returns t*t element-wise, in t's dtype.
func (t *Tensor) Square() *Tensor { return binary("Square", opMul, t, t, t.dtype) }

// Pow returns t**p element-wise, as np.power(t, p) for a float t (integers give Float64), with Go's
// math.Pow: a negative base to a fractional power is NaN, 0**-1 is +Inf.
func (t *Tensor) Pow(p float64) *Tensor {
	return t.Apply(func(x float64) float64 { return math.Pow(x, p) })
}

// Exp returns e**t element-wise, as np.exp (integers give Float64). A float32 element gets
// float32(math.Exp(float64(x))), as Apply(math.Exp) gives it, 8 at a time on CPUs with AVX-512
// (simd.Exp).
func (t *Tensor) Exp() *Tensor {
	if t.dtype != Float32 {
		return t.Apply(math.Exp)
	}
	out := New(Float32, t.shape...)
	simd.Exp(values[float32](out), values[float32](t)) // values copies a t that is not contiguous
	return out
}

// Log returns the natural logarithm element-wise, as np.log (integers give Float64); log 0 is -Inf
// and the log of a negative number NaN.
func (t *Tensor) Log() *Tensor { return t.Apply(math.Log) }

// Sqrt returns the square root element-wise, as np.sqrt (integers give Float64).
func (t *Tensor) Sqrt() *Tensor { return t.Apply(math.Sqrt) }

// Tanh returns tanh(t) element-wise, as np.tanh (integers give Float64).
func (t *Tensor) Tanh() *Tensor { return t.Apply(math.Tanh) }

// Sigmoid returns 1/(1+e**-t) element-wise (integers give Float64), computed without overflow for
// large |t|.
func (t *Tensor) Sigmoid() *Tensor { return t.Apply(sigmoid) }

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Apply returns f applied to every element; the result has t's dtype if float, else Float64.
// A float32 element is widened to float64 for f and its result rounded back to float32.
func (t *Tensor) Apply(f func(float64) float64) *Tensor {
	if !t.dtype.IsFloat() {
		t = t.AsType(Float64)
	}
	out := New(t.dtype, t.shape...)
	if t.dtype == Float32 {
		mapKernel[float32](out, t, f)
	} else {
		mapKernel[float64](out, t, f)
	}
	return out
}
