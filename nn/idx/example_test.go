package idx_test

import (
	"bytes"
	"fmt"

	"github.com/nnbook/nnbook/nn/idx"
)

// A 2×3 uint8 array is 4 magic bytes (00 00, type 08, rank 2), two 4-byte sizes and 6 bytes.
func ExampleWrite() {
	a := &idx.Array{Shape: []int{2, 3}, Data: []uint8{1, 2, 3, 4, 5, 6}}
	var buf bytes.Buffer
	if err := idx.Write(&buf, a); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% x\n", buf.Bytes())
	// Output:
	// 00 00 08 02 00 00 00 02 00 00 00 03 01 02 03 04 05 06
}

func ExampleRead() {
	// The start of an MNIST label file: 00 00 08 01, then the number of labels, then the labels.
	file := []byte{0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4}
	a, err := idx.Read(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a)
	fmt.Println(a.Data)
	// Output:
	// idx.Array(type=uint8, shape=(3,))
	// [5 0 4]
}

// Errors say what is wrong: here the header promises 3 labels and only 2 follow.
func ExampleRead_truncated() {
	file := []byte{0, 0, 8, 1, 0, 0, 0, 3, 5, 0}
	_, err := idx.Read(bytes.NewReader(file))
	fmt.Println(err)
	// Output:
	// idx: truncated data: shape (3,) of uint8 needs 3 bytes after the 8-byte header, found 2: unexpected EOF
}

// Tensor turns uint8 data into a uint8 tensor sharing the same bytes, and widens int16 to int64.
func ExampleArray_Tensor() {
	img := &idx.Array{Shape: []int{1, 2, 2}, Data: []uint8{0, 255, 128, 7}}
	x := img.Tensor()
	fmt.Println(x.Info(), x.At(0, 1, 0))

	v := &idx.Array{Shape: []int{2}, Data: []int16{-300, 300}}
	fmt.Println(v.Tensor().Info())
	// Output:
	// Tensor(shape=(1, 2, 2), dtype=uint8) 128
	// Tensor(shape=(2,), dtype=int64)
}

// A Decoder with a smaller limit refuses a header asking for too many elements before
// allocating anything.
func ExampleDecoder() {
	header := []byte{0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28} // 60000×28×28 uint8
	_, err := idx.Decoder{MaxElements: 1_000_000}.Parse(header)
	fmt.Println(err)
	// Output:
	// idx: shape (60000, 28, 28) has 47040000 elements, more than the limit of 1000000 (see Decoder.MaxElements)
}

// Parse decodes a file already in memory; uint8 data shares the input's bytes.
func ExampleParse() {
	file := []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255}
	a, err := idx.Parse(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	file[12] = 7
	fmt.Println(a, a.Data)
	// Output:
	// idx.Array(type=uint8, shape=(2, 2)) [7 64 128 255]
}
