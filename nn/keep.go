package nn

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"

	"github.com/nnbook/nnbook/internal/notebook"
)

// ErrNotKept is wrapped by the error a missing kept value gives: nothing was kept under the name.
var ErrNotKept = errors.New("nothing kept")

// keptFile is what Keep writes: the value's Go type, to check it against Kept's, then the value.
type keptFile struct {
	Type  string
	Value []byte // the gob encoding of the value
}

// Keep keeps value under name for later cells and notebooks: in GoNB each cell is a new program,
// so a trained model, a History or any other value is lost when its cell ends, unless kept.
// A later cell (or another notebook of the same user) brings it back with Kept:
//
//	nn.Keep("model", model)     // in the cell that trains it
//	var model = nn.Kept[*nn.Sequential]("model") // in a later cell
//
// The value must be gob-encodable (encoding/gob): *Sequential, *History, *tensor.Tensor, numbers,
// strings, slices and maps of them, and structs of exported fields. Names are global for the
// user, shared by all notebooks, so that notebook 2.5 can use the model notebook 2.1 trained;
// keeping again under a name replaces the value. A name is letters, digits, '_', '-' and '.',
// not starting with '.'. The value is written to <Dir>/<name>.gob (see KeptDir) through a
// temporary file that is synced and renamed, so a failed Keep leaves the previous value intact.
//
// Keep is meant for notebook cells and fails as a Must… call does: it panics (inside a
// notebook, it shows the message and the cell's line) when the name is invalid, the value cannot
// be encoded, or the file cannot be written. KeepErr returns the error instead.
func Keep(name string, value any) {
	if err := KeepErr(name, value); err != nil {
		notebook.Panic(err)
	}
}

// KeepErr is Keep that returns its error.
func KeepErr(name string, value any) error {
	path, err := keptPath(name)
	if err != nil {
		return fmt.Errorf("nn.Keep: %w", err)
	}
	if m, ok := value.(*Sequential); ok {
		if err := m.checkKept("Keep"); err != nil {
			return err
		}
	}
	var v bytes.Buffer
	if err := gob.NewEncoder(&v).Encode(value); err != nil {
		return fmt.Errorf("nn.Keep(%q): cannot encode a %T: %w", name, value, err)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(keptFile{Type: fmt.Sprintf("%T", value), Value: v.Bytes()}); err != nil {
		return fmt.Errorf("nn.Keep(%q): %w", name, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("nn.Keep(%q): %w", name, err)
	}
	if err := writeFileAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(b.Bytes())
		return err
	}); err != nil {
		return fmt.Errorf("nn.Keep(%q): %w", name, err)
	}
	return nil
}

// Kept brings back the value kept under name by Keep, in this or an earlier program: a later
// notebook cell declares
//
//	var model = nn.Kept[*nn.Sequential]("model")
//
// GoNB runs such a top-level var again in every later cell, including, once declared, the cell
// that trains and keeps the model: so when nothing is kept under name yet, Kept called from a
// var initialiser does not fail. For a *Sequential it returns an empty placeholder whose Fit,
// Evaluate and Predict fail with
//
//	nothing kept under "model": run the cell that calls nn.Keep("model", …) first
//
// and for other types it returns the zero value (nil for pointers) and writes that sentence to
// standard error. The same holds for the other errors (a kept value that is not a T, a file that
// cannot be read), which a var initialiser also writes to standard error. Called anywhere else (a
// cell's body after %%), Kept fails at once with the error, as a Must… call does. KeptErr returns
// the error instead.
func Kept[T any](name string) T {
	var v T
	keptOrPlaceholder(name, &v)
	return v
}

// KeptErr is Kept that returns its error: one wrapping ErrNotKept when nothing is kept under
// name, and otherwise one naming the file and the problem.
func KeptErr[T any](name string) (T, error) {
	var v T
	if err := keptInto(name, &v); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Kept and KeptErr are instantiated in every cell that declares a kept var (GoNB compiles the
// cell's package main again for each cell), so all their work is done by the two functions
// below, which take a pointer to the T: generic code that inlined sync.Map or reflect.TypeFor
// made each such cell compile some 150 more functions (0.09 s of every cell of notebook 2.1
// after training).

// keptOrPlaceholder is Kept's work: it fills *ptr (ptr is a *T) with the value kept under name
// or, when that fails inside a var initialiser, leaves the zero value (a placeholder for a
// *Sequential) and reports the failure.
func keptOrPlaceholder(name string, ptr any) {
	err := keptInto(name, ptr)
	if err == nil {
		return
	}
	if !notebook.DuringInit() {
		notebook.Panic(err)
	}
	// A var initialiser: failing here would break every later cell, so the failure waits.
	v := reflect.ValueOf(ptr).Elem()
	v.SetZero() // a failed decoding may have filled part of it
	if p, ok := ptr.(**Sequential); ok {
		*p = &Sequential{}
		missingKept.Store(*p, err)
		if !errors.Is(err, ErrNotKept) {
			fmt.Fprintln(os.Stderr, err)
		}
		return
	}
	fmt.Fprintf(os.Stderr, "%v; the var holds the zero value of %T\n", err, v.Interface())
}

// keptInto is KeptErr's work: it decodes the value kept under name into *ptr (ptr is a *T).
func keptInto(name string, ptr any) error {
	path, err := keptPath(name)
	if err != nil {
		return fmt.Errorf("nn.Kept: %w", err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w under %q: run the cell that calls nn.Keep(%q, …) first", ErrNotKept, name, name)
	}
	if err != nil {
		return fmt.Errorf("nn.Kept(%q): %w", name, err)
	}
	var f keptFile
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&f); err != nil {
		return fmt.Errorf("nn.Kept(%q): %s is not a kept value: %w", name, path, err)
	}
	t := reflect.TypeOf(ptr).Elem()
	if want := t.String(); f.Type != want && t.Kind() != reflect.Interface {
		return fmt.Errorf("nn.Kept[%s](%q): the value kept under %q is a %s", want, name, name, f.Type)
	}
	if err := gob.NewDecoder(bytes.NewReader(f.Value)).Decode(ptr); err != nil {
		return fmt.Errorf("nn.Kept(%q): decoding the %s in %s: %w", name, f.Type, path, err)
	}
	return nil
}

// KeptDir returns the directory where Keep stores values: $NNBOOK_KEPT_DIR when set, else
// <user cache dir>/nnbook/kept (~/.cache/nnbook/kept on Linux). Delete a file there to forget
// a value.
func KeptDir() (string, error) { return notebook.Dir() }

// missingKept maps each placeholder that Kept returned for a *Sequential it could not bring
// back to the error.
var missingKept sync.Map

// checkKept returns Kept's error when m is a placeholder for a model Kept could not bring back.
func (m *Sequential) checkKept(op string) error {
	if err, ok := missingKept.Load(m); ok {
		return fmt.Errorf("nn.%s: %w", op, err.(error))
	}
	return nil
}

// keptPath checks name and returns its file.
func keptPath(name string) (string, error) {
	if name == "" || name[0] == '.' {
		return "", fmt.Errorf("invalid name %q: use letters, digits, '_', '-' and '.', not starting with '.'", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return "", fmt.Errorf("invalid name %q: use letters, digits, '_', '-' and '.', not starting with '.'", name)
		}
	}
	dir, err := notebook.Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name+".gob"), nil
}
