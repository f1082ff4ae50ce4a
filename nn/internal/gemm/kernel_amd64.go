//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run gen_kernels.go

// Assembly micro-kernels, generated into kernel*_amd64.s by gen_kernels.go.
// They compute C = alpha·A·B + beta·C on one tile, see microKernel; the
// Step variants read a(i, p) at a[p*as+i], the Rows variants at a[i*as+p],
// and b(p, j) at b[p*bs+j]. The wrappers below check the bounds of every
// element they touch before passing pointers on.

//go:noescape
func kernel12x32StepAVX512(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x32RowsAVX512(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x16StepAVX512(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x16RowsAVX512(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x16StepAVX2(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x16RowsAVX2(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x8StepAVX2(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x8RowsAVX2(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x32StepIdxAVX512(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x32RowsIdxAVX512(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x16StepIdxAVX512(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel12x16RowsIdxAVX512(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x16StepIdxAVX2(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x16RowsIdxAVX2(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x8StepIdxAVX2(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x8RowsIdxAVX2(kc int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

// compactRowsAVX512, compactStepAVX512 and finiteAVX512 are the AVX-512
// versions of compactRowsGo, compactStepGo and finiteGo (sparse.go).
//
//go:noescape
func compactRowsAVX512(mr, kc int, a *float32, as int, dst *float32, ldd int, idx *int32) int

//go:noescape
func compactStepAVX512(mr, kc int, a *float32, as int, dst *float32, idx *int32) int

//go:noescape
func finiteAVX512(n int, x *float32) bool

//go:noescape
func transpose16x16AVX512(dst *float32, ldd int, src *float32, lds int)

//go:noescape
func transpose8x8AVX2(dst *float32, ldd int, src *float32, lds int)

var (
	transpose16 = &transposer{16, func(dst []float32, ldd int, src []float32, lds int) {
		_ = dst[15*ldd+15]
		_ = src[15*lds+15]
		transpose16x16AVX512(&dst[0], ldd, &src[0], lds)
	}}
	transpose8 = &transposer{8, func(dst []float32, ldd int, src []float32, lds int) {
		_ = dst[7*ldd+7]
		_ = src[7*lds+7]
		transpose8x8AVX2(&dst[0], ldd, &src[0], lds)
	}}
)

type asmKernel func(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

// wrap returns the microKernel for an mr×nr pair of assembly routines.
func wrap(mr, nr int, step, rows asmKernel) microKernel {
	return func(kc int, a []float32, ars, aps int, b []float32, bps int, c []float32, ldc int, alpha, beta float32) {
		_ = a[(mr-1)*ars+(kc-1)*aps] // last element of A read
		_ = b[(kc-1)*bps+nr-1]       // last element of B read
		_ = c[(mr-1)*ldc+nr-1]       // last element of C written
		if ars == 1 {
			step(kc, &a[0], aps, &b[0], bps, &c[0], ldc, alpha, beta)
		} else {
			rows(kc, &a[0], ars, &b[0], bps, &c[0], ldc, alpha, beta)
		}
	}
}

type asmIdxKernel func(n int, a *float32, as int, idx *int32, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

// wrapIdx returns the idxKernel for an mr×nr pair of indexed assembly
// routines. idx is increasing, so its last element is the last row of B read.
func wrapIdx(mr, nr int, step, rows asmIdxKernel) idxKernel {
	return func(n int, a []float32, ars, aps int, idx []int32, b []float32, bps int, c []float32, ldc int, alpha, beta float32) {
		_ = c[(mr-1)*ldc+nr-1] // last element of C written
		_ = a[0]
		_ = b[0]
		var ip *int32
		if n > 0 {
			_ = a[(mr-1)*ars+(n-1)*aps]   // last element of A read
			_ = b[int(idx[n-1])*bps+nr-1] // last element of B read
			if idx[0] < 0 {
				panic("gemm: negative index")
			}
			ip = &idx[0]
		}
		if ars == 1 {
			step(n, &a[0], aps, ip, &b[0], bps, &c[0], ldc, alpha, beta)
		} else {
			rows(n, &a[0], ars, ip, &b[0], bps, &c[0], ldc, alpha, beta)
		}
	}
}

// avx512Compactor wraps the AVX-512 routines, checking bounds as the Go
// versions would.
var avx512Compactor = &compactor{
	rows: func(mr, kc int, a []float32, as int, dst []float32, ldd int, idx []int32) int {
		if kc == 0 {
			return 0
		}
		_ = a[(mr-1)*as+kc-1]
		_ = dst[(mr-1)*ldd+kc+15]
		_ = idx[kc+15]
		if ldd < kc+16 {
			panic("gemm: compactRows: ldd < kc+16")
		}
		return compactRowsAVX512(mr, kc, &a[0], as, &dst[0], ldd, &idx[0])
	},
	step: func(mr, kc int, a []float32, as int, dst []float32, idx []int32) int {
		if kc == 0 {
			return 0
		}
		if mr > 16 {
			panic("gemm: compactStep: mr > 16")
		}
		_ = a[(kc-1)*as+mr-1]
		_ = dst[kc*mr-1]
		_ = idx[kc-1]
		return compactStepAVX512(mr, kc, &a[0], as, &dst[0], &idx[0])
	},
	finite: func(x []float32) bool {
		if len(x) == 0 {
			return true
		}
		return finiteAVX512(len(x), &x[0])
	},
}

func init() {
	// cpu.X86.HasAVX512F and HasAVX2 are only set when the OS saves the
	// corresponding register state too.
	var ks []*kernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, &kernel{name: "avx512", mr: 12, nr: 32, kc: 256, nc: 512,
			full:      wrap(12, 32, kernel12x32StepAVX512, kernel12x32RowsAVX512),
			narrow:    wrap(12, 16, kernel12x16StepAVX512, kernel12x16RowsAVX512),
			tpose:     transpose16,
			fullIdx:   wrapIdx(12, 32, kernel12x32StepIdxAVX512, kernel12x32RowsIdxAVX512),
			narrowIdx: wrapIdx(12, 16, kernel12x16StepIdxAVX512, kernel12x16RowsIdxAVX512),
			cp:        avx512Compactor})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, &kernel{name: "avx2", mr: 6, nr: 16, kc: 256, nc: 512,
			full:      wrap(6, 16, kernel6x16StepAVX2, kernel6x16RowsAVX2),
			narrow:    wrap(6, 8, kernel6x8StepAVX2, kernel6x8RowsAVX2),
			tpose:     transpose8,
			fullIdx:   wrapIdx(6, 16, kernel6x16StepIdxAVX2, kernel6x16RowsIdxAVX2),
			narrowIdx: wrapIdx(6, 8, kernel6x8StepIdxAVX2, kernel6x8RowsIdxAVX2),
			cp:        goCompactor})
	}
	kernels = append(ks, kernels...)
}
