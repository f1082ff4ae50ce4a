package tensor

import (
	"testing"
)

// The book's timing demo (section 2.3.1): relu(x + y) on (20, 100) matrices, naively with At and
// Set in Go loops against the vectorised Add and Relu.

func BenchmarkNaiveAddReluAtSet(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 20, 100)
	y := RandomUniform(r, Float32, 0, 1, 20, 100)
	for b.Loop() {
		z := x.Clone()
		for i := range 20 {
			for j := range 100 {
				z.Set(z.At(i, j)+y.At(i, j), i, j)
			}
		}
		for i := range 20 {
			for j := range 100 {
				z.Set(max(z.At(i, j), 0), i, j)
			}
		}
	}
}

func BenchmarkAddRelu(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 20, 100)
	y := RandomUniform(r, Float32, 0, 1, 20, 100)
	for b.Loop() {
		x.Add(y).Relu()
	}
}

func BenchmarkAddContiguous(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 128, 512)
	y := RandomUniform(r, Float32, 0, 1, 128, 512)
	b.SetBytes(128 * 512 * 4)
	for b.Loop() {
		x.Add(y)
	}
}

// BenchmarkAddBroadcast adds a bias row to a batch, the dense layer's "+ b".
func BenchmarkAddBroadcast(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 128, 512)
	y := RandomUniform(r, Float32, 0, 1, 512)
	b.SetBytes(128 * 512 * 4)
	for b.Loop() {
		x.Add(y)
	}
}

// BenchmarkMaximumBroadcast4D is the book's np.maximum of (64, 3, 32, 10) and (32, 10).
func BenchmarkMaximumBroadcast4D(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 64, 3, 32, 10)
	y := RandomUniform(r, Float32, 0, 1, 32, 10)
	b.SetBytes(64 * 3 * 32 * 10 * 4)
	for b.Loop() {
		x.Maximum(y)
	}
}

func BenchmarkRelu(b *testing.B) {
	x := RandomNormal(NewRand(1), Float32, 0, 1, 128, 512)
	b.SetBytes(128 * 512 * 4)
	for b.Loop() {
		x.Relu()
	}
}

// BenchmarkSumAxis0 sums a batch of gradients over the batch axis (the bias gradient).
func BenchmarkSumAxis0(b *testing.B) {
	x := RandomNormal(NewRand(1), Float32, 0, 1, 128, 512)
	b.SetBytes(128 * 512 * 4)
	for b.Loop() {
		x.Sum(0)
	}
}

// BenchmarkSumAxis1 sums each row (a contiguous, pairwise reduction).
func BenchmarkSumAxis1(b *testing.B) {
	x := RandomNormal(NewRand(1), Float32, 0, 1, 128, 512)
	b.SetBytes(128 * 512 * 4)
	for b.Loop() {
		x.Sum(1)
	}
}

// BenchmarkDot is the book's first layer on a batch: (128, 784) · (784, 512) in float32.
func BenchmarkDot(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 128, 784)
	w := RandomNormal(r, Float32, 0, 0.05, 784, 512)
	for b.Loop() {
		Dot(x, w)
	}
}

// BenchmarkDotTransposed is the weight gradient xᵀ · g, with xᵀ passed as a transpose flag.
func BenchmarkDotTransposed(b *testing.B) {
	r := NewRand(1)
	x := RandomUniform(r, Float32, 0, 1, 128, 784)
	g := RandomNormal(r, Float32, 0, 1, 128, 512)
	for b.Loop() {
		Dot(x.T(), g)
	}
}

// BenchmarkPrepareImages is the chapter's preprocessing, which notebooks 2.1 and 2.5 run in each
// cell that trains: 60,000 MNIST-sized uint8 images to float32 divided by 255. Run it with
// -cpu 1,2 to see the split over the cores (largeSplit).
func BenchmarkPrepareImages(b *testing.B) {
	raw := make([]uint8, 60000*784)
	for i := range raw {
		raw[i] = uint8(i * 7)
	}
	images := FromSlice(raw, 60000, 28, 28)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		x := images.Reshape(60000, 28*28).AsType(Float32).DivScalar(255)
		if x.Size() != len(raw) {
			b.Fatal(x.Shape())
		}
	}
}
