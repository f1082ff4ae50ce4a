package idx

import (
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"math/bits"
	"os"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/nn/tensor"
)

// Write writes a to w in the uncompressed IDX format: the header for a's type and shape, then
// its elements big-endian. Writing what Read returned reproduces the uncompressed input byte
// for byte. An Array that cannot be encoded (Data not one of the six slice types, a rank of 0
// or above MaxRank, a negative size or one above 2^32-1, or a Data length different from the
// shape's size) is an *Error and nothing is written.
func Write(w io.Writer, a *Array) error {
	hdr, err := encodeHeader(a)
	if err != nil {
		return err
	}
	if _, err := w.Write(hdr); err != nil {
		return &Error{Msg: "writing header", Err: err}
	}
	switch d := a.Data.(type) {
	case []uint8:
		_, err = w.Write(d)
	case []int8:
		err = writeAll(w, d, 1, func(b []byte, v int8) { b[0] = byte(v) })
	case []int16:
		err = writeAll(w, d, 2, func(b []byte, v int16) { binary.BigEndian.PutUint16(b, uint16(v)) })
	case []int32:
		err = writeAll(w, d, 4, func(b []byte, v int32) { binary.BigEndian.PutUint32(b, uint32(v)) })
	case []float32:
		err = writeAll(w, d, 4, func(b []byte, v float32) { binary.BigEndian.PutUint32(b, math.Float32bits(v)) })
	case []float64:
		err = writeAll(w, d, 8, func(b []byte, v float64) { binary.BigEndian.PutUint64(b, math.Float64bits(v)) })
	}
	if err != nil {
		return &Error{Msg: "writing data", Err: err}
	}
	return nil
}

// WriteFile writes a to the file at path, gzip-compressed when path ends in ".gz", as Write.
// Errors name the file.
func WriteFile(path string, a *Array) (err error) {
	if _, err := encodeHeader(a); err != nil {
		return withFile(err, path)
	}
	f, err := os.Create(path)
	if err != nil {
		return &Error{File: path, Msg: "cannot create", Err: err}
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = &Error{File: path, Msg: "closing", Err: cerr}
		}
	}()
	if !strings.HasSuffix(path, ".gz") {
		return withFile(Write(f, a), path)
	}
	zw := gzip.NewWriter(f)
	if err := Write(zw, a); err != nil {
		return withFile(err, path)
	}
	if err := zw.Close(); err != nil {
		return &Error{File: path, Msg: "writing gzip stream", Err: err}
	}
	return nil
}

// encodeHeader checks a and returns its IDX header.
func encodeHeader(a *Array) ([]byte, error) {
	typ := a.Type()
	if typ == 0 {
		return nil, errorf("cannot write Data of type %T, want []uint8, []int8, []int16, []int32, "+
			"[]float32 or []float64", a.Data)
	}
	rank := len(a.Shape)
	if rank == 0 || rank > MaxRank {
		return nil, errorf("cannot write rank %d (shape %v), want 1 to %d", rank, tensor.Shape(a.Shape), MaxRank)
	}
	hdr := make([]byte, 4+4*rank)
	hdr[2] = byte(typ)
	hdr[3] = byte(rank)
	var n uint64 = 1
	overflow := false
	for i, d := range a.Shape {
		if d < 0 || uint64(d) > math.MaxUint32 {
			return nil, errorf("cannot write shape %v: size %d of dimension %d is outside 0 to 2^32-1",
				tensor.Shape(a.Shape), d, i)
		}
		binary.BigEndian.PutUint32(hdr[4+4*i:], uint32(d))
		hi, lo := bits.Mul64(n, uint64(d))
		overflow = overflow || hi != 0
		n = lo
	}
	if overflow && !slices.Contains(a.Shape, 0) || n != uint64(a.Len()) {
		return nil, errorf("cannot write shape %v with %d elements of Data", tensor.Shape(a.Shape), a.Len())
	}
	return hdr, nil
}

// writeAll encodes d in chunks through a fixed buffer, so writing never doubles the memory used.
func writeAll[T any](w io.Writer, d []T, size int, put func([]byte, T)) error {
	var buf [8192]byte
	per := len(buf) / size
	for len(d) > 0 {
		k := min(per, len(d))
		for i, v := range d[:k] {
			put(buf[i*size:], v)
		}
		if _, err := w.Write(buf[:k*size]); err != nil {
			return err
		}
		d = d[k:]
	}
	return nil
}
