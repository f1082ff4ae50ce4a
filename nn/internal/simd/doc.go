// Package simd holds the element-wise passes of a dense layer's training step that run between its
// matrix products, written once for speed so that nn/tensor can state them plainly: the bias add
// with its ReLU (forward), and the ReLU's gradient mask with the bias gradient's column sum
// (backward), fused into one pass over memory each, and the ReLU alone (Relu, the same pass with a
// zero bias); and Exp, the exponentials of softmax and of the crossentropy losses, with
// math.Exp's bits.
//
// Each function gives the same bits as its plain Go loop (NaN payloads aside) (the *Go functions
// here, which tensor's tests also check against the unfused tensor operations): float32 arithmetic
// in the formula's order, no fused multiply-add, column sums accumulated row after row; Exp repeats
// math.Exp's float64 operations, its fused multiply-adds included. On amd64 CPUs with AVX-512F
// (detected at start-up) the loops run 16 elements per instruction, with masked loads and stores
// for a row's last partial block; building with the purego tag leaves the assembly out. Matrices of
// at least minParallel elements are cut into one part of columns per core (GOMAXPROCS), run by the
// caller and nn/internal/workers' workers: cutting by columns keeps every column sum's order, so
// the bits do not depend on the number of cores.
package simd
