// Package update holds the element-wise loops of nn's optimizers (SGD, RMSprop, Adam), written
// once for speed so that nn/optimizer.go can state the formulas plainly.
//
// Each function updates a variable's values w in place from its gradient g and the optimizer's
// state, element by element, with float32 arithmetic in the order of the formula as written (no
// fused multiply-add), so results do not depend on the CPU: the AVX-512 loops of SGD and RMSprop
// give the same bits as the Go loops, which the tests check. The functions run on the calling
// goroutine; Parallel cuts slices of at least minParallel elements into one contiguous part per
// core (GOMAXPROCS), updated by the caller and nn/internal/workers' workers. The elements are
// independent, so the result is the same however they are cut, and whether a variable is updated
// whole or part by part as the backward pass finishes its gradient.
//
// On amd64 CPUs with AVX-512F (detected at start-up) SGD (without momentum) and RMSprop run 16
// elements per instruction; building with the purego tag leaves the assembly out. RMSprop's loop
// skips the weights of 16 gradients that are all +0, whose update leaves them as they are (the
// rows of MNIST's border pixels).
package update
