//go:build !purego

#include "textflag.h"

// The constants of math.Exp's amd64 assembly (Go's src/math/exp_amd64.s), as float64 bits.
DATA expdata<>+0(SB)/8, $0x3ff71547652b82fe   // log2(e)
DATA expdata<>+8(SB)/8, $0x3fe62e42fefa3000   // ln(2), upper part
DATA expdata<>+16(SB)/8, $0x3d53de6af278ece6  // ln(2), lower part
DATA expdata<>+24(SB)/8, $0x3fb0000000000000  // 1/16
DATA expdata<>+32(SB)/8, $0x3efa01a01a01a01a  // 1/8!
DATA expdata<>+40(SB)/8, $0x3f2a01a01a01a01a  // 1/7!
DATA expdata<>+48(SB)/8, $0x3f56c16c16c16c17  // 1/6!
DATA expdata<>+56(SB)/8, $0x3f81111111111111  // 1/5!
DATA expdata<>+64(SB)/8, $0x3fa5555555555555  // 1/4!
DATA expdata<>+72(SB)/8, $0x3fc5555555555555  // 1/3!
DATA expdata<>+80(SB)/8, $0x3fe0000000000000  // 1/2
DATA expdata<>+88(SB)/8, $0x3ff0000000000000  // 1
DATA expdata<>+96(SB)/8, $0x4000000000000000  // 2
DATA expdata<>+104(SB)/8, $0xc085e00000000000 // -700
DATA expdata<>+112(SB)/8, $0x4085e00000000000 // 700
DATA expdata<>+120(SB)/8, $1023               // exponent bias
GLOBL expdata<>(SB), RODATA|NOPTR, $128

// func expAVX512(dst, src *float32, n int) int
//
// dst[i] = float32(math.Exp(float64(src[i]))), 8 at a time, for i from 0 while i+8 ≤ n and the
// 8 values are all in [-700, 700] (ordered, so not NaN); it returns the first i not done. In
// that range math.Exp's assembly on a CPU with FMA takes its main path (no overflow, no
// subnormal result), whose operations this repeats in the same order on 8 lanes: the same
// roundings, so the same bits.
TEXT ·expAVX512(SB), NOSPLIT, $0-32
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         n+16(FP), CX
	XORQ         AX, AX
	VBROADCASTSD expdata<>+0(SB), Z16
	VBROADCASTSD expdata<>+8(SB), Z17
	VBROADCASTSD expdata<>+16(SB), Z18
	VBROADCASTSD expdata<>+24(SB), Z19
	VBROADCASTSD expdata<>+32(SB), Z20
	VBROADCASTSD expdata<>+40(SB), Z21
	VBROADCASTSD expdata<>+48(SB), Z22
	VBROADCASTSD expdata<>+56(SB), Z23
	VBROADCASTSD expdata<>+64(SB), Z24
	VBROADCASTSD expdata<>+72(SB), Z25
	VBROADCASTSD expdata<>+80(SB), Z26
	VBROADCASTSD expdata<>+88(SB), Z27
	VBROADCASTSD expdata<>+96(SB), Z28
	VBROADCASTSD expdata<>+104(SB), Z29
	VBROADCASTSD expdata<>+112(SB), Z30
	VPBROADCASTQ expdata<>+120(SB), Z31

loop:
	LEAQ      8(AX), BX
	CMPQ      BX, CX
	JGT       done
	VCVTPS2PD (SI)(AX*4), Z0      // x
	VCMPPD    $0x1d, Z29, Z0, K1  // x >= -700 (GE_OQ)
	VCMPPD    $0x12, Z30, Z0, K2  // x <= 700 (LE_OQ)
	KANDW     K1, K2, K1
	KMOVW     K1, BX
	CMPL      BX, $0xff
	JNE       done
	VMULPD    Z16, Z0, Z1         // x*log2(e)
	VCVTPD2DQ Z1, Y2              // k = round to nearest int32 (CVTSD2SL)
	VCVTDQ2PD Y2, Z1              // float64(k)
	VFNMADD231PD Z17, Z1, Z0      // x - k*ln2u, fused
	VFNMADD231PD Z18, Z1, Z0      // - k*ln2l, fused
	VMULPD    Z19, Z0, Z0         // r = that/16
	VMOVAPD   Z20, Z1             // Taylor series in r, fused multiply-adds from 1/8! down to 1
	VFMADD213PD Z21, Z0, Z1
	VFMADD213PD Z22, Z0, Z1
	VFMADD213PD Z23, Z0, Z1
	VFMADD213PD Z24, Z0, Z1
	VFMADD213PD Z25, Z0, Z1
	VFMADD213PD Z26, Z0, Z1
	VFMADD213PD Z27, Z0, Z1
	VMULPD    Z1, Z0, Z0          // e**r - 1
	VADDPD    Z28, Z0, Z1         // squared four times: y*(y+2) is (1+y)² - 1
	VMULPD    Z1, Z0, Z0
	VADDPD    Z28, Z0, Z1
	VMULPD    Z1, Z0, Z0
	VADDPD    Z28, Z0, Z1
	VMULPD    Z1, Z0, Z0
	VADDPD    Z28, Z0, Z1
	VFMADD213PD Z27, Z1, Z0       // ... and the last with 1 added, fused: e**(16r)
	VPMOVSXDQ Y2, Z3              // times 2**k, built from its exponent bits
	VPADDQ    Z31, Z3, Z3
	VPSLLQ    $52, Z3, Z3
	VMULPD    Z3, Z0, Z0
	VCVTPD2PS Z0, Y0              // rounded to float32
	VMOVUPS   Y0, (DI)(AX*4)
	ADDQ      $8, AX
	JMP       loop

done:
	MOVQ       AX, ret+24(FP)
	VZEROUPPER
	RET
