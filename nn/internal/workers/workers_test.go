package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestPartsCoversOnce checks that Parts calls f once for every index, for counts around the
// number of cores, on one core and on two.
func TestPartsCoversOnce(t *testing.T) {
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 3, 7, 64, 1000} {
			seen := make([]atomic.Int32, n)
			Parts(n, func(i int) { seen[i].Add(1) })
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: index %d called %d times, want once", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestPartsRunsAtOnce checks that with two cores Parts runs two parts at the same time: each
// part waits for the other to have started, which only a worker running beside the caller allows.
func TestPartsRunsAtOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var wg sync.WaitGroup
	wg.Add(2)
	both := make(chan struct{})
	go func() { wg.Wait(); close(both) }()
	var timedOut atomic.Bool
	Parts(2, func(int) {
		wg.Done()
		select {
		case <-both:
		case <-time.After(10 * time.Second):
			timedOut.Store(true)
		}
	})
	if timedOut.Load() {
		t.Fatal("Parts(2, f): the two parts did not run at the same time within 10 s")
	}
}

// TestAsync checks that wait returns only after f has returned, that f runs once, and that with
// one core wait runs f itself on the calling goroutine.
func TestAsync(t *testing.T) {
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		var calls atomic.Int32
		var finished atomic.Bool
		wait := Async(func() {
			calls.Add(1)
			time.Sleep(20 * time.Millisecond)
			finished.Store(true)
		})
		if procs == 1 && calls.Load() != 0 {
			t.Errorf("GOMAXPROCS 1: f ran before wait")
		}
		wait()
		if !finished.Load() || calls.Load() != 1 {
			t.Errorf("GOMAXPROCS %d: after wait, f finished %v, called %d times; want true, once", procs, finished.Load(), calls.Load())
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestWorkerLooksThenSleeps checks that a worker that has run a task looks for the next one,
// takes one queued meanwhile, and stops looking once spin has passed with none.
func TestWorkerLooksThenSleeps(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer spin.Store(spin.Load())
	spin.Store(int64(100 * time.Millisecond))
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(100 * time.Microsecond) {
			if time.Now().After(deadline) {
				t.Fatalf("not within 10 s: %s", what)
			}
		}
	}
	waitFor("no worker looking at the start", func() bool { return looking.Load() == 0 })
	Async(func() {})()
	waitFor("a worker looking after a task", func() bool { return looking.Load() > 0 })
	ran := make(chan struct{})
	if !Submit(taskFunc(func() { close(ran) })) {
		t.Fatal("Submit: queue full")
	}
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("a task queued while a worker looked did not run within 10 s")
	}
	waitFor("no worker looking once spin has passed", func() bool { return looking.Load() == 0 })
}

type taskFunc func()

func (f taskFunc) Run() { f() }

// BenchmarkHandoff times how long a task handed to a worker waits before it starts: "awake",
// right after the worker's previous task (it is still looking); "asleep", once it sleeps (spin 0,
// and 2 ms between tasks, not timed). The caller busy-waits meanwhile, as a caller doing its own
// part of the work would.
//
//	go test -run '^$' -bench Handoff -cpu 2 ./nn/internal/workers
func BenchmarkHandoff(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs two cores")
	}
	for _, asleep := range []bool{false, true} {
		name := "awake"
		if asleep {
			name = "asleep"
		}
		b.Run(name, func(b *testing.B) {
			defer spin.Store(spin.Load())
			if asleep {
				spin.Store(0)
			}
			var started atomic.Bool
			task := taskFunc(func() { started.Store(true) })
			Start(1)
			for i := 0; i < b.N; i++ {
				if asleep {
					b.StopTimer()
					time.Sleep(2 * time.Millisecond)
					b.StartTimer()
				}
				started.Store(false)
				Submit(task)
				for !started.Load() {
				}
			}
		})
	}
}
