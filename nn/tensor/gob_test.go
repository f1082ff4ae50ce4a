package tensor

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"strings"
	"testing"
)

func TestGobRoundTrip(t *testing.T) {
	r := NewRand(1)
	cases := []*Tensor{
		MustArray(12),
		MustArray([]uint8{5, 0, 4}),
		MustArray([][]int{{1, -2}, {3, 4}}),
		RandomUniform(r, Float32, -1, 1, 3, 4, 5),
		RandomNormal(r, Float64, 0, 1, 2, 3),
		Zeros(Float32, 0, 7),
		// A strided view encodes its own elements, not its parent's storage.
		Arange(Int64, 24).Reshape(2, 3, 4).Transpose().Slice(All(), R(1, 3)),
	}
	for _, want := range cases {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(want); err != nil {
			t.Fatalf("encode %v: %v", want.Info(), err)
		}
		var got *Tensor
		if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
			t.Fatalf("decode %v: %v", want.Info(), err)
		}
		if got.DType() != want.DType() || !got.Shape().Equal(want.Shape()) || got.String() != want.String() {
			t.Errorf("round trip of %v: got %v\n%v\nwant\n%v", want.Info(), got.Info(), got, want)
		}
	}
}

func TestGobDecodeCorrupt(t *testing.T) {
	enc := func(g gobTensor) []byte {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(g); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	cases := []struct {
		data []byte
		want string
	}{
		{[]byte("not gob"), "gob decoding"},
		{enc(gobTensor{DType: 9, Shape: []int{1}}), "unknown dtype code 9"},
		{enc(gobTensor{DType: Float32.wireCode(), Shape: []int{2, 2}, F32: []float32{1, 2, 3}}), "shape (2, 2) needs 4 elements, got 3"},
		{enc(gobTensor{DType: Uint8.wireCode(), Shape: []int{-1}, U8: []uint8{1}}), "negative size"},
		{enc(gobTensor{DType: Uint8.wireCode(), Shape: []int{1 << 32, 1 << 32}}), "needs more than the 0 elements decoded"},
		{enc(gobTensor{DType: Uint8.wireCode(), Shape: []int{1 << 32, 1 << 32, 2}, U8: []uint8{1, 2}}), "needs more than the 2 elements decoded"},
	}
	for _, c := range cases {
		x := MustArray([]float64{1, 2})
		err := x.GobDecode(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("GobDecode: got error %v, want one containing %q", err, c.want)
		}
		if x.String() != "[1. 2.]" {
			t.Errorf("GobDecode changed the tensor on error: %v", x)
		}
	}
}

// A tensor goes through encoding/gob, as GoNB's cache package stores values between cells.
func ExampleTensor_GobEncode() {
	var buf bytes.Buffer
	_ = gob.NewEncoder(&buf).Encode(MustArray([][]float32{{1, 2}, {3, 4}}))
	var back *Tensor
	_ = gob.NewDecoder(&buf).Decode(&back)
	fmt.Println(back.Shape(), back.DType())
	fmt.Println(back)
	// Output:
	// (2, 2) float32
	// [[1. 2.]
	//  [3. 4.]]
}
