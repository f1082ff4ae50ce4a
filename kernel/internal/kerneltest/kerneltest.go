// Package kerneltest holds what the kernel's integration tests (kernelcmd's notebook tests and
// the browser test) share.
package kerneltest

import (
	"bytes"
	"strings"
	"testing"
)

// LogWriter is an io.Writer that sends what it gets to t.Log, one call per complete line, so
// that a subprocess's stderr shows up in the test log as it runs.
type LogWriter struct {
	T   testing.TB
	buf bytes.Buffer
}

// Write implements io.Writer; a trailing partial line waits for its newline.
func (w *LogWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		w.T.Log(strings.TrimRight(line, "\n"))
	}
}
