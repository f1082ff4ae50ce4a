package notebook

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// seenAtInit is set by a package-level initialiser, as a GoNB cell's `var` is.
var seenAtInit = DuringInit()

func TestDuringInit(t *testing.T) {
	if !seenAtInit {
		t.Error("DuringInit() = false in a package initialiser")
	}
	if DuringInit() {
		t.Error("DuringInit() = true in a test function")
	}
}

func TestInNotebook(t *testing.T) {
	t.Setenv("GONB_PIPE", "")
	if InNotebook() {
		t.Error("InNotebook() without GONB_PIPE")
	}
	t.Setenv("GONB_PIPE", "/tmp/gonb_pipe")
	if !InNotebook() {
		t.Error("!InNotebook() with GONB_PIPE set")
	}
}

// cellDir makes this package's directory play GoNB's $GONB_TMP_DIR: this test file is the cell.
func cellDir(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GONB_TMP_DIR", wd)
}

func TestMessage(t *testing.T) {
	cellDir(t)
	got := Message(errors.New("tensor.Reshape: cannot reshape (3, 4) (size 12) into (5, 3) (size 15)"), 0) // the cell's line
	want := "tensor.Reshape: cannot reshape (3, 4) (size 12) into (5, 3) (size 15)\n" +
		"    at: got := Message(errors.New(\"tensor.Reshape: cannot reshape (3, 4) (size 12) into (5, 3) (size 15)\"), 0) // the cell's line\n"
	if got != want {
		t.Errorf("Message:\n%s\nwant:\n%s", got, want)
	}
	t.Setenv("GONB_TMP_DIR", t.TempDir()) // no frame in the cell's file: the message alone
	if got := Message("bad\n", 0); got != "bad\n" {
		t.Errorf("Message without a cell frame = %q, want %q", got, "bad\n")
	}
}

func TestPanicInNotebook(t *testing.T) {
	cellDir(t)
	t.Setenv("GONB_PIPE", "/tmp/gonb_pipe")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	code := -1
	exit = func(c int) { code = c; panic("exited") }
	defer func() { exit = os.Exit; os.Stderr = stderr }()
	func() {
		defer func() { _ = recover() }()
		callHelper()
	}()
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	want := "nn.Evaluate: boom\n    at: Panic(errors.New(\"nn.Evaluate: boom\")) // in the cell\n"
	if string(out) != want {
		t.Errorf("stderr:\n%q\nwant:\n%q", out, want)
	}
}

// callHelper is the cell's code calling a failing Must….
func callHelper() {
	Panic(errors.New("nn.Evaluate: boom")) // in the cell
}

func TestPanicOutsideNotebook(t *testing.T) {
	t.Setenv("GONB_PIPE", "")
	defer func() {
		if r := recover(); r == nil || r.(error).Error() != "boom" {
			t.Errorf("recovered %v, want the error boom", r)
		}
	}()
	Panic(errors.New("boom"))
}

func TestWithInterrupt(t *testing.T) {
	ctx, stop := WithInterrupt(context.Background())
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not cancel the context")
	}
	if !errors.Is(context.Cause(ctx), ErrSignal) {
		t.Errorf("cause %v, want ErrSignal", context.Cause(ctx))
	}
	ctx2, stop2 := WithInterrupt(context.Background())
	stop2()
	if !errors.Is(context.Cause(ctx2), context.Canceled) {
		t.Errorf("after stop: cause %v, want context.Canceled", context.Cause(ctx2))
	}
}

func TestDir(t *testing.T) {
	t.Setenv("NNBOOK_KEPT_DIR", "/x/kept")
	if d, err := Dir(); d != "/x/kept" || err != nil {
		t.Errorf("Dir() = %q, %v with NNBOOK_KEPT_DIR", d, err)
	}
	t.Setenv("NNBOOK_KEPT_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/c")
	if d, err := Dir(); d != filepath.Join("/c", "nnbook", "kept") || err != nil {
		t.Errorf("Dir() = %q, %v, want /c/nnbook/kept", d, err)
	}
}
