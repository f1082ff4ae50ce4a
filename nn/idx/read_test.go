package idx

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// raw returns an uncompressed IDX file: the magic bytes 00 00 typ rank, the sizes, then data.
func raw(typ Type, dims []uint32, data ...byte) []byte {
	b := []byte{0, 0, byte(typ), byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// readers are the three ways to decode a byte slice: as a stream, in memory, and from a file.
var readers = []struct {
	name string
	read func(t *testing.T, d Decoder, b []byte) (*Array, error)
}{
	{"Read", func(t *testing.T, d Decoder, b []byte) (*Array, error) { return d.Read(bytes.NewReader(b)) }},
	{"Parse", func(t *testing.T, d Decoder, b []byte) (*Array, error) { return d.Parse(b) }},
	{"ReadFile", func(t *testing.T, d Decoder, b []byte) (*Array, error) {
		path := filepath.Join(t.TempDir(), "f-idx")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := d.ReadFile(path)
		if err != nil && !strings.HasPrefix(err.Error(), "idx: "+path+": ") {
			t.Errorf("ReadFile error %q does not start with the file name", err)
		}
		return a, err
	}},
}

func TestReadErrors(t *testing.T) {
	valid := raw(Uint8, []uint32{5}, 1, 2, 3, 4, 5)
	validGz := gz(valid)
	badCRC := bytes.Clone(validGz)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 is the trailer's first 4 of 8 bytes (RFC 1952)

	tests := []struct {
		name string
		dec  Decoder
		in   []byte
		want string
	}{
		{"empty", Decoder{}, nil, "empty input"},
		{"short magic", Decoder{}, []byte{0, 0}, "truncated header: found 2 bytes, an IDX header needs at least 4"},
		{"zip file", Decoder{}, []byte("PK\x03\x04rest"), "bad magic bytes 50 4b 03 04, want 00 00 <type code> <rank>"},
		{"text", Decoder{}, []byte("hello"), "bad magic bytes 68 65 6c 6c"},
		{"unknown type", Decoder{}, raw(0x0a, []uint32{1}, 0), "unknown type code 0x0a in magic bytes 00 00 0a 01"},
		{"type zero", Decoder{}, raw(0, []uint32{1}, 0), "unknown type code 0x00"},
		{"rank 0", Decoder{}, raw(Uint8, nil), "rank 0 in magic bytes 00 00 08 00, want 1 to 16"},
		{"rank 17", Decoder{}, raw(Uint8, make([]uint32, 17)), "rank 17 in magic bytes 00 00 08 11, want 1 to 16"},
		{"rank 255", Decoder{}, []byte{0, 0, 8, 255}, "rank 255"},
		{"short dims", Decoder{}, raw(Uint8, []uint32{60000, 28, 28})[:12],
			"truncated header: rank 3 needs 16 header bytes, found 12"},
		{"overflow", Decoder{}, raw(Float64, []uint32{1 << 31, 1 << 31, 1 << 31}),
			"shape (2147483648, 2147483648, 2147483648) has more elements than fit in 64 bits"},
		{"overflow to zero", Decoder{}, raw(Uint8, []uint32{1 << 31, 1 << 31, 4}),
			"more elements than fit in 64 bits"},
		{"over default limit", Decoder{}, raw(Uint8, []uint32{65536, 65536}),
			"shape (65536, 65536) has 4294967296 elements, more than the limit of 2147483648"},
		{"over custom limit", Decoder{MaxElements: 4}, valid, "shape (5,) has 5 elements, more than the limit of 4"},
		{"no data", Decoder{}, raw(Uint8, []uint32{5}),
			"truncated data: shape (5,) of uint8 needs 5 bytes after the 8-byte header, found 0: unexpected EOF"},
		{"short data", Decoder{}, valid[:11], "truncated data: shape (5,) of uint8 needs 5 bytes after the 8-byte header, found 3"},
		{"short int16", Decoder{}, raw(Int16, []uint32{3}, 0, 1, 0, 2, 0),
			"truncated data: shape (3,) of int16 needs 6 bytes after the 8-byte header, found 5"},
		{"short float64", Decoder{}, raw(Float64, []uint32{2, 2}, seq(31)...),
			"shape (2, 2) of float64 needs 32 bytes after the 12-byte header, found 31"},
		{"huge claim", Decoder{}, raw(Uint8, []uint32{1 << 30, 2}, 1, 2, 3),
			"shape (1073741824, 2) of uint8 needs 2147483648 bytes after the 12-byte header, found 3"},
		{"trailing", Decoder{}, append(bytes.Clone(valid), 9, 9),
			"2 bytes of trailing data after the 5 data bytes of shape (5,) of uint8"},
		{"gzip header", Decoder{}, []byte{0x1f, 0x8b, 0}, "reading gzip header"},
		{"gzip truncated", Decoder{}, validGz[:len(validGz)-12], "unexpected EOF"},
		{"gzip bad crc", Decoder{}, badCRC, "checking the end of the gzip stream: gzip: invalid checksum"},
		{"gzip trailing garbage", Decoder{}, append(bytes.Clone(validGz), "garbage after the stream"...),
			"checking the end of the gzip stream: gzip: invalid header"},
		{"gzip trailing idx", Decoder{}, gz(append(bytes.Clone(valid), 7)), "1 bytes of trailing data"},
		{"gzip of junk", Decoder{}, gz([]byte("junk")), "in gzip data: bad magic bytes 6a 75 6e 6b"},
		{"gzip of short data", Decoder{}, gz(valid[:10]), "truncated data: shape (5,) of uint8 needs 5 bytes after the 8-byte header, found 2"},
	}
	for _, r := range readers {
		for _, tt := range tests {
			a, err := r.read(t, tt.dec, tt.in)
			if err == nil {
				t.Errorf("%s %s: got %v, want error containing %q", r.name, tt.name, a, tt.want)
				continue
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s %s: got error %q, want it to contain %q", r.name, tt.name, err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%s %s: error %v is a %T, want *idx.Error", r.name, tt.name, err, err)
			}
		}
	}
}

func TestReadTruncatedIsUnexpectedEOF(t *testing.T) {
	for _, r := range readers {
		_, err := r.read(t, Decoder{}, raw(Int32, []uint32{2}, 1, 2, 3))
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: got %v, want an error wrapping io.ErrUnexpectedEOF", r.name, err)
		}
	}
}

func TestReadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope-idx1-ubyte")
	_, err := ReadFile(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want an error wrapping os.ErrNotExist", err)
	}
	if want := "idx: " + path + ": cannot open: no such file or directory"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

// TestTrailingCountIsCapped checks that a stream with endless trailing data is not read to its end.
func TestTrailingCountIsCapped(t *testing.T) {
	r := io.MultiReader(bytes.NewReader(raw(Uint8, []uint32{1}, 1)), zeros{})
	_, err := Read(r)
	if want := "more than 1048576 bytes of trailing data"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestReadLyingHeader checks that a header claiming the limit's worth of elements does not
// make Read allocate them when the stream is short: it should allocate one first chunk only.
func TestReadLyingHeader(t *testing.T) {
	in := raw(Float64, []uint32{1 << 31}, seq(100)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("got no error for a truncated stream")
	}
	// 2^31 float64s are 16 GiB; one first chunk of 2^16 float64s is 512 KiB, plus bufio
	// bookkeeping. 4 MiB leaves room and is still far below the claim.
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("reading a 100-byte stream claiming 2^31 float64s allocated %d bytes", got)
	}
}

func TestParseSharesUint8Data(t *testing.T) {
	b := raw(Uint8, []uint32{2, 2}, 1, 2, 3, 4)
	a, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	d := a.Data.([]uint8)
	b[12] = 42 // the first element, after 4 magic bytes and two 4-byte sizes
	if d[0] != 42 {
		t.Errorf("after changing the input, Data[0] = %d, want 42 (Data should share the input)", d[0])
	}
	if cap(d) != 4 {
		t.Errorf("cap(Data) = %d, want 4 so that appends cannot overwrite the input", cap(d))
	}
}

func TestReadZeroSizedWithHugeDims(t *testing.T) {
	// The product of these sizes overflows 64 bits before the final 0 makes it 0: still valid.
	in := raw(Int32, []uint32{1<<32 - 1, 1<<32 - 1, 1<<32 - 1, 0})
	for _, r := range readers {
		a, err := r.read(t, Decoder{}, in)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if a.Len() != 0 || len(a.Shape) != 4 {
			t.Errorf("%s: got %v with %d elements, want shape of rank 4 and no elements", r.name, a, a.Len())
		}
	}
}
