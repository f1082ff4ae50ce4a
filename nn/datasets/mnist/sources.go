package mnist

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nnbook/nnbook/nn/datasets/mnist/internal/hook"
)

// fetch gets f's .gz from the Go module proxy or a mirror, verifies it, stores it in dir and
// returns its bytes and a description of the source. cacheErr says what was wrong with the
// cache, for the error when every source fails.
func (l *Loader) fetch(dir string, f *spec, st *state, cacheErr error) ([]byte, string, error) {
	fe := &FetchError{Name: f.gzName(), Dir: dir}
	fe.add("cache "+filepath.Join(dir, f.gzName()), cacheErr)

	mod := l.moduleName()
	src := "Go module " + mod
	b, err := l.fromModule(f, st)
	if err == nil {
		err = l.store(dir, f, b)
	}
	if err == nil {
		l.logf("copied %s from %s into %s", f.gzName(), src, dir)
		return b, src, nil
	}
	fe.add(src+" (go mod download -json "+mod+")", err)

	if ms := l.mirrors(); len(ms) > 0 && hook.Get == nil {
		fe.add("HTTPS mirrors "+strings.Join(ms, ", "), errors.New(notLinked))
		return nil, "", fe
	}
	for _, m := range l.mirrors() {
		url := m + f.gzName()
		if err, dead := st.deadMirror[m]; dead {
			fe.add(url, fmt.Errorf("not tried: %v", err))
			continue
		}
		l.logf("downloading %s from %s", f.gzName(), url)
		b, err := l.download(url, f)
		if err == nil {
			err = l.store(dir, f, b)
		}
		if err == nil {
			return b, url, nil
		}
		if st.deadMirror == nil {
			st.deadMirror = map[string]error{}
		}
		st.deadMirror[m] = fmt.Errorf("failed for %s", f.gzName())
		fe.add(url, err)
	}
	return nil, "", fe
}

// notLinked is why a program that does not link package mirrors (as notebook cells) tries no
// mirror.
const notLinked = "not tried: this program does not link github.com/nnbook/nnbook/nn/datasets/mnist/mirrors, " +
	"which downloads over HTTPS; go run github.com/nnbook/nnbook/nn/datasets/mnist/cmd/fetch does"

// store checks b against f's size and SHA-256 and writes it into dir.
func (l *Loader) store(dir string, f *spec, b []byte) error {
	if got := sha(b); got != f.gzSHA {
		return fmt.Errorf("got SHA-256 %s (%d bytes), want %s (%d bytes)", short(got), len(b), short(f.gzSHA), f.gzSize)
	}
	return writeAtomic(filepath.Join(dir, f.gzName()), b)
}

func (l *Loader) moduleName() string {
	if l.module != "" {
		return l.module
	}
	return Module
}

func (l *Loader) mirrors() []string {
	if l.Mirrors == nil {
		return DefaultMirrors
	}
	return l.Mirrors
}

func (l *Loader) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultTimeout
}

// fromModule reads f's .gz from the module's data directory, downloading the module once per
// state with "go mod download -json".
func (l *Loader) fromModule(f *spec, st *state) ([]byte, error) {
	if !st.moduleDone {
		st.moduleDone = true
		st.moduleDir, st.moduleErr = l.downloadModule()
	}
	if st.moduleErr != nil {
		return nil, st.moduleErr
	}
	return os.ReadFile(filepath.Join(st.moduleDir, "data", f.gzName()))
}

func (l *Loader) downloadModule() (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if root := os.Getenv("GOROOT"); root != "" {
			goCmd, err = exec.LookPath(filepath.Join(root, "bin", "go"))
		}
		if err != nil {
			return "", errors.New("the go command is not on PATH")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*l.timeout())
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", l.moduleName())
	cmd.Dir = os.TempDir() // outside any module or workspace the caller may be in
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out struct{ Dir, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &out); err == nil && out.Error != "" {
		return "", errors.New(out.Error)
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("timed out after %v", 4*l.timeout())
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = runErr.Error()
		}
		return "", errors.New(msg)
	}
	if out.Dir == "" {
		return "", fmt.Errorf("no Dir in the output of go mod download: %q", stdout.String())
	}
	return out.Dir, nil
}

// download fetches url, expecting f's .gz, within the Loader's timeout, through package
// mirrors (hook.Get).
func (l *Loader) download(url string, f *spec) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout())
	defer cancel()
	// Read one byte more than expected so that an oversized answer is noticed, not truncated.
	b, err := hook.Get(ctx, url, f.gzSize+1)
	if err != nil {
		if b != nil && ctx.Err() != nil {
			return nil, fmt.Errorf("timed out after %v with %d of %d bytes", l.timeout(), len(b), f.gzSize)
		}
		return nil, err
	}
	return b, nil
}

// FetchError is the error of LoadData and Fetch when no source could supply a file.
// Its message lists each source tried with its error and says how to install the files by hand.
type FetchError struct {
	Name  string   // the file that could not be fetched, e.g. "train-images-idx3-ubyte.gz"
	Dir   string   // the cache directory
	Tried []string // one "source: error" line per source, in the order tried
}

func (e *FetchError) add(source string, err error) {
	e.Tried = append(e.Tried, source+": "+err.Error())
}

func (e *FetchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mnist: cannot get %s; tried:\n", e.Name)
	for _, t := range e.Tried {
		fmt.Fprintf(&b, "  - %s\n", t)
	}
	fmt.Fprintf(&b, "To install MNIST by hand, copy the four files %s (or their uncompressed forms, "+
		"without .gz) into %s, or into any directory named by the environment variable %s.",
		strings.Join(Names(), ", "), e.Dir, EnvDir)
	return b.String()
}
