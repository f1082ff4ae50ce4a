package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nnbook/nnbook/internal/notebook"
)

// The cache directory holds, for each of the four files:
//
//	train-images-idx3-ubyte.gz     the download, verified by its SHA-256
//	train-images-idx3-ubyte        the decompressed copy that loads read
//	train-images-idx3-ubyte.stamp  JSON recording both files' sizes and modification times
//	                               when the raw copy was verified, and its SHA-256
//
// A warm load (see load) checks each stamp against os.Stat of the files, reads the raw copy (maps
// it, in a notebook cell; see readRaw) and checks its IDX header, size and shape, without hashing
// it; anything unexpected sends the file down the slow path (ensure), which hashes everything.

// mapFiles says whether readRaw may map files (on Unix): in a notebook cell (GoNB); tests
// replace it.
var mapFiles = notebook.InNotebook

// stamp records a verified raw copy.
type stamp struct {
	RawSHA256  string `json:"raw_sha256"`
	RawSize    int64  `json:"raw_size"`
	RawModTime int64  `json:"raw_mtime_ns"`
	GzSize     int64  `json:"gz_size"` // -1 when there was no .gz (raw copy placed by hand)
	GzModTime  int64  `json:"gz_mtime_ns"`
}

// state is shared by the four files of one LoadData or Fetch call, so that a source failing
// for one file is not tried again for the next.
type state struct {
	moduleDone bool
	moduleDir  string // the module's directory once downloaded
	moduleErr  error
	deadMirror map[string]error
}

// load returns the raw IDX bytes of f from dir, fast when the cache is warm.
func (l *Loader) load(dir string, f *spec, st *state) ([]byte, error) {
	rawPath := filepath.Join(dir, f.name)
	if b, stale := warm(dir, f); b != nil {
		return b, nil
	} else if stale {
		l.logf("cached %s does not match its stamp or header; verifying it again", rawPath)
	}
	b, _, err := l.ensure(dir, f, st)
	return b, err
}

// warm returns f's raw bytes (see readRaw) when its stamp matches the files on disk and the raw
// copy has the right size and IDX header; otherwise b is nil, and stale is true if the raw copy
// was read and found wrong.
//
// The trade-off: the raw copy was hashed when it was written, and here only its size,
// modification time, header and shape are checked, which catches truncation, replacement and
// ordinary edits but not a change that keeps the size and the modification time. Hashing the
// 55 MB on every load would cost more than the load itself; Fetch (and go run ./cmd/fetch)
// re-hashes everything.
func warm(dir string, f *spec) (b []byte, stale bool) {
	rawPath := filepath.Join(dir, f.name)
	sb, err := os.ReadFile(rawPath + ".stamp")
	if err != nil {
		return nil, false
	}
	var s stamp
	if json.Unmarshal(sb, &s) != nil || s.RawSHA256 != f.rawSHA || s.RawSize != f.rawSize {
		return nil, false
	}
	ri, err := os.Stat(rawPath)
	if err != nil || ri.Size() != s.RawSize || ri.ModTime().UnixNano() != s.RawModTime {
		return nil, false
	}
	gi, err := os.Stat(filepath.Join(dir, f.gzName()))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if s.GzSize != -1 {
			return nil, false
		}
	case err != nil || gi.Size() != s.GzSize || gi.ModTime().UnixNano() != s.GzModTime:
		return nil, false
	}
	b, release, err := readRaw(rawPath, f.rawSize)
	if err != nil {
		return nil, true
	}
	if _, err := toTensor(rawPath, b, f); err != nil {
		release()
		return nil, true
	}
	return b, false
}

// openRaw opens the file at path, which must hold exactly size bytes.
func openRaw(path string, size int64) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && info.Size() != size {
		err = fmt.Errorf("%s has %d bytes, want %d", path, info.Size(), size)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readAll reads the size bytes of f, whose size openRaw has checked.
func readAll(f *os.File, size int64) ([]byte, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return b, nil
}

// ensure verifies everything cached for f in dir, hashing both files, replaces what is wrong
// or missing, writes a fresh stamp, and returns the raw bytes with a description of the files.
func (l *Loader) ensure(dir string, f *spec, st *state) ([]byte, File, error) {
	info := File{Name: f.gzName(), SHA256: f.gzSHA, RawPath: filepath.Join(dir, f.name), RawSHA256: f.rawSHA,
		RawSize: f.rawSize, Source: "cache"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, info, fmt.Errorf("mnist: cannot create the cache directory: %w", err)
	}
	// The raw copy, if present and right, is all a load needs.
	raw, err := os.ReadFile(info.RawPath)
	rawOK := err == nil && sha(raw) == f.rawSHA
	if err == nil && !rawOK {
		l.logf("cached %s has SHA-256 %s (%d bytes), want %s (%d bytes); rebuilding it",
			f.name, short(sha(raw)), len(raw), short(f.rawSHA), f.rawSize)
		raw = nil
	}
	// The .gz is checked whenever present, and fetched when it is wrong or the raw copy is
	// missing; when only the raw copy exists (placed by hand), it is kept as it is.
	gzPath := filepath.Join(dir, f.gzName())
	gz, err := os.ReadFile(gzPath)
	gzOK := err == nil && sha(gz) == f.gzSHA
	cacheErr := errors.New("not present")
	if err == nil && !gzOK {
		cacheErr = fmt.Errorf("has SHA-256 %s (%d bytes), want %s (%d bytes)", short(sha(gz)), len(gz), short(f.gzSHA), f.gzSize)
		l.logf("cached %s %v; fetching it again", f.gzName(), cacheErr)
		os.Remove(gzPath)
	}
	if !gzOK && (!rawOK || gz != nil) {
		var src string
		gz, src, err = l.fetch(dir, f, st, cacheErr)
		if err != nil && !rawOK {
			return nil, info, err
		}
		if err != nil {
			l.logf("keeping the verified %s without its .gz: %v", f.name, err)
		}
		gzOK = err == nil
		info.Source = src
	}
	if !rawOK {
		if raw, err = gunzip(gz, f); err != nil {
			return nil, info, fmt.Errorf("mnist: %s: %w", gzPath, err)
		}
		if err := writeAtomic(info.RawPath, raw); err != nil {
			return nil, info, err
		}
	}
	if gzOK {
		info.Path = gzPath
	}
	if err := writeStamp(dir, f); err != nil {
		return nil, info, err
	}
	return raw, info, nil
}

// gunzip decompresses a verified .gz and checks the result's SHA-256.
func gunzip(gz []byte, f *spec) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(f.rawSize))
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, err
	}
	if got := sha(buf.Bytes()); got != f.rawSHA {
		return nil, fmt.Errorf("decompressed to SHA-256 %s, want %s", short(got), short(f.rawSHA))
	}
	return buf.Bytes(), nil
}

func writeStamp(dir string, f *spec) error {
	ri, err := os.Stat(filepath.Join(dir, f.name))
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	s := stamp{RawSHA256: f.rawSHA, RawSize: ri.Size(), RawModTime: ri.ModTime().UnixNano(), GzSize: -1}
	if gi, err := os.Stat(filepath.Join(dir, f.gzName())); err == nil {
		s.GzSize, s.GzModTime = gi.Size(), gi.ModTime().UnixNano()
	}
	b, _ := json.Marshal(s)
	return writeAtomic(filepath.Join(dir, f.name+".stamp"), append(b, '\n'))
}

// writeAtomic writes b to path through a temporary file and a rename, so that readers, other
// processes included, see either the old file or the whole new one.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("mnist: writing %s: %w", path, err)
	}
	return nil
}

// File describes one verified MNIST file in the cache, as reported by Fetch.
type File struct {
	Name      string // the compressed file's name, e.g. "train-images-idx3-ubyte.gz"
	Path      string // where the verified .gz is; "" if only the raw copy is cached
	SHA256    string // the .gz's SHA-256
	RawPath   string // where the verified uncompressed copy is
	RawSHA256 string // its SHA-256
	RawSize   int64  // its size in bytes
	Source    string // where the .gz came from this time: "cache", the Go module, or a URL
}

// Fetch makes sure the cache holds the four files, fetching what is missing, and verifies every
// cached file by its SHA-256, replacing any that is wrong. It returns where the files are.
// Unlike LoadData it hashes everything even when the cache is warm, so it is the thorough check.
func (l *Loader) Fetch() ([]File, error) {
	dir, err := l.dir()
	if err != nil {
		return nil, err
	}
	var st state
	var out []File
	for i := range files {
		_, info, err := l.ensure(dir, &files[i], &st)
		if err != nil {
			return out, err
		}
		out = append(out, info)
	}
	return out, nil
}
