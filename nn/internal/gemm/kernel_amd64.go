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

func init() {
	// cpu.X86.HasAVX512F and HasAVX2 are only set when the OS saves the
	// corresponding register state too.
	var ks []*kernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, &kernel{name: "avx512", mr: 12, nr: 32, kc: 256, nc: 512,
			full:   wrap(12, 32, kernel12x32StepAVX512, kernel12x32RowsAVX512),
			narrow: wrap(12, 16, kernel12x16StepAVX512, kernel12x16RowsAVX512),
			tpose:  transpose16})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, &kernel{name: "avx2", mr: 6, nr: 16, kc: 256, nc: 512,
			full:   wrap(6, 16, kernel6x16StepAVX2, kernel6x16RowsAVX2),
			narrow: wrap(6, 8, kernel6x8StepAVX2, kernel6x8RowsAVX2),
			tpose:  transpose8})
	}
	kernels = append(ks, kernels...)
}
