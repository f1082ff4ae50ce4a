package idx

import (
	"bytes"
	"compress/gzip"
	"io"
	"reflect"
	"testing"
)

// FuzzRead checks that Read never panics and that whatever it accepts re-encodes, with Write,
// to exactly the uncompressed input; and that Parse, the in-memory decoder, agrees with Read.
func FuzzRead(f *testing.F) {
	seeds := [][]byte{
		raw(Uint8, []uint32{3}, 5, 0, 4),                              // an idx1 label file
		raw(Uint8, []uint32{2, 2, 2}, 0, 1, 2, 3, 252, 253, 254, 255), // an idx3 image file
		raw(Int8, []uint32{2}, 0x80, 0x7f),
		raw(Int16, []uint32{2}, 0x80, 0, 0x7f, 0xff),
		raw(Int32, []uint32{1, 1}, 1, 2, 3, 4),
		raw(Float32, []uint32{1}, 0x3f, 0xc0, 0, 0),
		raw(Float64, []uint32{1}, 0x7f, 0xf8, 0, 0, 0, 0, 0, 1),
		raw(Uint8, []uint32{0, 1<<32 - 1}),
		nil,
		{0, 0},
		[]byte("PK\x03\x04"),
		raw(0x0a, []uint32{1}, 0),
		raw(Uint8, nil),
		raw(Uint8, []uint32{60000, 28, 28})[:12],
		raw(Uint8, []uint32{1 << 31, 1 << 31, 4}),
		raw(Uint8, []uint32{5}, 1, 2, 3),
		raw(Uint8, []uint32{1}, 1, 2),
	}
	for _, s := range seeds[:8] {
		seeds = append(seeds, gz(s))
	}
	seeds = append(seeds, gz(raw(Uint8, []uint32{4}, 1, 2))[:20], []byte{0x1f, 0x8b, 8})
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := Read(bytes.NewReader(in))
		p, perr := Parse(in)
		if (err == nil) != (perr == nil) {
			t.Fatalf("Read error %v, Parse error %v: they should agree", err, perr)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(a.Shape, p.Shape) || a.Type() != p.Type() {
			t.Fatalf("Read gave %v, Parse gave %v", a, p)
		}
		want := in
		if bytes.HasPrefix(in, gzipMagic) {
			zr, err := gzip.NewReader(bytes.NewReader(in))
			if err != nil {
				t.Fatalf("Read accepted %x but gzip.NewReader fails: %v", in, err)
			}
			if want, err = io.ReadAll(zr); err != nil {
				t.Fatalf("Read accepted %x but gzip fails: %v", in, err)
			}
		}
		for _, got := range []*Array{a, p} {
			var buf bytes.Buffer
			if err := Write(&buf, got); err != nil {
				t.Fatalf("Write(%v) of an accepted input: %v", got, err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("round trip changed the bytes:\n in % x\nout % x", want, buf.Bytes())
			}
		}
	})
}
