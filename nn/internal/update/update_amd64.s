//go:build !purego

#include "textflag.h"

// func rmspropAVX512(w, grad, v *float32, n int, lr, rho, oneMinusRho, eps float32, skipZero bool)
TEXT ·rmspropAVX512(SB), NOSPLIT, $0-49
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         v+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSS lr+32(FP), Z0
	VBROADCASTSS rho+36(FP), Z1
	VBROADCASTSS oneMinusRho+40(FP), Z2
	VBROADCASTSS eps+44(FP), Z3
	MOVBLZX      skipZero+48(FP), R8
	VPXORD       Z9, Z9, Z9 // 0
	SHRQ         $4, CX
	JZ           done

loop:
	VMOVUPS (SI), Z4     // g
	VMULPS  Z4, Z4, Z5   // g*g
	VMULPS  Z5, Z2, Z5   // oneMinusRho*(g*g)
	VMULPS  (DX), Z1, Z6 // rho*v
	VADDPS  Z5, Z6, Z6   // v = rho*v + oneMinusRho*(g*g)
	VMOVUPS Z6, (DX)
	VADDPS  Z3, Z6, Z6   // v + eps
	TESTQ   R8, R8
	JZ      update
	VPTESTMD Z4, Z4, K1  // lanes whose g has a bit set
	KORTESTW K1, K1
	JNZ      update
	VCMPPS   $0x1e, Z9, Z6, K2 // lanes where v + eps > 0 (GT_OQ: false for NaN)
	KORTESTW K2, K2
	JCS      next              // all 16: g = +0 and sqrt(v + eps) > 0, so w - lr*g/sqrt(v + eps) is w

update:
	VSQRTPS Z6, Z6       // sqrt(v + eps)
	VMULPS  Z4, Z0, Z4   // lr*g
	VDIVPS  Z6, Z4, Z4   // lr*g / sqrt(v + eps)
	VMOVUPS (DI), Z7
	VSUBPS  Z4, Z7, Z7   // w - lr*g/sqrt(v + eps)
	VMOVUPS Z7, (DI)

next:
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func sgdAVX512(w, grad *float32, n int, lr float32)
TEXT ·sgdAVX512(SB), NOSPLIT, $0-28
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS lr+24(FP), Z0
	SHRQ         $4, CX
	JZ           sgddone

sgdloop:
	VMULPS  (SI), Z0, Z1 // lr*g
	VMOVUPS (DI), Z2
	VSUBPS  Z1, Z2, Z2   // w - lr*g
	VMOVUPS Z2, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     sgdloop

sgddone:
	VZEROUPPER
	RET
