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
//
// The Idx variants (StepIdx, RowsIdx) walk a compacted A instead, whose
// columns q are the columns idx[q] of a sliver of A that are not all zero
// (see sparse.go): step q reads row idx[q] of B. The rest is the same, so they
// add the kept terms in the same order as the dense kernels add all of them.
//
// compact_avx512_amd64.s holds the AVX-512 routines that find those columns
// and compact A, and the one that checks a B block for Inf and NaN.
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

func (g *gen) kernel(s shape, rows, indexed bool) {
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
	if indexed {
		mode += "Idx"
	}
	name := fmt.Sprintf("kernel%dx%d%s%s", s.mr, s.nr(), mode, strings.ToUpper(I.name))

	// Argument offsets: indexed kernels take idx after as.
	idxArg := ""
	off := map[string]int{"b": 24, "bs": 32, "c": 40, "ldc": 48, "alpha": 56, "beta": 60}
	frame := 64
	if indexed {
		idxArg = " idx *int32,"
		for k := range off {
			off[k] += 8
		}
		frame = 72
	}
	g.f("\n// func %s(kc int, a *float32, as int,%s b *float32, bs int, c *float32, ldc int, alpha, beta float32)\n", name, idxArg)
	if indexed {
		g.f("//\n// C = alpha*A*B' + beta*C on a %dx%d tile (C not read when beta == 0), kc >= 0,\n", s.mr, s.nr())
		g.f("// where row q of B' is row idx[q] of B: A is a compacted sliver (see sparse.go).\n")
	} else {
		g.f("//\n// C = alpha*A*B + beta*C on a %dx%d tile (C not read when beta == 0), kc >= 1.\n", s.mr, s.nr())
	}
	switch {
	case rows && indexed:
		g.f("// A by rows: a(i, q) at a[i*as + q] (compacted from a row-major A: as = kc+16).\n")
	case indexed:
		g.f("// A in steps: a(i, q) at a[q*as + i] (compacted from a micro-panel or a transposed A: as = %d).\n", s.mr)
	case rows:
		g.f("// A by rows: a(i, p) at a[i*as + p] (row-major A read in place: as = lda).\n")
	default:
		g.f("// A in steps: a(i, p) at a[p*as + i] (packed micro-panel: as = %d; A transposed: as = lda).\n", s.mr)
	}
	g.f("// B: b(p, j) at b[p*bs + j] (packed micro-panel: bs = %d; row-major B read in place: bs = ldb).\n", s.nr())
	g.f("//\n// Registers:\n")
	if indexed {
		g.f("//   CX  k steps left   DI  B               R10 bs in bytes   DX  C row   R8  ldc in bytes\n")
		g.f("//   R11 idx, next step   AX  idx[q]*bs in bytes, the offset of B's row\n")
	} else {
		g.f("//   CX  k steps left   DI  B, next row     R10 bs in bytes   DX  C row   R8  ldc in bytes\n")
	}
	if rows {
		if indexed {
			g.f("//   R9  as in bytes    R11 3*as in bytes until the row bases are set\n")
		} else {
			g.f("//   R9  as in bytes    R11 3*as in bytes\n")
		}
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
	g.f("TEXT ·%s(SB), NOSPLIT, $0-%d\n", name, frame)
	g.f("\tMOVQ kc+0(FP), CX\n\tMOVQ a+8(FP), SI\n\tMOVQ as+16(FP), R9\n\tSHLQ $2, R9\n")
	g.f("\tMOVQ b+%d(FP), DI\n\tMOVQ bs+%d(FP), R10\n\tSHLQ $2, R10\n", off["b"], off["bs"])
	g.f("\tMOVQ c+%d(FP), DX\n\tMOVQ ldc+%d(FP), R8\n\tSHLQ $2, R8\n", off["c"], off["ldc"])
	if rows {
		g.f("\tLEAQ (R9)(R9*2), R11\n")
		for i := 1; i < ngroups; i++ {
			g.f("\tLEAQ (%s)(R11*1), %s\n", rowBases[i-1], rowBases[i])
		}
	}
	if indexed { // R11 is free once the row bases are set
		g.f("\tMOVQ idx+24(FP), R11\n")
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
		if indexed {
			g.f("\tMOVLQSX %d(R11), AX\n\tIMULQ R10, AX\n", 4*u)
			bIdx = "(AX*1)"
		} else if u == 1 {
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
	if indexed {
		g.f("\tADDQ $8, R11\n")
	} else {
		g.f("\tLEAQ (DI)(R10*2), DI\n")
	}
	g.f("\tSUBQ $2, CX\n\tCMPQ CX, $2\n\tJGE loop\n")
	g.f("tail:\n\tTESTQ CX, CX\n\tJZ done\n")
	step(0)
	g.f("done:\n")
	g.f("\t// C = alpha*acc, plus beta*C unless beta == 0 (or -0).\n")
	ra, rb := bcast[0], bcast[1]
	g.f("\tVBROADCASTSS alpha+%d(FP), %s%d\n", off["alpha"], R, ra)
	for r := 0; r < nacc; r++ {
		g.f("\tVMULPS %s%d, %s%d, %s%d\n", R, ra, R, r, R, r)
	}
	g.f("\tMOVL beta+%d(FP), AX\n\tTESTL $0x7fffffff, AX\n\tJZ store\n", off["beta"])
	g.f("\tVBROADCASTSS beta+%d(FP), %s%d\n\tMOVQ DX, BX\n", off["beta"], R, rb)
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

// compact512 writes compactRowsAVX512, compactStepAVX512 and finiteAVX512
// (see sparse.go for what they compute).
func (g *gen) compact512() {
	g.f(`
DATA iota16<>+0(SB)/4, $0
DATA iota16<>+4(SB)/4, $1
DATA iota16<>+8(SB)/4, $2
DATA iota16<>+12(SB)/4, $3
DATA iota16<>+16(SB)/4, $4
DATA iota16<>+20(SB)/4, $5
DATA iota16<>+24(SB)/4, $6
DATA iota16<>+28(SB)/4, $7
DATA iota16<>+32(SB)/4, $8
DATA iota16<>+36(SB)/4, $9
DATA iota16<>+40(SB)/4, $10
DATA iota16<>+44(SB)/4, $11
DATA iota16<>+48(SB)/4, $12
DATA iota16<>+52(SB)/4, $13
DATA iota16<>+56(SB)/4, $14
DATA iota16<>+60(SB)/4, $15
GLOBL iota16<>(SB), RODATA|NOPTR, $64

// func compactRowsAVX512(mr, kc int, a *float32, as int, dst *float32, ldd int, idx *int32) int
//
// Keeps the columns p < kc of the sliver a(i, p) = a[i*as + p], i < mr, that
// are not all zero (+0 or -0): for the q-th kept p, idx[q] = p and
// dst[i*ldd + q] = a(i, p). Returns the number kept. 16 columns at a time:
// OR the mr rows, test for nonzero bits other than the sign, compress the
// column numbers and each row's 16 values with that mask and store all 16
// lanes (so idx and each row of dst are written up to 15 past the last kept
// column: ldd >= kc+16, len(idx) >= kc+16).
//
// Registers:
//   R13 mr   R8 kc   SI  A, next 16 columns   R9 as in bytes
//   DI  dst   R10 ldd in bytes   R11 idx   BX  columns kept so far   R12 p of this block
//   K2  the columns of this block inside kc   K1  the kept ones
//   Z0  OR of the rows   Z30 column numbers of this block   Z29 16s   Z31 0x7fffffff
TEXT ·compactRowsAVX512(SB), NOSPLIT, $0-64
	MOVQ mr+0(FP), R13
	MOVQ kc+8(FP), R8
	MOVQ a+16(FP), SI
	MOVQ as+24(FP), R9
	SHLQ $2, R9
	MOVQ dst+32(FP), DI
	MOVQ ldd+40(FP), R10
	SHLQ $2, R10
	MOVQ idx+48(FP), R11
	XORQ BX, BX
	XORQ R12, R12
	MOVL $0x7fffffff, AX
	VPBROADCASTD AX, Z31
	MOVL $16, AX
	VPBROADCASTD AX, Z29
	VMOVDQU32 iota16<>(SB), Z30
rblock:
	MOVQ R8, CX
	SUBQ R12, CX
	JLE rdone
	MOVL $0xffff, DX
	CMPQ CX, $16
	JGE rmask
	MOVL $1, DX
	SHLL CX, DX
	DECL DX
rmask:
	KMOVW DX, K2
	VPXORD Z0, Z0, Z0
	MOVQ SI, AX
	MOVQ R13, CX
ror:
	VMOVUPS.Z (AX), K2, Z1
	VPORD Z1, Z0, Z0
	ADDQ R9, AX
	DECQ CX
	JNZ ror
	VPTESTMD Z0, Z31, K1
	VPCOMPRESSD Z30, K1, Z2
	VMOVDQU32 Z2, (R11)(BX*4)
	MOVQ SI, AX
	LEAQ (DI)(BX*4), DX
	MOVQ R13, CX
rcopy:
	VMOVUPS.Z (AX), K2, Z1
	VCOMPRESSPS Z1, K1, Z2
	VMOVUPS Z2, (DX)
	ADDQ R9, AX
	ADDQ R10, DX
	DECQ CX
	JNZ rcopy
	KMOVW K1, CX
	POPCNTL CX, CX
	ADDQ CX, BX
	VPADDD Z29, Z30, Z30
	ADDQ $64, SI
	ADDQ $16, R12
	JMP rblock
rdone:
	MOVQ BX, ret+56(FP)
	VZEROUPPER
	RET

// func compactStepAVX512(mr, kc int, a *float32, as int, dst *float32, idx *int32) int
//
// Keeps the columns p < kc of the sliver a(i, p) = a[p*as + i], i < mr <= 16,
// that are not all zero (+0 or -0): for the q-th kept p, idx[q] = p and
// dst[q*mr + i] = a(i, p). Returns the number kept. Branch-free: each column
// is stored at the next free place, which only moves on if it was kept
// (len(dst) >= kc*mr, len(idx) >= kc).
//
// Registers:
//   R13 mr*4   R8 kc   SI  A, next column   R9 as in bytes   DX  dst, next free place
//   R11 idx   BX  columns kept so far   R12 p   K3  mr lanes   K1  the nonzero ones
TEXT ·compactStepAVX512(SB), NOSPLIT, $0-56
	MOVQ mr+0(FP), CX
	MOVQ kc+8(FP), R8
	MOVQ a+16(FP), SI
	MOVQ as+24(FP), R9
	SHLQ $2, R9
	MOVQ dst+32(FP), DX
	MOVQ idx+40(FP), R11
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K3
	MOVQ CX, R13
	SHLQ $2, R13
	XORQ BX, BX
	XORQ R12, R12
	MOVL $0x7fffffff, AX
	VPBROADCASTD AX, Z31
	CMPQ R8, $0
	JLE sdone
sloop:
	VMOVUPS.Z (SI), K3, Z1
	VPTESTMD Z1, Z31, K1
	VMOVUPS Z1, K3, (DX)
	MOVL R12, (R11)(BX*4)
	XORL AX, AX
	KORTESTW K1, K1
	SETNE AL
	ADDQ AX, BX
	IMULQ R13, AX
	ADDQ AX, DX
	ADDQ R9, SI
	INCQ R12
	CMPQ R12, R8
	JLT sloop
sdone:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

// func finiteAVX512(n int, x *float32) bool
//
// Reports whether x[0:n] holds no Inf and no NaN (exponent bits not all set),
// 16 floats at a time.
//
// Registers:
//   CX  floats left   SI  x, next 16   K2  the lanes inside n   Z31 0x7f800000
TEXT ·finiteAVX512(SB), NOSPLIT, $0-17
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVL $0x7f800000, AX
	VPBROADCASTD AX, Z31
fblock:
	TESTQ CX, CX
	JLE fyes
	MOVL $0xffff, DX
	CMPQ CX, $16
	JGE fmask
	MOVL $1, DX
	SHLL CX, DX
	DECL DX
fmask:
	KMOVW DX, K2
	VMOVUPS.Z (SI), K2, Z1
	VPANDD Z31, Z1, Z1
	VPCMPEQD Z31, Z1, K2, K1
	KORTESTW K1, K1
	JNZ fno
	ADDQ $64, SI
	SUBQ $16, CX
	JMP fblock
fyes:
	MOVB $1, ret+16(FP)
	VZEROUPPER
	RET
fno:
	MOVB $0, ret+16(FP)
	VZEROUPPER
	RET
`)
}

func main() {
	shapes := []shape{{avx512, 12, 2}, {avx512, 12, 1}, {avx2, 6, 2}, {avx2, 6, 1}}
	for _, s := range shapes {
		for _, indexed := range []bool{false, true} {
			for _, rows := range []bool{false, true} {
				mode := "step"
				if rows {
					mode = "rows"
				}
				if indexed {
					mode += "idx"
				}
				write(fmt.Sprintf("kernel%dx%d%s_%s_amd64.s", s.mr, s.nr(), mode, s.isa.name),
					func(g *gen) { g.kernel(s, rows, indexed) })
			}
		}
	}
	write("transpose_avx512_amd64.s", (*gen).transpose16)
	write("compact_avx512_amd64.s", (*gen).compact512)
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
