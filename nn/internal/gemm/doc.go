// Package gemm is a float32 matrix multiply (SGEMM) in pure Go and Go
// assembly: no cgo, no system library.
//
//	Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
//
// computes C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
//
// # Layout
//
// All matrices are row-major: element (i, j) of a matrix with row stride ld
// is x[i*ld+j], and ld may exceed the row length (a sub-matrix). op(A) is
// m×k, op(B) is k×n and C is m×n; a transposed operand is given as stored
// (A as k×m with lda >= m when transA) and never copied whole. As in BLAS,
// C is not read when beta == 0, and A and B are not read when alpha == 0 or
// k == 0.
//
// # Blocking
//
// The scheme is the one of GotoBLAS and BLIS. C is cut into micro-tiles of
// mr×nr (12×32 with AVX-512, 6×16 with AVX2, 4×4 in pure Go), each computed
// by a micro-kernel that keeps the whole tile in registers while it walks k:
// per step of k it loads one row of nr floats of B, broadcasts the mr
// floats of a column of A and issues mr·nr/lanes fused multiply-adds. Around
// it, from the outside in:
//
//   - n is cut into blocks of at most nc columns (512), and k into blocks of
//     at most kc (256), evenly sized;
//   - the kc×nc block of B is then reused from L2 by every mr×kc sliver of A;
//   - each sliver of A stays in L1 while it meets each kc×nr micro-panel of
//     the B block, one micro-kernel call each;
//   - later k blocks add onto C (beta = 1).
//
// The micro-kernels read operands in place where they can: a sliver of A in
// either orientation (A row-major or transposed), and a micro-panel of a
// row-major B. Edge slivers and panels (m or n not a multiple of the tile)
// and every panel of a transposed B are packed into small buffers,
// zero-padded to the tile (the assembly kernels transpose B in registers,
// 16×16 or 8×8 floats at a time); edge tiles of C go through a scratch
// tile. Thin edges (at most nr/2 columns) use a half-width micro-kernel.
// Buffers are pooled (sync.Pool), so repeated calls do not allocate.
//
// # Skipping zeros
//
// Where a column p of an mr×kc sliver of A is zero (+0 or -0) in all mr
// rows, the micro-kernel's mr·nr products with row p of B are all zeros and
// adding them changes nothing but perhaps the sign of a zero sum. MNIST
// images are 81 % zero pixels: in the products of the first layer, x·W1
// (a sliver is 12 images) and xᵀ·dZ1 (12 pixels), about half the columns
// of a sliver are all zero. So before a sliver meets the micro-panels of a
// B block, the driver compacts it to its other columns (with AVX-512
// compress instructions, or in Go) and, if at most 95 % are kept, runs an
// indexed micro-kernel that walks only those, reading row idx[q] of B at
// step q; otherwise the dense one. The kept terms are added in the dense
// kernel's order, so C is bit-identical to the dense path's but for the
// sign of a zero. Since 0·Inf and 0·NaN are NaN, nothing is skipped when
// op(B) holds an Inf or a NaN (checked once per product, when a sliver first
// qualifies, in pieces shared by the product's goroutines). Looking for
// zero columns costs a pass over the sliver,
// so it is not tried when the sliver meets fewer than two micro-panels of
// B, and on a dense A it backs off to one sliver in eight. A parallel
// product first probes two slivers of A (the first and the middle one):
// when both are dense, no sliver is searched. On real MNIST
// batches (BenchmarkSgemmMNIST) the two products take 0.55-0.6 times the
// dense path's time; on dense A nothing changes (BenchmarkSgemm). Chunks
// of a parallel product may now cost unequal time; the chunks are
// taken on demand, so that evens out. See sparse.go.
//
// # Threads
//
// Products of at least 2 MFLOP (2·m·n·k) run on up to GOMAXPROCS
// goroutines: the calling one and the long-lived workers of nn/internal/workers
// (which look for the next task for half a millisecond before they sleep, as
// waking a sleeping one costs 0.1 ms on a virtual machine). C is cut into four
// times as many chunks as goroutines, in whole micro-tiles along m or n
// (whichever divides more evenly; m when it is not much less even and B is
// read in place, so that each sliver of A is searched for zero columns by one
// chunk, not by every chunk along n, unless A looks dense), and each
// goroutine takes the next chunk until none is left: a goroutine whose
// core is busy elsewhere holds up the call by at most the chunk it took, and
// the caller does not wait for a worker that has not started. Smaller
// products run on the calling goroutine alone. Sgemm may be called from
// several goroutines at once.
//
// # Kernels
//
// On amd64 the kernel is chosen at start-up with golang.org/x/sys/cpu:
// "avx512" (AVX-512F, 12×32 tile in ZMM registers) if the CPU and OS support
// it, else "avx2" (AVX2 and FMA, 6×16 tile in YMM registers), else
// "generic", the pure-Go micro-kernel that every other architecture uses
// too. Kernel reports which one runs and Kernels which ones could.
//
// Each has an indexed twin for compacted slivers of A (see Skipping zeros);
// the generic kernel's is in Go, and so is the AVX2 kernel's compaction.
//
// The assembly is generated by gen_kernels.go (go generate). Building with
// the purego tag leaves it out.
//
// # Forcing a kernel
//
// Tests and benchmarks can force any available kernel, generic included:
//
//	defer gemm.SetKernel("generic")()
//
// BenchmarkSgemm takes the kernel from a flag:
//
//	go test -run '^$' -bench Sgemm ./nn/internal/gemm -args -gemm.kernel=avx2
//
// The race detector cannot see inside assembly; run race tests on the
// generic kernel (the tests run every available kernel, generic included).
package gemm
