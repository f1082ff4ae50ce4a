package idx

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"slices"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Decoder reads IDX data with a configurable limit. The zero Decoder uses the defaults, and the
// package functions Read, ReadFile and Parse use the zero Decoder.
type Decoder struct {
	// MaxElements is the largest number of elements accepted; a header asking for more is an
	// error before anything is allocated. Zero or negative means DefaultMaxElements (2^31).
	MaxElements int
}

// Read decodes one IDX array from r, gzip-compressed or not, using the default limits.
// See Decoder.Read.
func Read(r io.Reader) (*Array, error) { return Decoder{}.Read(r) }

// ReadFile decodes the IDX file at path, gzip-compressed or not, using the default limits.
// See Decoder.ReadFile.
func ReadFile(path string) (*Array, error) { return Decoder{}.ReadFile(path) }

// MustReadFile is ReadFile that panics on error, for notebook cells and examples.
func MustReadFile(path string) *Array {
	a, err := ReadFile(path)
	if err != nil {
		notebook.Panic(err)
	}
	return a
}

// Parse decodes the IDX data b, gzip-compressed or not, using the default limits.
// See Decoder.Parse.
func Parse(b []byte) (*Array, error) { return Decoder{}.Parse(b) }

// gzipMagic are the first two bytes of a gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// maxTrailingCount is how far trailing data is counted before reporting "more than".
const maxTrailingCount = 1 << 20

// Read decodes one IDX array from r, reading r to its end. Input starting with the gzip magic
// bytes 1f 8b is decompressed first. Malformed input is an *Error naming the problem (see the
// package documentation); Read never panics and allocates only as data arrives.
func (d Decoder) Read(r io.Reader) (*Array, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &Error{Msg: "reading gzip header", Err: err}
		}
		return d.readStream(zr, true)
	}
	return d.readStream(br, false)
}

// ReadFile decodes the IDX file at path, as Read, with errors naming the file. For an
// uncompressed file the header is checked against the file size before the data is allocated.
func (d Decoder) ReadFile(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: path, Msg: "cannot open", Err: err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot stat", Err: err}
	}
	br := bufio.NewReader(f)
	magic, _ := br.Peek(2)
	if bytes.Equal(magic, gzipMagic) || !info.Mode().IsRegular() {
		a, err := d.Read(br)
		return a, withFile(err, path)
	}
	a, err := d.readSized(br, info.Size())
	return a, withFile(err, path)
}

// readSized reads an uncompressed IDX stream known to hold exactly size bytes.
func (d Decoder) readSized(r io.Reader, size int64) (*Array, error) {
	h, err := d.readHeader(r)
	if err != nil {
		return nil, err
	}
	have := size - int64(h.len)
	if have < int64(h.nbytes) {
		return nil, h.truncated(int(have), io.ErrUnexpectedEOF)
	}
	if have > int64(h.nbytes) {
		return nil, h.trailing(fmt.Sprint(have - int64(h.nbytes)))
	}
	buf := make([]byte, h.nbytes)
	if n, err := io.ReadFull(r, buf); err != nil {
		return nil, h.truncated(n, noEOF(err))
	}
	return &Array{Shape: h.shape, Data: decode(h.typ, buf)}, nil
}

// Parse decodes the IDX data b. Data starting with the gzip magic bytes 1f 8b is decompressed
// as by Read. For uncompressed uint8 data the returned Array's Data is a sub-slice of b, without
// a copy: a file read with os.ReadFile becomes an Array, and then a tensor, with no copy at all.
// Other types are decoded into new slices. Malformed data is an *Error, as for Read.
func (d Decoder) Parse(b []byte) (*Array, error) {
	if bytes.HasPrefix(b, gzipMagic) {
		return d.Read(bytes.NewReader(b))
	}
	h, err := d.readHeader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	have := len(b) - h.len
	if have < h.nbytes {
		return nil, h.truncated(have, io.ErrUnexpectedEOF)
	}
	if have > h.nbytes {
		return nil, h.trailing(fmt.Sprint(have - h.nbytes))
	}
	end := h.len + h.nbytes
	return &Array{Shape: h.shape, Data: decode(h.typ, b[h.len:end:end])}, nil
}

// header is a decoded and checked IDX header.
type header struct {
	typ    Type
	shape  []int
	n      int // number of elements
	nbytes int // number of data bytes, n * typ.Size()
	len    int // header length in bytes, 4 + 4*rank
}

func (h *header) describe() string {
	return fmt.Sprintf("shape %v of %v", tensor.Shape(h.shape), h.typ)
}

func (h *header) truncated(found int, err error) *Error {
	return &Error{Msg: fmt.Sprintf("truncated data: %s needs %d bytes after the %d-byte header, found %d",
		h.describe(), h.nbytes, h.len, found), Err: err}
}

func (h *header) trailing(count string) *Error {
	return errorf("%s bytes of trailing data after the %d data bytes of %s", count, h.nbytes, h.describe())
}

// noEOF turns a bare io.EOF from a short read into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readHeader reads and checks the magic number, type code, rank and sizes.
func (d Decoder) readHeader(r io.Reader) (*header, error) {
	var m [4]byte
	if n, err := io.ReadFull(r, m[:]); err != nil {
		if n == 0 && err == io.EOF {
			return nil, errorf("empty input: an IDX file starts with 4 magic bytes 00 00 <type code> <rank>")
		}
		if err == io.ErrUnexpectedEOF {
			return nil, errorf("truncated header: found %d bytes, an IDX header needs at least 4", n)
		}
		return nil, &Error{Msg: "reading header", Err: err}
	}
	if m[0] != 0 || m[1] != 0 {
		return nil, errorf("bad magic bytes % x, want 00 00 <type code> <rank> (or 1f 8b for gzip)", m[:])
	}
	typ := Type(m[2])
	if typ.Size() == 0 {
		return nil, errorf("unknown type code %#02x in magic bytes % x, want 0x08 uint8, 0x09 int8, "+
			"0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64", m[2], m[:])
	}
	rank := int(m[3])
	if rank == 0 || rank > MaxRank {
		return nil, errorf("rank %d in magic bytes % x, want 1 to %d", rank, m[:], MaxRank)
	}
	h := &header{typ: typ, len: 4 + 4*rank}
	dims := make([]byte, 4*rank)
	if n, err := io.ReadFull(r, dims); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, errorf("truncated header: rank %d needs %d header bytes, found %d", rank, h.len, 4+n)
		}
		return nil, &Error{Msg: "reading header", Err: err}
	}
	h.shape = make([]int, rank)
	for i := range h.shape {
		dim := binary.BigEndian.Uint32(dims[4*i:])
		if uint64(dim) > math.MaxInt {
			return nil, errorf("size %d of dimension %d does not fit in an int on this platform", dim, i)
		}
		h.shape[i] = int(dim)
	}
	max := d.MaxElements
	if max <= 0 {
		max = DefaultMaxElements
	}
	var n uint64 = 1
	for _, dim := range h.shape {
		hi, lo := bits.Mul64(n, uint64(dim))
		if hi != 0 {
			if slices.Contains(h.shape, 0) {
				n = 0
				break
			}
			return nil, errorf("shape %v has more elements than fit in 64 bits", tensor.Shape(h.shape))
		}
		n = lo
	}
	if n > uint64(max) {
		return nil, errorf("shape %v has %d elements, more than the limit of %d (see Decoder.MaxElements)",
			tensor.Shape(h.shape), n, max)
	}
	size := typ.Size()
	if n > uint64(math.MaxInt/size) {
		return nil, errorf("shape %v of %v needs more than %d bytes", tensor.Shape(h.shape), typ, math.MaxInt)
	}
	h.n = int(n)
	h.nbytes = h.n * size
	return h, nil
}

// readStream reads a whole IDX stream of unknown length, checking that it ends after the data.
// gz says the stream is decompressed gzip, for error messages.
func (d Decoder) readStream(r io.Reader, gz bool) (*Array, error) {
	h, err := d.readHeader(r)
	if err != nil {
		if e := (*Error)(nil); gz && errors.As(err, &e) {
			e.Msg = "in gzip data: " + e.Msg
		}
		return nil, err
	}
	data, found, err := readData(r, h.typ, h.n)
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, h.truncated(found, io.ErrUnexpectedEOF)
		}
		return nil, &Error{Msg: fmt.Sprintf("reading data (%d of %d bytes read)", found, h.nbytes), Err: err}
	}
	// Read on to the end: this finds trailing data and makes gzip verify its checksum.
	extra, err := io.CopyN(io.Discard, r, maxTrailingCount+1)
	switch {
	case extra > maxTrailingCount:
		return nil, h.trailing(fmt.Sprintf("more than %d", maxTrailingCount))
	case extra > 0:
		return nil, h.trailing(fmt.Sprint(extra))
	case err != io.EOF:
		msg := "reading after the data"
		if gz {
			msg = "checking the end of the gzip stream"
		}
		return nil, &Error{Msg: msg, Err: err}
	}
	return &Array{Shape: h.shape, Data: data}, nil
}

// readData reads n elements of type typ from r, growing its buffer only as data arrives so that
// a lying header cannot make it allocate much more than the input holds. found is the number
// of bytes read.
func readData(r io.Reader, typ Type, n int) (data any, found int, err error) {
	switch typ {
	case Uint8:
		return readBytes(r, n)
	case Int8:
		return readTyped(r, n, 1, decInt8)
	case Int16:
		return readTyped(r, n, 2, decInt16)
	case Int32:
		return readTyped(r, n, 4, decInt32)
	case Float32:
		return readTyped(r, n, 4, decFloat32)
	default:
		return readTyped(r, n, 8, decFloat64)
	}
}

// firstChunk is the initial buffer size (in elements) when reading data of unknown length;
// the buffer then doubles as data arrives.
const firstChunk = 1 << 16

func readBytes(r io.Reader, n int) ([]byte, int, error) {
	buf := make([]byte, 0, min(n, firstChunk))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(cap(buf), n-len(buf)))
		}
		got, err := io.ReadFull(r, buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+got]
		if err != nil {
			return nil, len(buf), err
		}
	}
	return buf, n, nil
}

func readTyped[T any](r io.Reader, n, size int, dec func([]byte) T) ([]T, int, error) {
	out := make([]T, 0, min(n, firstChunk))
	var chunk [8192]byte
	found := 0
	for len(out) < n {
		if len(out) == cap(out) {
			out = slices.Grow(out, min(cap(out), n-len(out)))
		}
		want := min((n-len(out))*size, len(chunk))
		got, err := io.ReadFull(r, chunk[:want])
		found += got
		for i := 0; i+size <= got; i += size {
			out = append(out, dec(chunk[i:i+size]))
		}
		if err != nil {
			return nil, found, err
		}
	}
	return out, found, nil
}

// decode converts the big-endian data bytes b of type typ to a slice; uint8 data is b itself.
func decode(typ Type, b []byte) any {
	switch typ {
	case Uint8:
		return b
	case Int8:
		return decodeAll(b, 1, decInt8)
	case Int16:
		return decodeAll(b, 2, decInt16)
	case Int32:
		return decodeAll(b, 4, decInt32)
	case Float32:
		return decodeAll(b, 4, decFloat32)
	default:
		return decodeAll(b, 8, decFloat64)
	}
}

func decodeAll[T any](b []byte, size int, dec func([]byte) T) []T {
	out := make([]T, len(b)/size)
	for i := range out {
		out[i] = dec(b[i*size : (i+1)*size])
	}
	return out
}

func decInt8(b []byte) int8       { return int8(b[0]) }
func decInt16(b []byte) int16     { return int16(binary.BigEndian.Uint16(b)) }
func decInt32(b []byte) int32     { return int32(binary.BigEndian.Uint32(b)) }
func decFloat32(b []byte) float32 { return math.Float32frombits(binary.BigEndian.Uint32(b)) }
func decFloat64(b []byte) float64 { return math.Float64frombits(binary.BigEndian.Uint64(b)) }
