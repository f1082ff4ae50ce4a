// Package workers keeps the goroutines that nn's parallel passes hand their work to: the chunks of
// a matrix product (nn/internal/gemm), the parts of an element-wise pass (simd.Split), the rows of
// a large batch and the next batch gathered while a step trains (nn's Fit).
//
// # Why they look for work before they sleep
//
// Waking a goroutine that sleeps takes about 0.1 ms on the 2-vCPU virtual machines nnbook is
// built and tested on, as its thread sleeps in the kernel and its vCPU halts; one that is awake
// starts a task in about a microsecond (BenchmarkHandoff). A training step of the chapter's
// network takes about 1.4 ms and hands work to the other core at least twice (x·W1 forward,
// xᵀ·dz1 backward). So a worker that has run a task keeps looking for the next one for Spin
// before it sleeps, as the threads of OpenMP runtimes and of OpenBLAS do: the chapter's training
// step and its five products take 11-17 % less time than with workers that sleep at once
// (BenchmarkTrainStep, BenchmarkTrainStepProducts in nn). The price is a core kept busy for at
// most Spin after the last task of a burst of work.
//
// Only the workers look. A caller that also looked for its workers' last parts before sleeping
// gained 2-3 % more on the chapter's step, but an epoch at width 4096 and batch 32 then took
// 1.09x as long as with workers that sleep at once (median of 8 pairs, some epochs 1.4x), where
// the workers' looking alone took 0.98x.
//
// While it looks, a worker yields every 10 µs: its thread to the goroutines queued on it
// (runtime.Gosched), and on Linux its CPU to other threads waiting for one (sched_yield, so that
// on a machine busy with other work it does not keep the CPU from the thread about to hand it a
// task). It does not take goroutines queued on another thread, which wait for that thread or for
// the looking to end. That is why nn's own helpers all run here rather than on goroutines of
// their own.
//
// # Contract
//
// A task handed to the workers may start late, or never when the queue is full: whoever hands it
// over must be able to do all the work itself, and waits for the work to be done, not for a worker
// to start. Parts and Async do that; gemm's products do it with their own chunks.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Spin is how long a worker that has run a task keeps looking for the next one before it sleeps.
const Spin = 500 * time.Microsecond

// A Task is work handed to a worker, which calls Run once.
type Task interface{ Run() }

var (
	queue   = make(chan Task, 256)
	mu      sync.Mutex
	started int          // workers started; they live as long as the process
	spin    atomic.Int64 // Spin in nanoseconds; tests change it
	looking atomic.Int32 // workers looking for a task after one
)

func init() { spin.Store(int64(Spin)) }

// Start makes sure at least n workers run.
func Start(n int) {
	mu.Lock()
	for ; started < n; started++ {
		go work()
	}
	mu.Unlock()
}

// Submit hands t to the next worker free to take it and reports whether it was queued: false when
// the queue is full, and then no worker will run t.
func Submit(t Task) bool {
	select {
	case queue <- t:
		return true
	default:
		return false
	}
}

// work is a worker: it sleeps until a task is queued, runs it, and then looks for the next one
// for spin before it sleeps again.
func work() {
	for t := range queue {
		for t != nil {
			t.Run()
			t = next()
		}
	}
}

// yieldEvery is how often a worker looking for a task lets the other goroutines of its thread run.
const yieldEvery = 10 * time.Microsecond

// next returns the next queued task, or nil if none was queued within spin. Every yieldEvery it
// yields the thread to goroutines (a goroutine readied on it, such as the caller of a product woken
// by the part this worker finished, would otherwise wait for another thread to take it) and the CPU
// to other threads (osYield).
func next() Task {
	looking.Add(1)
	defer looking.Add(-1)
	start, limit, yielded := time.Now(), time.Duration(spin.Load()), time.Duration(0)
	for i := 1; ; i++ {
		if len(queue) > 0 {
			select {
			case t := <-queue:
				return t
			default:
			}
		}
		if i%64 != 0 {
			continue
		}
		waited := time.Since(start)
		if waited >= limit {
			return nil
		}
		if waited-yielded >= yieldEvery {
			runtime.Gosched()
			osYield()
			yielded = waited
		}
	}
}

// Parts calls f(i) once for every i in [0, n), on the calling goroutine and up to GOMAXPROCS-1
// workers at once, each taking the next i until none is left, and returns when all have returned.
// With one core, or n < 2, it is a plain loop on the calling goroutine.
func Parts(n int, f func(i int)) {
	procs := runtime.GOMAXPROCS(0)
	if n < 2 || procs < 2 {
		for i := range n {
			f(i)
		}
		return
	}
	p := &parts{n: int64(n), f: f}
	p.done.Add(n)
	helpers := min(n, procs) - 1
	Start(helpers)
	for range helpers {
		if !Submit(p) {
			break
		}
	}
	p.Run()
	p.done.Wait()
}

// Async hands f to a worker and returns wait, which returns once f has: if no worker has started f
// by then (or with one core), wait runs it on the calling goroutine.
func Async(f func()) (wait func()) {
	p := &parts{n: 1, f: func(int) { f() }}
	p.done.Add(1)
	if runtime.GOMAXPROCS(0) >= 2 {
		Start(1)
		Submit(p)
	}
	return func() {
		p.Run()
		p.done.Wait()
	}
}

// parts is the work of a Parts or Async call: f(i) for every i in [0, n), each i taken once by
// whichever goroutine asks first.
type parts struct {
	n    int64
	f    func(i int)
	next atomic.Int64
	done sync.WaitGroup // parts not yet returned
}

// Run calls f on the next part until none is left.
func (p *parts) Run() {
	for {
		i := p.next.Add(1) - 1
		if i >= p.n {
			return
		}
		p.f(int(i))
		p.done.Done()
	}
}
