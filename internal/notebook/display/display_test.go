package display_test

import (
	"bytes"
	"encoding/gob"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/nnbook/nnbook/internal/notebook/display"
)

// The tests play GoNB with its own protocol package (which this test binary links, so the
// cell's side runs as a separate program, testdata/cell, which does not).

var (
	buildOnce sync.Once
	cellBin   string
	buildErr  error
	buildOut  []byte
)

// cellProgram builds testdata/cell once.
func cellProgram(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a program")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "display-test-")
		if err != nil {
			buildErr = err
			return
		}
		cellBin = filepath.Join(dir, "cell")
		buildOut, buildErr = exec.Command("go", "build", "-o", cellBin, "./testdata/cell").CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build ./testdata/cell: %v\n%s", buildErr, buildOut)
	}
	return cellBin
}

// fakeGoNB is the kernel's side of a cell's pipes, as GoNB v0.11.4's jpyexec reads them: one
// gob stream of protocol.DisplayData from the cell, protocol.CommValue values back.
type fakeGoNB struct {
	pipe, back string
	ackDelay   time.Duration

	mu       sync.Mutex
	received []protocol.DisplayData
	syncs    []int
	err      error
	done     chan struct{}
}

func newFakeGoNB(t *testing.T, ackDelay time.Duration) *fakeGoNB {
	dir := t.TempDir()
	g := &fakeGoNB{pipe: filepath.Join(dir, "gonb_pipe"), back: filepath.Join(dir, "gonb_pipe_back"), ackDelay: ackDelay, done: make(chan struct{})}
	for _, p := range []string{g.pipe, g.back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	go g.serve()
	return g
}

func (g *fakeGoNB) serve() {
	defer close(g.done)
	r, err := os.Open(g.pipe) // blocks until the cell opens its end
	if err != nil {
		g.fail(err)
		return
	}
	defer r.Close()
	w, err := os.OpenFile(g.back, os.O_WRONLY, 0)
	if err != nil {
		g.fail(err)
		return
	}
	defer w.Close()
	enc := gob.NewEncoder(w)
	dec := gob.NewDecoder(r)
	for {
		var d protocol.DisplayData
		if err := dec.Decode(&d); err != nil {
			if err.Error() != "EOF" {
				g.fail(err)
			}
			return
		}
		if v, ok := d.Data[protocol.MIMECommValue]; ok {
			cv, ok := v.(protocol.CommValue)
			id, isInt := cv.Value.(int)
			if !ok || cv.Address != protocol.GonbuiSyncAddress || !isInt {
				g.fail(&badMessage{d})
				return
			}
			g.mu.Lock()
			g.syncs = append(g.syncs, id)
			g.mu.Unlock()
			time.Sleep(g.ackDelay)
			if err := enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: id}); err != nil {
				g.fail(err)
				return
			}
			continue
		}
		g.mu.Lock()
		g.received = append(g.received, d)
		g.mu.Unlock()
	}
}

type badMessage struct{ d protocol.DisplayData }

func (b *badMessage) Error() string { return "unexpected message" }

func (g *fakeGoNB) fail(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err == nil {
		g.err = err
	}
}

// run runs the cell program with GoNB's environment and the given steps.
func (g *fakeGoNB) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(cellProgram(t), args...)
	cmd.Env = append(os.Environ(), protocol.GONB_PIPE_ENV+"="+g.pipe, protocol.GONB_PIPE_BACK_ENV+"="+g.back)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cell %v: %v\n%s", args, err, stderr.Bytes())
	}
	return string(out)
}

// TestOwnWriter: without a Backend and without gonbui, display writes GoNB's protocol itself:
// GoNB's own types read the blocks, in order, in-place updates with their id, and HTML returns
// only once GoNB has acknowledged its sync request.
func TestOwnWriter(t *testing.T) {
	g := newFakeGoNB(t, 300*time.Millisecond)
	out := g.run(t, "available", "update", "block1", "<pre>1/2</pre>", "update", "block1", "<pre>2/2</pre>",
		"update", "block1", "", "html", "<pre>done</pre>", "html", "<b>again</b>")
	select {
	case <-g.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the fake GoNB did not see the cell close its pipe")
	}
	if g.err != nil {
		t.Fatalf("GoNB's side: %v", g.err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[0] != "available true" {
		t.Fatalf("cell printed %q", out)
	}
	for _, l := range lines[1:] {
		m := regexp.MustCompile(`^html returned after (\d+) ms$`).FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("cell printed %q", l)
		}
		if ms, _ := strconv.Atoi(m[1]); ms < 300 {
			t.Errorf("HTML returned after %d ms, before GoNB's acknowledgement (sent after 300 ms)", ms)
		}
	}
	type block struct{ id, html string }
	want := []block{{"block1", "<pre>1/2</pre>"}, {"block1", "<pre>2/2</pre>"}, {"block1", ""}, {"", "<pre>done</pre>"}, {"", "<b>again</b>"}}
	if len(g.received) != len(want) {
		t.Fatalf("GoNB received %d blocks, want %d: %+v", len(g.received), len(want), g.received)
	}
	for i, d := range g.received {
		html, ok := d.Data[protocol.MIMETextHTML].(string)
		if got := (block{d.DisplayID, html}); !ok || len(d.Data) != 1 || got != want[i] {
			t.Errorf("block %d: %+v, want %+v", i, d, want[i])
		}
	}
	if len(g.syncs) != 2 || g.syncs[0] == g.syncs[1] {
		t.Errorf("sync requests %v, want two different ids", g.syncs)
	}
}

// TestBackend: a Backend given to Use gets every call, and nothing reaches GoNB's pipe.
func TestBackend(t *testing.T) {
	g := newFakeGoNB(t, 0)
	out := g.run(t, "-use", "available", "id", "update", "b", "<i>x</i>", "html", "<b>y</b>")
	want := "available true\nid backend-id\nbackend update b <i>x</i>\nbackend html <b>y</b>\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("cell printed\n%s\nwant it to start with\n%s", out, want)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.received) != 0 || len(g.syncs) != 0 {
		t.Errorf("GoNB received %+v and syncs %v, want nothing", g.received, g.syncs)
	}
}

// TestOutsideNotebook: no GONB_PIPE, nothing is shown, and ids are still distinct.
func TestOutsideNotebook(t *testing.T) {
	cmd := exec.Command(cellProgram(t), "available", "id", "id", "update", "b", "x", "html", "y")
	cmd.Env = append(os.Environ(), protocol.GONB_PIPE_ENV+"=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 || lines[0] != "available false" || !strings.HasPrefix(lines[1], "id ") || lines[1] == lines[2] {
		t.Errorf("cell printed %q", out)
	}
}

// TestGonbuiLinkedWithoutBackend: this test binary links GoNB's protocol (as any program
// importing gonbui does) and gave no Backend, so display must not open a second writer on
// GoNB's pipe: it is not available, and its calls do nothing (the pipe does not exist, so
// opening it would fail the test's expectations below only by a hang or an error).
func TestGonbuiLinkedWithoutBackend(t *testing.T) {
	t.Setenv(protocol.GONB_PIPE_ENV, filepath.Join(t.TempDir(), "never-opened"))
	if display.Available() {
		t.Fatal("Available() = true in a program that links gonbui's protocol and gave no Backend")
	}
	display.UpdateHTML("b", "x")
	display.HTML("y")
	if a, b := display.UniqueID(), display.UniqueID(); a == b || len(a) != 16 {
		t.Errorf("UniqueID gave %q and %q", a, b)
	}
}

// TestNNDoesNotLinkGonbui: the reason for this package. A cell using nn (and not viz) links
// none of GoNB's packages.
func TestNNDoesNotLinkGonbui(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/nnbook/nnbook/nn", "github.com/nnbook/nnbook/nn/datasets/mnist").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/janpfeifer/gonb") || strings.HasPrefix(p, "k8s.io/klog") || p == "net" || p == "database/sql" {
			t.Errorf("nn or mnist imports %s", p)
		}
	}
}
