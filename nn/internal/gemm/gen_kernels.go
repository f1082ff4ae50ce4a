//go:build ignore

// gen_kernels writes the assembly micro-kernels kernel*_amd64.s:
//
//	go run gen_kernels.go
//
// Each file holds one tile shape for one instruction set, in two variants
// that differ in how they walk A (see microKernel in kernel.go): Step reads
// a(i, p) at a[p*as+i] (a packed micro-panel, or a transposed A in place),
// Rows reads it at a[i*as+p] (a row-major A in place).
//
// The inner loop, per step p of k: load row p of B (nr floats) into 1 or 2
// vector registers; for each row i of the tile, broadcast a(i, p) and FMA it
// into the row's accumulators. The loop is unrolled twice.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
)

// isa describes a vector instruction set.
type isa struct {
	name  string // "avx512" or "avx2"
	reg   string // register prefix, "Z" or "Y"
	lanes int    // floats per vector register
	regs  int    // vector registers available
	zero  string // instruction clearing a register
}

var (
	avx512 = isa{"avx512", "Z", 16, 32, "VPXORD"}
	avx2   = isa{"avx2", "Y", 8, 16, "VXORPS"}
)

// shape is one micro-kernel: mr rows by v vectors of columns.
type shape struct {
	isa isa
	mr  int
	v   int
}

func (s shape) nr() int { return s.v * s.isa.lanes }

// rowBases are the registers pointing at rows 0, 3, 6, 9 of A in Rows mode;
// rows 3g+1 and 3g+2 are addressed as base+R9 and base+2*R9.
var rowBases = []string{"SI", "R12", "R13", "BX"}

type gen struct {
	strings.Builder
}

func (g *gen) f(format string, args ...any) { fmt.Fprintf(g, format, args...) }

func (g *gen) kernel(s shape, rows bool) {
	I := s.isa
	R := I.reg
	vb := 4 * I.lanes // bytes per vector
	nacc := s.mr * s.v
	bregs := make([]int, s.v) // registers holding the current row of B
	for i := range bregs {
		bregs[i] = nacc + i
	}
	var bcast []int // registers for broadcasts, used in rotation
	for r := nacc + s.v; r < I.regs && len(bcast) < 6; r++ {
		bcast = append(bcast, r)
	}
	ngroups := (s.mr + 2) / 3
	mode := "Step"
	if rows {
		mode = "Rows"
	}
	name := fmt.Sprintf("kernel%dx%d%s%s", s.mr, s.nr(), mode, strings.ToUpper(I.name))

	g.f("\n// func %s(kc int, a *float32, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)\n", name)
	g.f("//\n// C = alpha*A*B + beta*C on a %dx%d tile (C not read when beta == 0), kc >= 1.\n", s.mr, s.nr())
	if rows {
		g.f("// A by rows: a(i, p) at a[i*as + p] (row-major A read in place: as = lda).\n")
	} else {
		g.f("// A in steps: a(i, p) at a[p*as + i] (packed micro-panel: as = %d; A transposed: as = lda).\n", s.mr)
	}
	g.f("// B: b(p, j) at b[p*bs + j] (packed micro-panel: bs = %d; row-major B read in place: bs = ldb).\n", s.nr())
	g.f("//\n// Registers:\n")
	g.f("//   CX  k steps left   DI  B, next row     R10 bs in bytes   DX  C row   R8  ldc in bytes\n")
	if rows {
		g.f("//   R9  as in bytes    R11 3*as in bytes\n")
		g.f("//   %s  A rows 0, 3, 6, 9 (+R9: next row, +2*R9: the one after), next column\n",
			strings.Join(rowBases[:ngroups], ", "))
	} else {
		g.f("//   SI  A, next step   R9  as in bytes\n")
	}
	if s.v == 2 {
		g.f("//   %s0-%s%d  accumulators: row r in %s(2r) (cols 0-%d) and %s(2r+1) (cols %d-%d)\n",
			R, R, nacc-1, R, I.lanes-1, R, I.lanes, s.nr()-1)
		g.f("//   %s%d, %s%d  the current row of B\n", R, bregs[0], R, bregs[1])
	} else {
		g.f("//   %s0-%s%d  accumulators: row r in %sr\n", R, R, nacc-1, R)
		g.f("//   %s%d  the current row of B\n", R, bregs[0])
	}
	g.f("//   %s%d-%s%d  broadcasts of A elements, in rotation; then alpha and beta\n", R, bcast[0], R, bcast[len(bcast)-1])
	g.f("TEXT ·%s(SB), NOSPLIT, $0-64\n", name)
	g.f("\tMOVQ kc+0(FP), CX\n\tMOVQ a+8(FP), SI\n\tMOVQ as+16(FP), R9\n\tSHLQ $2, R9\n")
	g.f("\tMOVQ b+24(FP), DI\n\tMOVQ bs+32(FP), R10\n\tSHLQ $2, R10\n")
	g.f("\tMOVQ c+40(FP), DX\n\tMOVQ ldc+48(FP), R8\n\tSHLQ $2, R8\n")
	if rows {
		g.f("\tLEAQ (R9)(R9*2), R11\n")
		for i := 1; i < ngroups; i++ {
			g.f("\tLEAQ (%s)(R11*1), %s\n", rowBases[i-1], rowBases[i])
		}
	}
	for r := 0; r < nacc; r++ {
		g.f("\t%s %s%d, %s%d, %s%d\n", I.zero, R, r, R, r, R, r)
	}

	// aAddr is the address of a(r, p+u) when SI (or the row bases) point at step p.
	aAddr := func(r, u int) string {
		if !rows {
			if u == 1 {
				return fmt.Sprintf("%d(SI)(R9*1)", 4*r)
			}
			return fmt.Sprintf("%d(SI)", 4*r)
		}
		return fmt.Sprintf("%d(%s)%s", 4*u, rowBases[r/3], []string{"", "(R9*1)", "(R9*2)"}[r%3])
	}
	step := func(u int) {
		bIdx := ""
		if u == 1 {
			bIdx = "(R10*1)"
		}
		for v, br := range bregs {
			g.f("\tVMOVUPS %d(DI)%s, %s%d\n", vb*v, bIdx, R, br)
		}
		for r := 0; r < s.mr; r++ {
			bc := bcast[r%len(bcast)]
			g.f("\tVBROADCASTSS %s, %s%d\n", aAddr(r, u), R, bc)
			for v, br := range bregs {
				g.f("\tVFMADD231PS %s%d, %s%d, %s%d\n", R, br, R, bc, R, r*s.v+v)
			}
		}
	}

	g.f("\tCMPQ CX, $2\n\tJLT tail\n")
	g.f("loop:\n")
	step(0)
	step(1)
	if rows {
		for i := 0; i < ngroups; i++ {
			g.f("\tADDQ $8, %s\n", rowBases[i])
		}
	} else {
		g.f("\tLEAQ (SI)(R9*2), SI\n")
	}
	g.f("\tLEAQ (DI)(R10*2), DI\n")
	g.f("\tSUBQ $2, CX\n\tCMPQ CX, $2\n\tJGE loop\n")
	g.f("tail:\n\tTESTQ CX, CX\n\tJZ done\n")
	step(0)
	g.f("done:\n")
	g.f("\t// C = alpha*acc, plus beta*C unless beta == 0 (or -0).\n")
	ra, rb := bcast[0], bcast[1]
	g.f("\tVBROADCASTSS alpha+56(FP), %s%d\n", R, ra)
	for r := 0; r < nacc; r++ {
		g.f("\tVMULPS %s%d, %s%d, %s%d\n", R, ra, R, r, R, r)
	}
	g.f("\tMOVL beta+60(FP), AX\n\tTESTL $0x7fffffff, AX\n\tJZ store\n")
	g.f("\tVBROADCASTSS beta+60(FP), %s%d\n\tMOVQ DX, BX\n", R, rb)
	for r := 0; r < s.mr; r++ {
		for v := 0; v < s.v; v++ {
			g.f("\tVFMADD231PS %d(BX), %s%d, %s%d\n", vb*v, R, rb, R, r*s.v+v)
		}
		if r != s.mr-1 {
			g.f("\tADDQ R8, BX\n")
		}
	}
	g.f("store:\n")
	for r := 0; r < s.mr; r++ {
		for v := 0; v < s.v; v++ {
			g.f("\tVMOVUPS %s%d, %d(DX)\n", R, r*s.v+v, vb*v)
		}
		if r != s.mr-1 {
			g.f("\tADDQ R8, DX\n")
		}
	}
	g.f("\tVZEROUPPER\n\tRET\n")
}

// transpose16 writes transpose16x16AVX512, which packs a transposed B.
func (g *gen) transpose16() {
	g.f(`
// func transpose16x16AVX512(dst *float32, ldd int, src *float32, lds int)
//
// dst[p*ldd + j] = src[j*lds + p] for j, p < 16: 16 rows of 16 floats
// transposed in registers, in four rounds of 16 shuffles each.
//
// Registers:
//   SI  src row     R8  lds in bytes     DI  dst row     R9  ldd in bytes
//   Z0-Z15   rows j of src; after round 2, U; after round 4, rows p of dst
//   Z16-Z31  T (round 1), then V and W (round 3)
TEXT ·transpose16x16AVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R9
	SHLQ $2, R9
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R8
	SHLQ $2, R8
`)
	for j := 0; j < 16; j++ {
		g.f("\tVMOVUPS (SI), Z%d\n", j)
		if j < 15 {
			g.f("\tADDQ R8, SI\n")
		}
	}
	g.f("\t// Round 1: T[i], T[i+1] = interleaved low, high halves of rows i, i+1 (per 128-bit lane).\n")
	for i := 0; i < 16; i += 2 {
		g.f("\tVUNPCKLPS Z%d, Z%d, Z%d\n", i+1, i, 16+i)
		g.f("\tVUNPCKHPS Z%d, Z%d, Z%d\n", i+1, i, 17+i)
	}
	g.f("\t// Round 2: U[4g+q] lane L = column 4L+q of rows 4g..4g+3.\n")
	for i := 0; i < 16; i += 4 {
		g.f("\tVSHUFPS $0x44, Z%d, Z%d, Z%d\n", 18+i, 16+i, i)
		g.f("\tVSHUFPS $0xEE, Z%d, Z%d, Z%d\n", 18+i, 16+i, i+1)
		g.f("\tVSHUFPS $0x44, Z%d, Z%d, Z%d\n", 19+i, 17+i, i+2)
		g.f("\tVSHUFPS $0xEE, Z%d, Z%d, Z%d\n", 19+i, 17+i, i+3)
	}
	g.f("\t// Round 3: V[q] = lanes 0,1 (Z16+4q) and 2,3 (Z17+4q) of U[q], U[4+q]; W[q] (Z18+4q, Z19+4q) of U[8+q], U[12+q].\n")
	for q := 0; q < 4; q++ {
		g.f("\tVSHUFF32X4 $0x44, Z%d, Z%d, Z%d\n", 4+q, q, 16+4*q)
		g.f("\tVSHUFF32X4 $0xEE, Z%d, Z%d, Z%d\n", 4+q, q, 17+4*q)
		g.f("\tVSHUFF32X4 $0x44, Z%d, Z%d, Z%d\n", 12+q, 8+q, 18+4*q)
		g.f("\tVSHUFF32X4 $0xEE, Z%d, Z%d, Z%d\n", 12+q, 8+q, 19+4*q)
	}
	g.f("\t// Round 4: row 4L+q of dst = lane L of U[q], U[4+q], U[8+q], U[12+q].\n")
	for q := 0; q < 4; q++ {
		g.f("\tVSHUFF32X4 $0x88, Z%d, Z%d, Z%d\n", 18+4*q, 16+4*q, q)
		g.f("\tVSHUFF32X4 $0xDD, Z%d, Z%d, Z%d\n", 18+4*q, 16+4*q, 4+q)
		g.f("\tVSHUFF32X4 $0x88, Z%d, Z%d, Z%d\n", 19+4*q, 17+4*q, 8+q)
		g.f("\tVSHUFF32X4 $0xDD, Z%d, Z%d, Z%d\n", 19+4*q, 17+4*q, 12+q)
	}
	for p := 0; p < 16; p++ {
		g.f("\tVMOVUPS Z%d, (DI)\n", p)
		if p < 15 {
			g.f("\tADDQ R9, DI\n")
		}
	}
	g.f("\tVZEROUPPER\n\tRET\n")
}

// transpose8 writes transpose8x8AVX2, which packs a transposed B.
func (g *gen) transpose8() {
	g.f(`
// func transpose8x8AVX2(dst *float32, ldd int, src *float32, lds int)
//
// dst[p*ldd + j] = src[j*lds + p] for j, p < 8: 8 rows of 8 floats
// transposed in registers, in three rounds of 8 shuffles each.
//
// Registers:
//   SI  src row     R8  lds in bytes     DI  dst row     R9  ldd in bytes
//   Y0-Y7   rows j of src; after round 2, U
//   Y8-Y15  T (round 1); after round 3, rows p of dst
TEXT ·transpose8x8AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R9
	SHLQ $2, R9
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R8
	SHLQ $2, R8
`)
	for j := 0; j < 8; j++ {
		g.f("\tVMOVUPS (SI), Y%d\n", j)
		if j < 7 {
			g.f("\tADDQ R8, SI\n")
		}
	}
	g.f("\t// Round 1: T[i], T[i+1] = interleaved low, high halves of rows i, i+1 (per 128-bit lane).\n")
	for i := 0; i < 8; i += 2 {
		g.f("\tVUNPCKLPS Y%d, Y%d, Y%d\n", i+1, i, 8+i)
		g.f("\tVUNPCKHPS Y%d, Y%d, Y%d\n", i+1, i, 9+i)
	}
	g.f("\t// Round 2: U[4g+q] lane L = column 4L+q of rows 4g..4g+3.\n")
	for i := 0; i < 8; i += 4 {
		g.f("\tVSHUFPS $0x44, Y%d, Y%d, Y%d\n", 10+i, 8+i, i)
		g.f("\tVSHUFPS $0xEE, Y%d, Y%d, Y%d\n", 10+i, 8+i, i+1)
		g.f("\tVSHUFPS $0x44, Y%d, Y%d, Y%d\n", 11+i, 9+i, i+2)
		g.f("\tVSHUFPS $0xEE, Y%d, Y%d, Y%d\n", 11+i, 9+i, i+3)
	}
	g.f("\t// Round 3: row 4L+q of dst = lane L of U[q], U[4+q].\n")
	for q := 0; q < 4; q++ {
		g.f("\tVPERM2F128 $0x20, Y%d, Y%d, Y%d\n", 4+q, q, 8+q)
		g.f("\tVPERM2F128 $0x31, Y%d, Y%d, Y%d\n", 4+q, q, 12+q)
	}
	for p := 0; p < 8; p++ {
		g.f("\tVMOVUPS Y%d, (DI)\n", 8+p)
		if p < 7 {
			g.f("\tADDQ R9, DI\n")
		}
	}
	g.f("\tVZEROUPPER\n\tRET\n")
}

func main() {
	shapes := []shape{{avx512, 12, 2}, {avx512, 12, 1}, {avx2, 6, 2}, {avx2, 6, 1}}
	for _, s := range shapes {
		for _, rows := range []bool{false, true} {
			mode := "step"
			if rows {
				mode = "rows"
			}
			write(fmt.Sprintf("kernel%dx%d%s_%s_amd64.s", s.mr, s.nr(), mode, s.isa.name),
				func(g *gen) { g.kernel(s, rows) })
		}
	}
	write("transpose_avx512_amd64.s", (*gen).transpose16)
	write("transpose_avx2_amd64.s", (*gen).transpose8)
}

// write creates file with the standard header and what body writes.
func write(file string, body func(*gen)) {
	var g gen
	g.f("// Code generated by gen_kernels.go; DO NOT EDIT.\n\n//go:build !purego\n\n#include \"textflag.h\"\n")
	body(&g)
	if err := os.WriteFile(file, []byte(g.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}
