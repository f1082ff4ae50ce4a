//go:build unix

package mnist

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// mappedBytes returns mapped.bytes.
func mappedBytes() int64 {
	mapped.Lock()
	defer mapped.Unlock()
	return mapped.bytes
}

// TestWarmLoadMapped checks that a warm load in a notebook cell maps the four files, that
// writing into the tensors changes neither the files nor the next load's tensors, and that
// outside a cell, or past mapLimit, the files are read instead.
func TestWarmLoadMapped(t *testing.T) {
	moduleData(t)
	dir := t.TempDir()
	l := &Loader{Dir: dir, Log: new(bytes.Buffer)}
	load(t, l) // cold: fetched, decompressed, stamped

	// Outside a notebook cell (this test's process), nothing is mapped.
	before := mappedBytes()
	load(t, l)
	if got := mappedBytes(); got != before {
		t.Errorf("a warm load outside a notebook cell mapped %d bytes", got-before)
	}
	inCell(t)

	var all int64
	for _, f := range files {
		all += f.rawSize
	}
	before = mappedBytes()
	trainImages, trainLabels, _, _, err := l.LoadData()
	must(t, err)
	if got := mappedBytes() - before; got != all {
		t.Fatalf("a warm load mapped %d bytes, want the four files' %d", got, all)
	}
	trainImages.Set(255, 0, 0, 0)       // a corner, 0 in every MNIST image
	trainImages.Set(255, 59999, 27, 27) // the last byte of the file
	trainLabels.Fill(7)
	if trainImages.At(0, 0, 0) != 255 || trainImages.At(59999, 27, 27) != 255 || trainLabels.At(0) != 7 {
		t.Fatalf("writes into the mapped tensors did not stick")
	}
	for _, f := range files[:2] {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		must(t, err)
		if got := sha(b); got != f.rawSHA {
			t.Errorf("writing into the tensors changed %s (SHA-256 %s)", f.name, got)
		}
	}
	load(t, l) // checkFacts: corner 0, labels 5 0 4 ...

	// Past the limit, a load reads the files: nothing more is mapped, and the data is the same.
	mapped.Lock()
	saved := mapped.bytes
	mapped.bytes = mapLimit()
	mapped.Unlock()
	t.Cleanup(func() {
		mapped.Lock()
		mapped.bytes = saved
		mapped.Unlock()
	})
	load(t, l)
	if got := mappedBytes(); got != mapLimit() {
		t.Errorf("past the limit mapped.bytes went from %d to %d", mapLimit(), got)
	}
}

// TestWarmLoadUnmapsStale checks that a raw copy found wrong after mapping is unmapped.
func TestWarmLoadUnmapsStale(t *testing.T) {
	moduleData(t)
	dir := t.TempDir()
	l := &Loader{Dir: dir, Log: new(bytes.Buffer)}
	load(t, l)
	inCell(t)
	editByte(t, filepath.Join(dir, files[3].name), 2, true) // the type code: size and mtime kept
	before := mappedBytes()
	if b, stale := warm(dir, &files[3]); b != nil || !stale {
		t.Fatalf("warm of a raw copy with a wrong header = %d bytes, stale %v; want none, stale", len(b), stale)
	}
	if got := mappedBytes(); got != before {
		t.Errorf("the wrong raw copy stayed mapped: mapped.bytes went from %d to %d", before, got)
	}
}
