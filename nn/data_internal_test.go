package nn

import (
	"runtime"
	"slices"
	"testing"
)

// TestGatherRows checks gatherRows, on one goroutine and split over several, against copying the
// rows one by one: batches below and above minParallelGather, with repeated and reversed indices.
func TestGatherRows(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // three parts: an uneven split
	const f = 1024
	src := make([]float32, 300*f)
	if 127*f >= minParallelGather || 128*f < minParallelGather {
		t.Fatalf("minParallelGather %d: 127 and 128 rows of %d values no longer straddle it", minParallelGather, f)
	}
	for i := range src {
		src[i] = float32(i)
	}
	for _, n := range []int{1, 5, 127, 128, 200} {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = (n - i) * 7 % 300
		}
		want := make([]float32, 0, n*f)
		for _, j := range idx {
			want = append(want, src[j*f:(j+1)*f]...)
		}
		dst := make([]float32, n*f)
		gatherRows(dst, src, idx, f)
		if !slices.Equal(dst, want) {
			t.Errorf("gatherRows of %d rows (%d values, split %v): wrong rows", n, n*f, n*f >= minParallelGather)
		}
	}
}

// BenchmarkGatherRows gathers a shuffled batch of 128 rows of 784 values from 60,000 (the
// chapter's batches of MNIST images): run with -cpu 1,2 to see the split's gain. The source is
// written first, as a data set is: memory never written reads as the kernel's one zero page.
func BenchmarkGatherRows(b *testing.B) {
	const n, f, batch = 60000, 784, 128
	src := make([]float32, n*f)
	for i := range src {
		src[i] = float32(i % 251)
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = (i * 7919) % n
	}
	dst := make([]float32, batch*f)
	b.SetBytes(batch * f * 4)
	i := 0
	for b.Loop() {
		if i+batch > n {
			i = 0
		}
		gatherRows(dst, src, perm[i:i+batch], f)
		i += batch
	}
}
