package kerneltest

import (
	"fmt"
	"reflect"
	"testing"
)

// recorder is a testing.TB whose Log calls are kept.
type recorder struct {
	testing.TB
	lines []string
}

func (r *recorder) Log(args ...any) { r.lines = append(r.lines, fmt.Sprint(args...)) }

func TestLogWriterLogsCompleteLines(t *testing.T) {
	r := &recorder{TB: t}
	w := &LogWriter{T: r}
	for _, s := range []string{"one\ntw", "o\n", "three", "\nfour"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if want := []string{"one", "two", "three"}; !reflect.DeepEqual(r.lines, want) {
		t.Errorf("logged %q, want %q (\"four\" waits for its newline)", r.lines, want)
	}
}
