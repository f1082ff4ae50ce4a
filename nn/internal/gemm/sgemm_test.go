package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naive returns alpha·op(A)·op(B) + beta·C computed in float64 from the
// float32 inputs, and for each element the bound on its float32 rounding
// error (see tolerance).
func naive(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) (want, tol []float64) {
	want = make([]float64, m*n)
	tol = make([]float64, m*n)
	at := func(i, p int) float64 {
		if tA {
			return float64(a[p*lda+i])
		}
		return float64(a[i*lda+p])
	}
	bt := func(p, j int) float64 {
		if tB {
			return float64(b[j*ldb+p])
		}
		return float64(b[p*ldb+j])
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum, abs float64
			for p := 0; p < k; p++ {
				x := at(i, p) * bt(p, j)
				sum += x
				abs += math.Abs(x)
			}
			var cij float64
			if beta != 0 {
				cij = float64(c[i*ldc+j])
			}
			want[i*n+j] = float64(alpha)*sum + float64(beta)*cij
			tol[i*n+j] = tolerance(k, math.Abs(float64(alpha))*abs+math.Abs(float64(beta)*cij))
		}
	}
	return want, tol
}

// tolerance bounds the error of a float32 result: a sum of k products
// computed in float32 in any order, with or without FMA, is within
// γ·Σ|a·b| of the exact value, with γ = k·u/(1-k·u) ≈ k·u and u = 2⁻²⁴ the
// unit roundoff (Higham, Accuracy and Stability of Numerical Algorithms,
// §3.1); scaling by alpha, adding beta·C and the float32 conversions of the
// partial sums over k blocks add a few more roundings, hence (k+4)·u, and a
// factor 2 for the blocked summation order. abs is |alpha|·Σ|a·b| + |beta·c|.
func tolerance(k int, abs float64) float64 {
	const u = 1.0 / (1 << 24)
	return 2 * float64(k+4) * u * abs
}

// filled returns n random floats in [-1, 1), or small integers if ints,
// for which every product and sum of the tests is exact in float32.
func filled(rng *rand.Rand, n int, ints bool) []float32 {
	s := make([]float32, n)
	for i := range s {
		if ints {
			s[i] = float32(rng.IntN(7) - 3)
		} else {
			s[i] = 2*rng.Float32() - 1
		}
	}
	return s
}

// padNaN sets the elements of a rows×cols matrix with stride ld that lie
// outside it (columns cols..ld-1) to NaN: reading them would spoil the result.
func padNaN(x []float32, rows, cols, ld int) {
	for i := 0; i < rows; i++ {
		for j := cols; j < ld && i*ld+j < len(x); j++ {
			x[i*ld+j] = float32(math.NaN())
		}
	}
}

type gemmCase struct {
	tA, tB      bool
	m, n, k     int
	alpha, beta float32
	pad         int     // extra elements in each row stride
	ints        bool    // small integer inputs: the result must be exact
	zero        float64 // share of A's elements set to zero (so that zero columns are skipped)
}

func (tc gemmCase) String() string {
	return fmt.Sprintf("tA=%v,tB=%v,m=%d,n=%d,k=%d,alpha=%v,beta=%v,pad=%d,ints=%v,zero=%v",
		tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.pad, tc.ints, tc.zero)
}

// layout returns the stored shapes of A and B and the strides of A, B and C.
func (tc gemmCase) layout() (rowsA, colsA, rowsB, colsB, lda, ldb, ldc int) {
	rowsA, colsA = tc.m, tc.k
	if tc.tA {
		rowsA, colsA = tc.k, tc.m
	}
	rowsB, colsB = tc.k, tc.n
	if tc.tB {
		rowsB, colsB = tc.n, tc.k
	}
	return rowsA, colsA, rowsB, colsB, max(1, colsA) + tc.pad, max(1, colsB) + tc.pad, max(1, tc.n) + tc.pad
}

// check runs one case on the active kernel and reports mismatches.
func check(t *testing.T, tc gemmCase, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	rowsA, colsA, rowsB, colsB, lda, ldb, ldc := tc.layout()
	a := filled(rng, max(0, span(rowsA, colsA, lda)), tc.ints)
	b := filled(rng, max(0, span(rowsB, colsB, ldb)), tc.ints)
	c := filled(rng, max(0, span(tc.m, tc.n, ldc)), tc.ints)
	if tc.zero > 0 {
		for i := range a {
			if rng.Float64() < tc.zero {
				a[i] = 0
			}
		}
	}
	padNaN(a, rowsA, colsA, lda)
	padNaN(b, rowsB, colsB, ldb)
	padNaN(c, tc.m, tc.n, ldc)
	if tc.beta == 0 {
		for i := 0; i < tc.m; i++ {
			for j := 0; j < tc.n; j++ {
				c[i*ldc+j] = float32(math.NaN()) // must not be read
			}
		}
	}
	want, tol := naive(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)

	Sgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)

	bad := 0
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			got, w := float64(c[i*ldc+j]), want[i*tc.n+j]
			diff := math.Abs(got - w)
			ok := diff <= tol[i*tc.n+j]
			if tc.ints {
				ok = got == w
			}
			if !ok || math.IsNaN(got) {
				if bad < 5 {
					t.Errorf("%s %v: C[%d,%d]: got %v, want %v (diff %.3g, tol %.3g)",
						Kernel(), tc, i, j, got, w, diff, tol[i*tc.n+j])
				}
				bad++
			}
		}
		for j := tc.n; j < ldc && i*ldc+j < len(c); j++ {
			if !math.IsNaN(float64(c[i*ldc+j])) {
				t.Errorf("%s %v: padding C[%d,%d] written: got %v, want NaN", Kernel(), tc, i, j, c[i*ldc+j])
				return
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s %v: %d of %d elements wrong", Kernel(), tc, bad, tc.m*tc.n)
	}
}

// eachKernel runs f once per kernel this CPU can run, that kernel forced.
func eachKernel(t *testing.T, f func(t *testing.T)) {
	for _, name := range Kernels() {
		t.Run(name, func(t *testing.T) {
			defer SetKernel(name)()
			f(t)
		})
	}
}

// sizes covers tiny, prime, tile-edge and multi-block extents for every kernel
// (tiles 4×4, 6×16, 12×32; k blocks of 256 and 384).
var sizes = []int{1, 2, 3, 5, 7, 11, 12, 13, 16, 17, 31, 32, 33, 47, 64, 97}

func TestSgemmShapes(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		seed := uint64(0)
		for _, m := range sizes {
			for _, n := range sizes {
				k := sizes[(m+n)%len(sizes)]
				for flags := 0; flags < 4; flags++ {
					seed++
					tc := gemmCase{tA: flags&1 != 0, tB: flags&2 != 0, m: m, n: n, k: k,
						alpha: 1, beta: 0, pad: int(seed % 3)}
					check(t, tc, seed)
				}
			}
		}
	})
}

func TestSgemmTable(t *testing.T) {
	cases := []gemmCase{
		{m: 1, n: 1, k: 1, alpha: 1},
		{m: 1, n: 1, k: 1, alpha: 2, beta: 3},
		{m: 3, n: 4, k: 0, alpha: 1, beta: 0},     // k = 0: C = 0
		{m: 3, n: 4, k: 0, alpha: 1, beta: 2.5},   // k = 0: C = beta·C
		{m: 5, n: 7, k: 9, alpha: 0, beta: -1},    // alpha = 0: C = beta·C
		{m: 5, n: 7, k: 9, alpha: 0, beta: 0},     // alpha = 0, beta = 0: C = 0
		{m: 13, n: 37, k: 401, alpha: 1, beta: 1}, // two k blocks, accumulate
		{m: 13, n: 37, k: 401, alpha: -0.5, beta: 0.25, pad: 5},
		{m: 61, n: 67, k: 71, alpha: 1.5, beta: -2, pad: 1},
		{m: 128, n: 10, k: 512, alpha: 1},                // fwd2: C transposed internally
		{m: 512, n: 10, k: 128, tA: true, alpha: 1},      // dW2
		{m: 128, n: 512, k: 10, tB: true, alpha: 1},      // dH
		{m: 10, n: 300, k: 20, alpha: 1, beta: 1},        // thin m
		{m: 300, n: 3, k: 20, alpha: 1, beta: 1, pad: 2}, // thin n, transposed C with stride
		{m: 37, n: 1100, k: 800, alpha: 1, beta: 0.5},    // several n and k blocks
		{m: 29, n: 31, k: 1000, ints: true, alpha: 1},    // exact
		{m: 29, n: 31, k: 1000, ints: true, alpha: 2, beta: -1, tA: true, tB: true},
		{m: 200, n: 9, k: 50, ints: true, alpha: 1, beta: 1, tB: true},
	}
	eachKernel(t, func(t *testing.T) {
		for i, tc := range cases {
			for flags := 0; flags < 4; flags++ {
				tc := tc
				tc.tA, tc.tB = tc.tA != (flags&1 != 0), tc.tB != (flags&2 != 0)
				check(t, tc, uint64(100*i+flags))
			}
		}
	})
}

// TestSgemmTrainShapes checks the products of one training step of the
// 784-512-10 MLP at batch 128, and an evaluation-sized one, which also take
// the parallel path.
func TestSgemmTrainShapes(t *testing.T) {
	cases := []gemmCase{
		{m: 128, n: 512, k: 784, alpha: 1},
		{m: 784, n: 512, k: 128, tA: true, alpha: 1},
		{m: 128, n: 10, k: 512, alpha: 1},
		{m: 512, n: 10, k: 128, tA: true, alpha: 1},
		{m: 128, n: 512, k: 10, tB: true, alpha: 1},
		{m: 1000, n: 512, k: 784, alpha: 1, beta: 1},
	}
	if testing.Short() {
		cases = cases[:5]
	}
	eachKernel(t, func(t *testing.T) {
		for i, tc := range cases {
			check(t, tc, uint64(i))
		}
	})
}

// TestSgemmParallelSplits forces the parallel path on small problems, so
// that parts with few, partial or no tiles are exercised along m and n.
func TestSgemmParallelSplits(t *testing.T) {
	defer func(v int) { minParallelFlops = v }(minParallelFlops)
	minParallelFlops = 0
	defer func(v int) { chunksPerThread = v }(chunksPerThread)
	chunksPerThread = 3
	eachKernel(t, func(t *testing.T) {
		seed := uint64(0)
		for _, m := range []int{1, 5, 13, 40, 130} {
			for _, n := range []int{1, 7, 33, 100, 257} {
				seed++
				check(t, gemmCase{m: m, n: n, k: 300, alpha: 1, beta: 0.5, pad: 1}, seed)
				check(t, gemmCase{m: m, n: n, k: 7, alpha: 1, tA: true}, seed)
			}
		}
	})
}

func TestSgemmPanics(t *testing.T) {
	s := make([]float32, 100)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"m<0", func() { Sgemm(false, false, -1, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "gemm: m < 0"},
		{"n<0", func() { Sgemm(false, false, 2, -1, 2, 1, s, 2, s, 2, 0, s, 2) }, "gemm: n < 0"},
		{"k<0", func() { Sgemm(false, false, 2, 2, -1, 1, s, 2, s, 2, 0, s, 2) }, "gemm: k < 0"},
		{"lda", func() { Sgemm(false, false, 2, 3, 4, 1, s, 3, s, 3, 0, s, 3) }, "gemm: bad lda"},
		{"lda trans", func() { Sgemm(true, false, 5, 3, 4, 1, s, 4, s, 3, 0, s, 3) }, "gemm: bad lda"},
		{"ldb", func() { Sgemm(false, false, 2, 3, 4, 1, s, 4, s, 2, 0, s, 3) }, "gemm: bad ldb"},
		{"ldb trans", func() { Sgemm(false, true, 2, 3, 4, 1, s, 4, s, 3, 0, s, 3) }, "gemm: bad ldb"},
		{"ldc", func() { Sgemm(false, false, 2, 3, 4, 1, s, 4, s, 3, 0, s, 2) }, "gemm: bad ldc"},
		{"short a", func() { Sgemm(false, false, 11, 3, 10, 1, s, 10, s, 3, 0, s, 3) }, "gemm: short a"},
		{"short b", func() { Sgemm(false, false, 3, 10, 11, 1, s, 11, s, 10, 0, s, 10) }, "gemm: short b"},
		{"short c", func() { Sgemm(false, false, 11, 10, 2, 1, s, 2, s, 10, 0, s, 10) }, "gemm: short c"},
		{"ldc zero n", func() { Sgemm(false, false, 2, 0, 2, 1, s, 2, s, 1, 0, s, 0) }, "gemm: bad ldc"},
	}
	for _, tc := range cases {
		func() {
			defer func() {
				got, _ := recover().(string)
				if got != tc.want {
					t.Errorf("%s: got panic %q, want %q", tc.name, got, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

func TestSgemmEmpty(t *testing.T) {
	// m = 0 or n = 0: nothing is read or written, even with nil slices.
	Sgemm(false, false, 0, 5, 5, 1, nil, 5, nil, 5, 0, nil, 5)
	Sgemm(true, true, 5, 0, 5, 1, nil, 5, nil, 5, 0, nil, 1)
	// k = 0 with nil A and B.
	c := []float32{1, 2, 3, 4}
	Sgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, 2, c, 2)
	for i, want := range []float32{2, 4, 6, 8} {
		if c[i] != want {
			t.Errorf("k=0: C[%d]: got %v, want %v", i, c[i], want)
		}
	}
}

func TestKernel(t *testing.T) {
	names := Kernels()
	if got, want := Kernel(), names[0]; got != want {
		t.Errorf("Kernel(): got %q, want %q (fastest of %v)", got, want, names)
	}
	if names[len(names)-1] != "generic" {
		t.Errorf("Kernels(): got %v, want generic last", names)
	}
	restore := SetKernel("generic")
	if got := Kernel(); got != "generic" {
		t.Errorf("after SetKernel(generic): got %q", got)
	}
	restore()
	if got, want := Kernel(), names[0]; got != want {
		t.Errorf("after restore: got %q, want %q", got, want)
	}
	t.Logf("kernels on this CPU: %v", names)
}
