package workers

import "syscall"

// osYield lets the kernel run another thread on this CPU (sched_yield), if one is waiting: on a
// machine busy with other work, a worker looking for a task would otherwise keep the CPU from the
// thread that is about to hand it one.
func osYield() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
