//go:build !purego

#include "textflag.h"

// func biasReluAVX512(z, b *float32, rows, n, ld int, relu bool)
//
// For each row: z[j] = z[j] + b[j], then with relu max(·, 0) as Go's max: VMAXPS returns its
// second source (Intel order) when either is NaN or both are zeros, so with the value there NaN
// stays NaN, and adding +0 afterwards turns a -0 into +0 (and changes nothing else).
TEXT ·biasReluAVX512(SB), NOSPLIT, $0-41
	MOVQ    z+0(FP), DI
	MOVQ    b+8(FP), SI
	MOVQ    rows+16(FP), R8
	MOVQ    n+24(FP), R9
	MOVQ    ld+32(FP), R10
	SHLQ    $2, R10             // row stride in bytes
	MOVBQZX relu+40(FP), R11
	MOVQ    R9, CX
	ANDQ    $15, CX
	MOVL    $1, AX
	SHLL    CX, AX
	DECL    AX
	KMOVW   AX, K2              // mask of the last partial block (0 if none)
	SHRQ    $4, R9              // full blocks per row
	VXORPS  Z0, Z0, Z0

row:
	XORQ BX, BX
	MOVQ R9, CX
	TESTQ CX, CX
	JZ   tail

block:
	VMOVUPS (DI)(BX*1), Z1
	VADDPS  (SI)(BX*1), Z1, Z1
	TESTQ   R11, R11
	JZ      store
	VMAXPS  Z1, Z0, Z1
	VADDPS  Z0, Z1, Z1

store:
	VMOVUPS Z1, (DI)(BX*1)
	ADDQ    $64, BX
	DECQ    CX
	JNZ     block

tail:
	KORTESTW K2, K2
	JZ       next
	VMOVUPS.Z (DI)(BX*1), K2, Z1
	VMOVUPS.Z (SI)(BX*1), K2, Z2
	VADDPS    Z2, Z1, Z1
	TESTQ     R11, R11
	JZ        tstore
	VMAXPS    Z1, Z0, Z1
	VADDPS    Z0, Z1, Z1

tstore:
	VMOVUPS Z1, K2, (DI)(BX*1)

next:
	ADDQ R10, DI
	DECQ R8
	JNZ  row
	VZEROUPPER
	RET

// func reluGradSumAVX512(dz, db, grad, out *float32, rows, n, ld int)
//
// For each row: k = out > 0 (ordered: false for NaN); dz = g under k, zero elsewhere; db += dz.
TEXT ·reluGradSumAVX512(SB), NOSPLIT, $0-56
	MOVQ   dz+0(FP), DI
	MOVQ   db+8(FP), SI
	MOVQ   grad+16(FP), DX
	MOVQ   out+24(FP), R12
	MOVQ   rows+32(FP), R8
	MOVQ   n+40(FP), R9
	MOVQ   ld+48(FP), R10
	SHLQ   $2, R10
	MOVQ   R9, CX
	ANDQ   $15, CX
	MOVL   $1, AX
	SHLL   CX, AX
	DECL   AX
	KMOVW  AX, K2
	SHRQ   $4, R9
	VXORPS Z0, Z0, Z0

grow:
	XORQ  BX, BX
	MOVQ  R9, CX
	TESTQ CX, CX
	JZ    gtail

gblock:
	VMOVUPS   (R12)(BX*1), Z1
	VCMPPS    $0x1e, Z0, Z1, K1 // out > 0 (GT_OQ)
	VMOVUPS.Z (DX)(BX*1), K1, Z2
	VMOVUPS   Z2, (DI)(BX*1)
	VADDPS    (SI)(BX*1), Z2, Z3
	VMOVUPS   Z3, (SI)(BX*1)
	ADDQ      $64, BX
	DECQ      CX
	JNZ       gblock

gtail:
	KORTESTW  K2, K2
	JZ        gnext
	VMOVUPS.Z (R12)(BX*1), K2, Z1
	VCMPPS    $0x1e, Z0, Z1, K2, K1
	VMOVUPS.Z (DX)(BX*1), K1, Z2
	VMOVUPS   Z2, K2, (DI)(BX*1)
	VMOVUPS.Z (SI)(BX*1), K2, Z3
	VADDPS    Z2, Z3, Z3
	VMOVUPS   Z3, K2, (SI)(BX*1)

gnext:
	ADDQ R10, DI
	ADDQ R10, DX
	ADDQ R10, R12
	DECQ R8
	JNZ  grow
	VZEROUPPER
	RET
