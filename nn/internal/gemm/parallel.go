package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/nnbook/nnbook/nn/internal/workers"
)

// minParallelFlops is the smallest product (2·m·n·k) split over goroutines:
// below it, waking a worker costs more than it saves.
var minParallelFlops = 2 << 20

// minPartFlops is the least work (2·m·n·k) worth a goroutine of its own.
const minPartFlops = 1 << 20

// chunksPerThread is how many chunks each goroutine gets on average. More
// than one lets a goroutine whose core is busy with something else fall
// behind without holding up the call: the others take its share.
var chunksPerThread = 4

// job is one parallel Sgemm call: C cut into chunks along m or along n, in
// whole micro-tiles, and computed by threads goroutines (the caller and
// threads-1 of nn/internal/workers' workers), each taking the next chunk until
// none is left. The caller returns as soon as every chunk is done, even if a
// worker has not started yet; the last goroutine to let go of the job returns
// it to the pool, so that a call allocates nothing.
type job struct {
	pr     problem
	chunks int
	alongN bool
	next   atomic.Int64   // the next chunk to take
	done   sync.WaitGroup // chunks not yet computed
	refs   atomic.Int64   // goroutines still holding the job
}

var jobPool = sync.Pool{New: func() any { return new(job) }}

// Run is a worker's share of j (workers.Task): chunks until none is left.
func (j *job) Run() {
	j.work()
	j.release()
}

// bounds returns chunk t's rows [i0, i1) and columns [j0, j1) of C: the
// micro-tiles along the split dimension shared as evenly as possible.
func (j *job) bounds(t int) (i0, i1, j0, j1 int) {
	pr := &j.pr
	if j.alongN {
		tiles := ceilDiv(pr.n, pr.kern.nr)
		j0 = min(pr.n, t*tiles/j.chunks*pr.kern.nr)
		j1 = min(pr.n, (t+1)*tiles/j.chunks*pr.kern.nr)
		return 0, pr.m, j0, j1
	}
	tiles := ceilDiv(pr.m, pr.kern.mr)
	i0 = min(pr.m, t*tiles/j.chunks*pr.kern.mr)
	i1 = min(pr.m, (t+1)*tiles/j.chunks*pr.kern.mr)
	return i0, i1, 0, pr.n
}

// work computes chunks until none is left.
func (j *job) work() {
	s := scratchPool.Get().(*scratch)
	for {
		t := int(j.next.Add(1) - 1)
		if t >= j.chunks {
			break
		}
		if i0, i1, j0, j1 := j.bounds(t); i0 < i1 && j0 < j1 {
			j.pr.block(s, i0, i1, j0, j1)
			if j.pr.then != nil {
				j.pr.then(i0, i1, j0, j1)
			}
		}
		j.done.Done()
	}
	scratchPool.Put(s)
}

// release lets go of j, returning it to the pool if no one else holds it.
func (j *job) release() {
	if j.refs.Add(-1) == 0 {
		j.pr = problem{} // drop references to the caller's slices
		jobPool.Put(j)
	}
}

// plan decides how many goroutines compute pr, into how many chunks it is
// cut and along which dimension. Operands are mostly read in place, so
// chunks share them rather than copy them, and the cut goes along the
// dimension that shares the micro-tiles most evenly (the largest chunk is
// the smallest), n on a tie; for SgemmThen, and when zero columns of A may be
// skipped (A does not look dense), m when that is not much less even.
func plan(pr *problem) (threads, chunks int, alongN bool) {
	flops := 2 * pr.m * pr.n * pr.k
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 || flops < minParallelFlops {
		return 1, 1, false
	}
	threads = min(procs, max(1, flops/minPartFlops))
	chunks = threads * chunksPerThread
	mt, nt := ceilDiv(pr.m, pr.kern.mr), ceilDiv(pr.n, pr.kern.nr)
	// Rows (resp. columns) of C in the largest chunk.
	mPart := min(pr.m, ceilDiv(mt, chunks)*pr.kern.mr)
	nPart := min(pr.n, ceilDiv(nt, chunks)*pr.kern.nr)
	alongN = nPart*pr.m <= mPart*pr.n
	// Two kinds of products are cut along m whenever its chunks are enough and at most twice as
	// uneven as along n (evenM):
	//   - SgemmThen's, whose parts are better whole rows, contiguous for the pass that follows (an
	//     optimizer's update runs on each range of rows in one call, where a part of columns takes a
	//     call per row), unless it reads much more. Each chunk along m reads all of op(B), k×n, and
	//     each along n all of op(A), m×k, so the cut along m reads (chunks-1)·k·(n-m) more values:
	//     at most C's m·n is accepted. (A layer's output for a small batch, 128×784 · 784×512, keeps
	//     the cut along n; the weight gradient xᵀ·dz, 784×k · k×w, is cut along m up to w = 784 at
	//     any batch and beyond it for small batches.)
	//   - those whose zero columns of A may be skipped: every chunk along n looks for the zero
	//     columns of all the slivers of A (an eighth of the CPU of the chapter's products on MNIST
	//     batches), where a chunk along m does so for its own slivers only; but not when B is
	//     transposed, as it is packed, which each chunk along m would do for all of it, nor when
	//     A looks dense (probeDense): then no sliver is searched, and the product is cut as any
	//     other. (x·W1 on random or standardized inputs is then cut along n into equal chunks,
	//     where along m its 11 micro-tiles left one goroutine waiting most of a tile for the
	//     other, and each goroutine reads half of W1 instead of all of it.)
	evenM := mt >= chunks && mPart*pr.n <= 2*nPart*pr.m
	thenRows := pr.then != nil && (chunks-1)*pr.k*max(0, pr.n-pr.m) <= pr.m*pr.n
	skipping := maxKept > 0 && pr.b.cs == 1 && pr.n >= skipPanels*pr.kern.nr && pr.kern.fullIdx != nil
	if skipping && pr.probeDense() {
		pr.dense, skipping = true, false
	}
	if evenM && (thenRows || skipping) {
		alongN = false
	}
	if alongN {
		chunks = min(chunks, nt)
	} else {
		chunks = min(chunks, mt)
	}
	return min(threads, chunks), chunks, alongN
}

// run computes pr, on several goroutines if it is large enough.
func (pr *problem) run() {
	threads, chunks, alongN := plan(pr)
	if threads <= 1 {
		s := scratchPool.Get().(*scratch)
		pr.block(s, 0, pr.m, 0, pr.n)
		scratchPool.Put(s)
		if pr.then != nil {
			pr.then(0, pr.m, 0, pr.n)
		}
		return
	}
	workers.Start(threads - 1)
	j := jobPool.Get().(*job)
	j.pr, j.chunks, j.alongN = *pr, chunks, alongN
	j.next.Store(0)
	j.done.Add(chunks)
	j.refs.Store(int64(threads))
	for t := 1; t < threads; t++ {
		if !workers.Submit(j) {
			j.release() // the queue is full: one helper fewer
		}
	}
	j.work()
	j.done.Wait()
	j.release()
}
