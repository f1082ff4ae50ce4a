package gemm

import "sync"

// microKernel computes one tile of C, mr×nr for the kernel that owns it:
//
//	C = alpha·A·B + beta·C
//
// where A is mr×kc with a(i, p) = a[i*ars+p*aps] and B is kc×nr with
// b(p, j) = b[p*bps+j]; C is row-major with row stride ldc. When beta == 0,
// C is only written, never read (so NaNs in C do not propagate, as in BLAS).
// kc >= 1. One of ars, aps is 1: A is either a packed micro-panel (ars = 1,
// aps = mr), a transposed A read in place (ars = 1, aps = lda) or a row-major
// A read in place (ars = lda, aps = 1). B is a packed micro-panel (bps = nr)
// or a row-major B read in place (bps = ldb).
type microKernel func(kc int, a []float32, ars, aps int, b []float32, bps int, c []float32, ldc int, alpha, beta float32)

// kernel describes one implementation: its micro-kernels, the tile shape
// they compute and the cache blocking the driver uses around them.
type kernel struct {
	name   string
	mr     int         // rows of a micro-tile
	nr     int         // columns of a micro-tile
	kc     int         // largest k block: an mr×kc sliver of A stays in L1
	nc     int         // largest n block: a kc×nc block of B stays in L2
	full   microKernel // the mr×nr micro-kernel
	narrow microKernel // an mr×(nr/2) one for thin edges, or nil
	tpose  *transposer // for packing a transposed B, or nil

	fullIdx   idxKernel  // full on a compacted sliver of A (see sparse.go)
	narrowIdx idxKernel  // narrow on a compacted sliver, nil if narrow is
	cp        *compactor // finds a sliver's zero columns
}

// generic is the pure-Go kernel, available everywhere. Its kc is the
// length of allSteps.
var generic = &kernel{name: "generic", mr: 4, nr: 4, kc: 256, nc: 512, full: kernel4x4Generic,
	fullIdx: kernel4x4GenericIdx, cp: goCompactor}

// kernels lists the kernels this CPU can run, fastest first; the
// architecture-specific files prepend to it in init. generic is always last.
var kernels = []*kernel{generic}

var (
	kernelMu sync.Mutex
	active   *kernel // the kernel Sgemm uses; nil until first use
)

// current returns the kernel Sgemm uses.
func current() *kernel {
	kernelMu.Lock()
	defer kernelMu.Unlock()
	if active == nil {
		active = kernels[0]
	}
	return active
}

// Kernel reports which implementation runs on this CPU: "avx512", "avx2"
// or "generic". After SetKernel it reports the forced one.
func Kernel() string { return current().name }

// Kernels lists the implementations this CPU can run, fastest first.
func Kernels() []string {
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = k.name
	}
	return names
}

// SetKernel forces the implementation named name ("avx512", "avx2" or
// "generic") for all later calls, and returns a function restoring the
// previous one. It panics if this CPU cannot run that implementation.
// It is meant for tests and benchmarks: do not call it while Sgemm runs
// in another goroutine.
func SetKernel(name string) (restore func()) {
	prev := current()
	for _, k := range kernels {
		if k.name == name {
			kernelMu.Lock()
			active = k
			kernelMu.Unlock()
			return func() {
				kernelMu.Lock()
				active = prev
				kernelMu.Unlock()
			}
		}
	}
	panic("gemm: SetKernel: kernel " + name + " not available on this CPU")
}
