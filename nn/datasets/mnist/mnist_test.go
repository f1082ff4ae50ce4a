package mnist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn/datasets/mnist/internal/hook"
	_ "github.com/nnbook/nnbook/nn/datasets/mnist/mirrors" // the mirror tests download over HTTP
	"github.com/nnbook/nnbook/nn/idx"
	"github.com/nnbook/nnbook/nn/tensor"
)

// TestMain points NNBOOK_MNIST_DIR at a temporary directory, so that LoadData and the examples
// never touch the user's real cache.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mnist-test-cache")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv(EnvDir, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// bogusModule is a module path that "go mod download" rejects at once, without the network.
const bogusModule = "bogus-no-dot/mnist@v0.0.0"

var module struct {
	once sync.Once
	dir  string
	err  error
}

// moduleData returns the data/ directory of Module, downloading it through the Go module proxy
// if needed; it skips the test when the go command is unavailable.
func moduleData(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("skipping: the go command is not on PATH, and the real MNIST files come from the Go module proxy through it")
	}
	module.once.Do(func() { module.dir, module.err = (&Loader{}).downloadModule() })
	if module.err != nil {
		t.Fatalf("go mod download -json %s: %v", Module, module.err)
	}
	return filepath.Join(module.dir, "data")
}

// checkFacts checks the shapes, dtypes and the labels the book quotes.
func checkFacts(t *testing.T, trainImages, trainLabels, testImages, testLabels *tensor.Tensor) {
	t.Helper()
	for _, c := range []struct {
		name  string
		x     *tensor.Tensor
		shape tensor.Shape
	}{
		{"trainImages", trainImages, tensor.Shape{60000, 28, 28}},
		{"trainLabels", trainLabels, tensor.Shape{60000}},
		{"testImages", testImages, tensor.Shape{10000, 28, 28}},
		{"testLabels", testLabels, tensor.Shape{10000}},
	} {
		if !c.x.Shape().Equal(c.shape) || c.x.DType() != tensor.Uint8 {
			t.Fatalf("%s is %s, want shape %v and dtype uint8", c.name, c.x.Info(), c.shape)
		}
	}
	// The labels the book prints: train_labels[:3], train_labels[-3:], test_labels[:3],
	// train_labels[4] and train_labels[7].
	for _, c := range []struct {
		name string
		x    *tensor.Tensor
		i    int
		want float64
	}{
		{"trainLabels", trainLabels, 0, 5}, {"trainLabels", trainLabels, 1, 0}, {"trainLabels", trainLabels, 2, 4},
		{"trainLabels", trainLabels, 59997, 5}, {"trainLabels", trainLabels, 59998, 6}, {"trainLabels", trainLabels, 59999, 8},
		{"testLabels", testLabels, 0, 7}, {"testLabels", testLabels, 1, 2}, {"testLabels", testLabels, 2, 1},
		{"trainLabels", trainLabels, 4, 9}, {"trainLabels", trainLabels, 7, 3},
	} {
		if got := c.x.At(c.i); got != c.want {
			t.Errorf("%s[%d] = %v, want %v", c.name, c.i, got, c.want)
		}
	}
	// Pixels: the first image is a 5 whose row 14 has ink; MNIST's corners are always 0.
	if got := trainImages.At(0, 0, 0); got != 0 {
		t.Errorf("trainImages[0, 0, 0] = %v, want 0", got)
	}
}

func load(t *testing.T, l *Loader) {
	t.Helper()
	a, b, c, d, err := l.LoadData()
	if err != nil {
		t.Fatal(err)
	}
	checkFacts(t, a, b, c, d)
}

func TestLoadData(t *testing.T) {
	moduleData(t)
	var log bytes.Buffer
	l := &Loader{Dir: t.TempDir(), Log: &log}
	load(t, l)
	if n := strings.Count(log.String(), "from Go module "+Module); n != 4 {
		t.Errorf("log mentions the Go module %d times, want 4:\n%s", n, &log)
	}
	log.Reset()
	load(t, l)
	if log.Len() != 0 {
		t.Errorf("a warm load wrote to the log:\n%s", &log)
	}
}

// TestLoadDataEnv checks that the package function LoadData uses NNBOOK_MNIST_DIR.
func TestLoadDataEnv(t *testing.T) {
	moduleData(t)
	dir := t.TempDir()
	t.Setenv(EnvDir, dir)
	a, b, c, d, err := LoadData()
	if err != nil {
		t.Fatal(err)
	}
	checkFacts(t, a, b, c, d)
	for _, name := range Names() {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("after LoadData with %s=%s: %v", EnvDir, dir, err)
		}
	}
}

func TestCorruptCacheRecovered(t *testing.T) {
	moduleData(t)
	dir := t.TempDir()
	var log bytes.Buffer
	l := &Loader{Dir: dir, Log: &log}
	load(t, l)

	// Garbage in a .gz, a truncated raw copy, a raw copy with a changed header byte,
	// and a missing stamp.
	must(t, os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte.gz"), []byte("garbage"), 0o644))
	must(t, os.Truncate(filepath.Join(dir, "train-images-idx3-ubyte"), 1000))
	editByte(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), 3, false)
	must(t, os.Remove(filepath.Join(dir, "t10k-labels-idx1-ubyte.stamp")))

	log.Reset()
	load(t, l)
	for _, want := range []string{
		"mnist: cached train-images-idx3-ubyte has SHA-256 ",
		"(1000 bytes), want ba891046e650… (47040016 bytes); rebuilding it\n",
		"mnist: cached train-labels-idx1-ubyte.gz has SHA-256 ",
		"(7 bytes), want 3552534a0a55… (28881 bytes); fetching it again\n",
		"mnist: copied train-labels-idx1-ubyte.gz from Go module " + Module,
		"mnist: cached t10k-images-idx3-ubyte has SHA-256 ",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, &log)
		}
	}
	if strings.Contains(log.String(), "t10k-labels") {
		t.Errorf("a missing stamp with good files should be recreated silently:\n%s", &log)
	}
	log.Reset()
	load(t, l)
	if log.Len() != 0 {
		t.Errorf("the load after the repair was not warm:\n%s", &log)
	}
}

// TestSilentCorruption covers changes that keep a raw copy's size and modification time: a
// changed header is caught by LoadData; a changed pixel is not (the documented trade-off of the
// warm path) but is caught and repaired by Fetch.
func TestSilentCorruption(t *testing.T) {
	moduleData(t)
	dir := t.TempDir()
	var log bytes.Buffer
	l := &Loader{Dir: dir, Log: &log}
	load(t, l)

	editByte(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), 2, true) // the type code
	log.Reset()
	load(t, l)
	if want := "mnist: cached " + filepath.Join(dir, "t10k-labels-idx1-ubyte") + " does not match its stamp or header"; !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, &log)
	}

	editByte(t, filepath.Join(dir, "train-labels-idx1-ubyte"), 8, true) // train_labels[0]
	log.Reset()
	_, trainLabels, _, _, err := l.LoadData()
	must(t, err)
	if trainLabels.At(0) == 5 || log.Len() != 0 {
		t.Errorf("the warm load noticed a change keeping size and mtime (label %v, log %q): update the docs",
			trainLabels.At(0), &log)
	}
	files, err := l.Fetch()
	must(t, err)
	if want := "mnist: cached train-labels-idx1-ubyte has SHA-256 "; !strings.Contains(log.String(), want) {
		t.Errorf("Fetch did not report the changed label; log:\n%s", &log)
	}
	if len(files) != 4 || files[1].Source != "cache" || files[1].Path != filepath.Join(dir, "train-labels-idx1-ubyte.gz") {
		t.Errorf("Fetch returned %+v", files)
	}
	load(t, l)
}

// editByte flips byte i of the file at path, keeping its modification time if keepTime.
func editByte(t *testing.T, path string, i int, keepTime bool) {
	t.Helper()
	info, err := os.Stat(path)
	must(t, err)
	b, err := os.ReadFile(path)
	must(t, err)
	b[i] ^= 0xff
	must(t, os.WriteFile(path, b, 0o644))
	if keepTime {
		must(t, os.Chtimes(path, info.ModTime(), info.ModTime()))
	} else {
		// Make sure the modification time differs even on a coarse clock.
		later := info.ModTime().Add(2 * time.Second)
		must(t, os.Chtimes(path, later, later))
	}
}

// inCell makes readRaw map files (on Unix), as in a notebook cell, for the duration of a test.
func inCell(t testing.TB) {
	old := mapFiles
	mapFiles = func() bool { return true }
	t.Cleanup(func() { mapFiles = old })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestNoSourceReachable(t *testing.T) {
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	wrong := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "not MNIST")
	}))
	defer wrong.Close()
	dir := t.TempDir()
	var log bytes.Buffer
	l := &Loader{Dir: dir, Log: &log, module: bogusModule, Mirrors: []string{notFound.URL + "/a/", wrong.URL + "/b/"}}
	_, _, _, _, err := l.LoadData()
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a *FetchError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"mnist: cannot get train-images-idx3-ubyte.gz; tried:\n",
		"  - cache " + filepath.Join(dir, "train-images-idx3-ubyte.gz") + ": not present\n",
		"  - Go module " + bogusModule + " (go mod download -json " + bogusModule + "): ",
		"  - " + notFound.URL + "/a/train-images-idx3-ubyte.gz: HTTP 404 Not Found\n",
		"  - " + wrong.URL + "/b/train-images-idx3-ubyte.gz: got SHA-256 ",
		"(9 bytes), want 440fcabf73cc… (9912422 bytes)\n",
		"To install MNIST by hand, copy the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, " +
			"t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (or their uncompressed forms, without .gz) into " + dir,
		"environment variable NNBOOK_MNIST_DIR",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if _, err := exec.LookPath("go"); err == nil && !strings.Contains(msg, "malformed module path") {
		t.Errorf("error lacks go's complaint about the bogus module:\n%s", msg)
	}
	if len(fe.Tried) != 4 {
		t.Errorf("tried %d sources, want 4: %q", len(fe.Tried), fe.Tried)
	}
}

func TestMirror(t *testing.T) {
	data := moduleData(t)
	var bad, good atomic.Int32
	badSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad.Add(1)
		io.WriteString(w, "truncated")
	}))
	defer badSrv.Close()
	files := http.StripPrefix("/mnist/", http.FileServer(http.Dir(data)))
	goodSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		good.Add(1)
		files.ServeHTTP(w, r)
	}))
	defer goodSrv.Close()

	var log bytes.Buffer
	l := &Loader{Dir: t.TempDir(), Log: &log, module: bogusModule, Mirrors: []string{badSrv.URL + "/", goodSrv.URL + "/mnist/"}}
	load(t, l)
	if bad.Load() != 1 || good.Load() != 4 {
		t.Errorf("the failing mirror got %d requests (want 1: it is skipped after failing), the good one %d (want 4)\nlog:\n%s",
			bad.Load(), good.Load(), &log)
	}
	if want := "mnist: downloading t10k-labels-idx1-ubyte.gz from " + goodSrv.URL + "/mnist/t10k-labels-idx1-ubyte.gz\n"; !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, &log)
	}
	fs, err := l.Fetch()
	must(t, err)
	if fs[0].Source != "cache" {
		t.Errorf("after the download, Fetch says the source is %q, want cache", fs[0].Source)
	}
}

func TestMirrorTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer slow.Close()
	l := &Loader{Dir: t.TempDir(), Log: io.Discard, module: bogusModule, Mirrors: []string{slow.URL + "/"},
		Timeout: 100 * time.Millisecond}
	start := time.Now()
	_, _, _, _, err := l.LoadData()
	if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("got %v, want a timeout", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v despite a 100 ms timeout", d)
	}
}

// TestMirrorsNotLinked: a program without package mirrors (a notebook cell) tries no mirror
// and says which package and command would.
func TestMirrorsNotLinked(t *testing.T) {
	get := hook.Get
	hook.Get = nil
	t.Cleanup(func() { hook.Get = get })
	dir := t.TempDir()
	l := &Loader{Dir: dir, Log: io.Discard, module: bogusModule, Mirrors: []string{"https://a.example/", "https://b.example/"}}
	_, _, _, _, err := l.LoadData()
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a *FetchError", err)
	}
	want := "HTTPS mirrors https://a.example/, https://b.example/: " + notLinked
	if len(fe.Tried) != 3 || fe.Tried[2] != want {
		t.Errorf("tried %q; want the cache, the Go module, then %q", fe.Tried, want)
	}
	if !strings.Contains(err.Error(), "nn/datasets/mnist/cmd/fetch does") {
		t.Errorf("error does not name the command that downloads:\n%v", err)
	}
}

// TestHandPlacedRaw checks a cache holding only the uncompressed files, as a user may place them.
func TestHandPlacedRaw(t *testing.T) {
	data := moduleData(t)
	dir := t.TempDir()
	for _, f := range files {
		a, err := idx.ReadFile(filepath.Join(data, f.gzName()))
		must(t, err)
		must(t, idx.WriteFile(filepath.Join(dir, f.name), a))
	}
	var log bytes.Buffer
	l := &Loader{Dir: dir, Log: &log, module: bogusModule, Mirrors: []string{}}
	load(t, l)
	load(t, l)
	if log.Len() != 0 {
		t.Errorf("loading hand-placed raw files logged:\n%s", &log)
	}
	if b, _ := warm(dir, &files[0]); b == nil {
		t.Errorf("the second load was not warm")
	}
}

func TestLoadDataFrom(t *testing.T) {
	data := moduleData(t)
	a, b, c, d, err := LoadDataFrom(data)
	must(t, err)
	checkFacts(t, a, b, c, d)

	// Raw files are preferred and verified too.
	dir := t.TempDir()
	for _, f := range files {
		arr, err := idx.ReadFile(filepath.Join(data, f.gzName()))
		must(t, err)
		must(t, idx.WriteFile(filepath.Join(dir, f.name), arr))
		must(t, os.WriteFile(filepath.Join(dir, f.gzName()), []byte("ignored"), 0o644))
	}
	a, b, c, d, err = LoadDataFrom(dir)
	must(t, err)
	checkFacts(t, a, b, c, d)

	// A label file of the right shape but not MNIST's labels.
	labels := filepath.Join(dir, "t10k-labels-idx1-ubyte")
	must(t, idx.WriteFile(labels, &idx.Array{Shape: []int{10000}, Data: make([]uint8, 10000)}))
	_, _, _, _, err = LoadDataFrom(dir)
	if want := "mnist: " + labels + " has SHA-256 "; err == nil || !strings.Contains(err.Error(), want) ||
		!strings.Contains(err.Error(), "not the original MNIST file") {
		t.Errorf("got %v, want an error starting %q", err, want)
	}

	must(t, os.Remove(labels))
	must(t, os.Remove(labels+".gz"))
	_, _, _, _, err = LoadDataFrom(dir)
	if want := "mnist: " + dir + " holds neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv(EnvDir, "/some/where")
	if got, err := CacheDir(); err != nil || got != "/some/where" {
		t.Errorf("with %s set, CacheDir() = %q, %v, want /some/where", EnvDir, got, err)
	}
	t.Setenv(EnvDir, "")
	got, err := CacheDir()
	if want := filepath.Join("nnbook", "mnist"); err == nil && !strings.HasSuffix(got, want) {
		t.Errorf("CacheDir() = %q, want a path ending in %s", got, want)
	}
}

// BenchmarkLoadDataWarm measures the heart of LoadData's warm path, what every notebook cell
// pays: the four raw copies mapped (as in a cell; read elsewhere) and their headers checked. Each
// iteration releases its mappings, which LoadData keeps for the tensors' sake. A fresh process
// pays more for memory it touches first; kernel/internal/latency/latency.py times a cell's
// binary, MNIST load included.
func BenchmarkLoadDataWarm(b *testing.B) {
	moduleData(b)
	inCell(b)
	dir := b.TempDir()
	if _, _, _, _, err := (&Loader{Dir: dir, Log: io.Discard}).LoadData(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for i := range files {
			raw, release, err := readRaw(filepath.Join(dir, files[i].name), files[i].rawSize)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := toTensor(dir, raw, &files[i]); err != nil {
				b.Fatal(err)
			}
			release()
		}
	}
}
