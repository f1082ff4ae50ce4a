package notebook

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
)

// InNotebook reports whether the program runs as a GoNB cell: whether the environment
// variable GONB_PIPE is set, exactly as gonbui.IsNotebook is decided.
func InNotebook() bool { return os.Getenv(EnvPipe) != "" }

// EnvPipe names the environment variable through which GoNB gives a cell's program the FIFO
// it reads the cell's displays from.
const EnvPipe = "GONB_PIPE"

// EnvHeadless names the environment variable that says no browser shows the notebook's
// outputs: `go run ./kernel exec` sets it to "1" for the kernels it starts, and their cells
// inherit it.
const EnvHeadless = "NNBOOK_HEADLESS"

// Headless reports whether the notebook runs with no browser attached (EnvHeadless is "1").
// Interactive figures then show their static picture at once instead of waiting for a browser
// that will never answer.
func Headless() bool { return os.Getenv(EnvHeadless) == "1" }

// ErrSignal is the cause (see context.Cause) of a context cancelled by WithInterrupt.
var ErrSignal = errors.New("SIGINT (Ctrl-C, or the notebook's interrupt)")

// WithInterrupt returns a copy of parent that is cancelled, with cause ErrSignal, when the
// process receives SIGINT (os.Interrupt), and a stop function that releases the signal and
// cancels the context; call stop when the work is done. While the context lives, SIGINT no
// longer ends the process: the work is expected to notice ctx.Done() and stop itself.
func WithInterrupt(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigc:
			cancel(ErrSignal)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigc)
		close(done)
		cancel(context.Canceled)
	}
}

// exit ends the process; tests replace it.
var exit = os.Exit

// Panic reports a failure that ends the program: v is an error, a string or any value a
// panic could carry. Outside a notebook it is panic(v). Inside a GoNB cell it writes
//
//	<the message>
//	    at: <the line of the cell's code that led here>
//
// to standard error in one write and exits with status 1, so that the student reads the
// message and the line that caused it, not a goroutine dump; deferred functions do not run.
func Panic(v any) {
	if !InNotebook() {
		panic(v)
	}
	_, _ = os.Stderr.WriteString(Message(v, 1))
	exit(1)
}

// Message returns the text Panic writes in a notebook for v: its message, then the line of
// the notebook's code (GoNB's main.go in $GONB_TMP_DIR, or else the first frame of package
// main) that called into nnbook, skip frames above Message's caller. It ends in a newline.
func Message(v any, skip int) string {
	var msg string
	switch e := v.(type) {
	case error:
		msg = e.Error()
	case string:
		msg = e
	default:
		msg = fmt.Sprint(v)
	}
	msg = strings.TrimRight(msg, "\n")
	if line := cellLine(skip + 2); line != "" {
		msg += "\n    at: " + line
	}
	return msg + "\n"
}

// cellLine returns the source text of the innermost frame that belongs to the notebook's
// code, or "" when there is none or its file cannot be read.
func cellLine(skip int) string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip+1, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	tmp := os.Getenv("GONB_TMP_DIR")
	for {
		f, more := frames.Next()
		user := strings.HasPrefix(f.Function, "main.")
		if tmp != "" {
			user = strings.HasPrefix(f.File, tmp+string(filepath.Separator))
		}
		if user && f.Line > 0 {
			return sourceLine(f.File, f.Line)
		}
		if !more {
			return ""
		}
	}
}

// sourceLine returns line n (from 1) of file, trimmed, or "".
func sourceLine(file string, n int) string {
	b, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// Dir returns the directory where nn.Keep stores values: $NNBOOK_KEPT_DIR when set, else
// <user cache dir>/nnbook/kept (on Linux ~/.cache/nnbook/kept, see os.UserCacheDir), the
// same for every notebook and cell of the user. It does not create the directory.
func Dir() (string, error) {
	if d := os.Getenv("NNBOOK_KEPT_DIR"); d != "" {
		return d, nil
	}
	c, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no directory to keep values in: %w (set NNBOOK_KEPT_DIR)", err)
	}
	return filepath.Join(c, "nnbook", "kept"), nil
}

// DuringInit reports whether the caller runs during package initialisation: in a GoNB cell,
// the initialiser of a top-level var, which runs again in every later cell.
func DuringInit() bool {
	pcs := make([]uintptr, 128)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "runtime.doInit") {
			return true
		}
		if !more {
			return false
		}
	}
}
