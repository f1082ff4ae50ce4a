//go:build unix

package mnist

import (
	"sync"
	"syscall"
)

// mapped counts the bytes a process has mapped (see readRaw).
var mapped struct {
	sync.Mutex
	bytes int64
}

// mapLimit bounds mapped.bytes: 16 warm loads of the four files (879 MB of address space), well
// past what a notebook cell needs, while a loop of loads stays bounded.
func mapLimit() int64 {
	var n int64
	for _, f := range files {
		n += f.rawSize
	}
	return 16 * n
}

// readRaw returns the size bytes of the file at path, which must be exactly that long, and a
// function that releases them if nothing is to keep them.
//
// In a notebook cell on Unix it maps the file copy-on-write (MAP_PRIVATE, readable and
// writable) rather than reading it: the cell, a fresh process, gets the bytes without copying
// them or touching fresh memory, and a cell that looks at a few images reads only their pages.
// Writing into the bytes changes the process's private copy of the page, never the file, so
// they behave as bytes read into memory. A mapping that is kept lasts as long as the process
// (tensors built on the bytes have no owner that could unmap them), so a program, which reads
// everything once to convert it and trains for long, reads the file instead: its bytes go back
// to the heap once the tensors are garbage (the chapter's training program peaks at 248 MiB of
// RSS so, 293 MiB with the files mapped). Once a process has mapped mapLimit() bytes, or when
// mapping fails, the file is read too. The cache's files are replaced by rename, never
// rewritten in place, so a mapped file keeps its contents.
func readRaw(path string, size int64) (b []byte, release func(), err error) {
	f, err := openRaw(path, size)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	mapped.Lock()
	defer mapped.Unlock()
	if size > 0 && mapFiles() && mapped.bytes+size <= mapLimit() {
		b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
		if err == nil {
			mapped.bytes += size
			return b, func() { unmap(b) }, nil
		}
	}
	b, err = readAll(f, size)
	return b, func() {}, err
}

// unmap releases a mapping of readRaw.
func unmap(b []byte) {
	mapped.Lock()
	defer mapped.Unlock()
	if syscall.Munmap(b) == nil {
		mapped.bytes -= int64(len(b))
	}
}
