// Package tensor is the N-dimensional array of "Deep Learning with Python", chapter 2, with
// NumPy's semantics in Go spelling: the data containers of section 2.2 and the tensor operations
// of section 2.3 that every layer, loss and optimizer of nnbook is built on.
//
// # What a tensor is
//
// A Tensor is a container of numbers of one element type arranged along axes (section 2.2). Its
// rank, NDim, is the number of axes: a scalar has rank 0 (np.array(12)), a vector rank 1, a matrix
// rank 2, a batch of MNIST images rank 3 with Shape (60000, 28, 28). Shape prints as a Python tuple:
//
//	x := tensor.MustArray([]int{12, 3, 6, 14, 7})
//	fmt.Println(x, x.NDim(), x.Shape()) // [12  3  6 14  7] 1 (5,)
//
// Build tensors from Go values and nested slices with Array (np.array), with Zeros, Ones, Full and
// Arange, or with seeded random draws: RandomUniform and RandomNormal take a *rand.Rand from
// NewRand, so a run can be repeated exactly. Elements are read with At and Item and written with
// Set, using NumPy's negative indices (the book's naive loops of section 2.3.1 are written with
// these); Float32s and the like give the elements as a Go slice.
//
// The elements live in one flat Go slice in row-major (C) order; a shape, strides and an offset
// say where element (i0, i1, ...) is: data[offset + i0*strides[0] + i1*strides[1] + ...].
//
// # Element types
//
// A tensor's DType is one of Uint8 (images, labels), Int64 (Go's int, NumPy's default integer),
// Float32 (what training runs in) and Float64 (NumPy's default float). Arithmetic follows NumPy:
// mixing dtypes computes in the wider one (Uint8 < Int64 < Float32 < Float64); integer arithmetic
// wraps around; dividing integers gives Float64; a scalar keeps the tensor's dtype, so a Float32
// tensor divided by 255 stays Float32 and is computed in float32, never through float64. AsType
// converts, as astype.
//
// # Views and copies: the mutation rule
//
// Index (x[4]), Slice (x[10:100, :, 7:-7]), Transpose, ExpandDims, BroadcastTo and Reshape of a
// contiguous tensor return views: new headers on the same storage, costing no copy. Every other
// operation returns a new tensor and never changes its operands. Only Set, Fill, the operations
// into a destination (CopyTo, MatMulInto, SumInto, ...) and writes through Storage change values in
// place (and with them every view of the same storage); above this package, only autodiff variables
// and optimizers do. Clone and Contiguous give a tensor its own storage. Storage[float32](x) is x's
// own storage, for reading without a copy or writing in place; Float32s, Float64s, Int64s and Uint8s
// always return a new slice.
//
// Slices take Ranges: R(start, stop) is start:stop, From(start) is start:, To(stop) is :stop and
// All() is :. Bounds count from the end when negative and are clipped as NumPy clips them (section
// 2.2.7); the book's batch train_images[128*n : 128*(n+1)] is
//
//	batch := trainImages.Slice(tensor.R(128*n, 128*(n+1)))
//
// # Element-wise operations and broadcasting
//
// Add, Sub, Mul, Div, Maximum, Minimum and Equal work element by element (section 2.3.1) with
// NumPy broadcasting (section 2.3.2): shapes are aligned on their last axis and an axis of size 1,
// or a missing leading axis, is repeated to match the other operand, without copying. The book's
// np.maximum of a (64, 3, 32, 10) x and a (32, 10) y is x.Maximum(y), of shape (64, 3, 32, 10).
// SumTo is the backward step: it sums a gradient over the broadcast axes. Relu, Exp, Log, Tanh,
// Sigmoid and their kin apply a function to every element; AddScalar, DivScalar and the like combine
// with a number.
//
// Contiguous operands of the same shape run plain loops over Go slices; others go through a strided
// iterator that merges axes so that its inner loops stay long. Each operation is one generic kernel
// over the element types, dispatched once per call.
//
// # Reductions and the dot product
//
// Sum, Mean, Max, Min and ArgMax reduce along axes (all of them when none are given), as np.sum(x,
// axis=...). Dot is np.dot for vectors and matrices (section 2.3.3); float32 runs on this module's
// SGEMM (nn/internal/gemm, no system library), float64 on gonum's BLAS; transposed views reach
// them as transpose flags, without a copy.
//
// # Printing
//
// String prints as NumPy's print(x) and Repr as its repr(x), with NumPy's bracket layout, line
// wrapping at 75 characters, number formatting (aligned points, at most 8 digits, scientific
// notation when magnitudes differ widely) and summarisation of tensors over 1000 elements:
//
//	[5 0 4 ... 5 6 8]
//	array([5, 0, 4, ..., 5, 6, 8], dtype=uint8)
//
// # Errors
//
// Programmer errors panic with a message naming the operation and the shapes or indices involved:
// "tensor.Add: shapes (64, 3, 32, 10) and (31, 10) cannot be broadcast", "tensor.At: index 28 out
// of range for axis 1 of shape (60000, 28, 28)". Data errors are returned: Array reports a ragged
// nested slice as an error (MustArray panics instead, for short notebook cells).
package tensor
