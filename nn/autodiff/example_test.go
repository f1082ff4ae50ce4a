package autodiff_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// The book's first GradientTape example (section 2.4.4): for y = 2x + 3, dy/dx = 2.
//
//	x = tf.Variable(0.)
//	with tf.GradientTape() as tape:
//	    y = 2 * x + 3
//	grad_of_y_wrt_x = tape.gradient(y, x)
func ExampleTape_Gradient() {
	x := autodiff.NewVariable("x", tensor.MustArray(0.0))
	tp := autodiff.NewTape()
	y := tp.Watch(x).MulScalar(2).AddScalar(3)
	grad := tp.Gradient(y, x)[0]
	fmt.Println(y.Value, grad)
	// Output: 3.0 2.0
}

// The book's second example: the same y = 2x + 3 for a (2, 2) variable. Each element of y depends
// on its own element of x with slope 2.
func ExampleTape_Gradient_tensor() {
	x := autodiff.NewVariable("x", tensor.Zeros(tensor.Float64, 2, 2))
	tp := autodiff.NewTape()
	y := tp.Watch(x).MulScalar(2).AddScalar(3)
	fmt.Println(tp.Gradient(y, x)[0])
	// Output:
	// [[2. 2.]
	//  [2. 2.]]
}

// The book's third example: the gradients of y = matmul(x, W) + b with respect to a list of
// variables. The seed is ones (2, 2), so dW = xᵀ·ones: row i holds the sum of column i of x,
// repeated; and db = [2. 2.], the ones summed over the batch of two rows.
//
//	W = tf.Variable(tf.random.uniform((2, 2)))
//	b = tf.Variable(tf.zeros((2,)))
//	x = tf.random.uniform((2, 2))
//	with tf.GradientTape() as tape:
//	    y = tf.matmul(x, W) + b
//	grad_of_y_wrt_W_and_b = tape.gradient(y, [W, b])
func ExampleTape_Gradient_list() {
	r := tensor.NewRand(0)
	W := autodiff.NewVariable("W", tensor.RandomUniform(r, tensor.Float64, 0, 1, 2, 2))
	b := autodiff.NewVariable("b", tensor.Zeros(tensor.Float64, 2))
	x := tensor.RandomUniform(r, tensor.Float64, 0, 1, 2, 2)

	tp := autodiff.NewTape()
	y := tp.Constant(x).MatMul(tp.Watch(W)).BiasAdd(tp.Watch(b))
	grads := tp.Gradient(y, W, b)
	fmt.Println("x:")
	fmt.Println(x)
	fmt.Println("column sums of x:", x.Sum(0))
	fmt.Println("dW:")
	fmt.Println(grads[0])
	fmt.Println("db:", grads[1])
	// Output:
	// x:
	// [[0.67238457 0.40793761]
	//  [0.19840219 0.61598474]]
	// column sums of x: [0.87078676 1.02392235]
	// dW:
	// [[0.87078676 0.87078676]
	//  [1.02392235 1.02392235]]
	// db: [2. 2.]
}

// A tape prints as a table of its nodes: the graph of a Dense layer with softmax and its loss.
// The loss is computed from the logits (node 4), not from the softmax's output (node 5).
func ExampleTape_String() {
	W := autodiff.NewVariable("kernel", tensor.Zeros(tensor.Float32, 784, 10))
	b := autodiff.NewVariable("bias", tensor.Zeros(tensor.Float32, 10))
	images := tensor.Zeros(tensor.Float32, 128, 784)
	labels := tensor.Zeros(tensor.Int64, 128)

	tp := autodiff.NewTape()
	probs := tp.Constant(images).MatMul(tp.Watch(W)).BiasAdd(tp.Watch(b)).Softmax()
	loss := autodiff.SparseCategoricalCrossentropy(labels, probs)
	fmt.Print(tp)
	fmt.Println(loss)
	// Output:
	// id  op                                           name    inputs  shape       dtype
	// 0   constant                                                     (128, 784)  float32
	// 1   variable                                     kernel          (784, 10)   float32
	// 2   matmul                                               0 1     (128, 10)   float32
	// 3   variable                                     bias            (10,)       float32
	// 4   bias_add                                             2 3     (128, 10)   float32
	// 5   softmax                                              4       (128, 10)   float32
	// 6   sparse_categorical_crossentropy_from_logits          4       ()          float32
	// sparse_categorical_crossentropy_from_logits ()
}

// One step of gradient descent, as the book's training loop (section 2.5): compute the loss on a
// tape, take the gradient, and move the variable against it with AssignSub.
func ExampleVariable_AssignSub() {
	w := autodiff.NewVariable("w", tensor.MustArray([]float64{1, -2}))
	tp := autodiff.NewTape()
	loss := tp.Watch(w).Square().Sum() // loss = w0² + w1², gradient 2w = [2 -4]
	grad := tp.Gradient(loss, w)[0]
	w.AssignSub(grad.MulScalar(0.25)) // learning rate 0.25: w - 0.25*2w = w/2
	fmt.Println(w.Value)
	// Output: [ 0.5 -1. ]
}

// SparseCategoricalCrossentropy takes integer labels; after a Softmax it works from the logits.
// For logits [0 0] the softmax is [0.5 0.5] and the loss is -ln 0.5 = ln 2; the gradient is
// (softmax - onehot)/batch.
func ExampleSparseCategoricalCrossentropy() {
	z := autodiff.NewVariable("logits", tensor.Zeros(tensor.Float64, 2, 2))
	labels := tensor.MustArray([]int64{0, 1})
	tp := autodiff.NewTape()
	loss := autodiff.SparseCategoricalCrossentropy(labels, tp.Watch(z).Softmax())
	fmt.Printf("%.6f\n", loss.Value.Item())
	fmt.Println(tp.Gradient(loss, z)[0])
	// Output:
	// 0.693147
	// [[-0.25  0.25]
	//  [ 0.25 -0.25]]
}

// CheckGradient compares the tape's gradient with finite differences.
func ExampleCheckGradient() {
	x := tensor.MustArray([][]float64{{0.5, -1, 2}, {1.5, 0.1, -0.3}})
	f := func(tp *autodiff.Tape, xs []*autodiff.Node) *autodiff.Node {
		return xs[0].Tanh().Square().Mean()
	}
	maxErr, err := autodiff.CheckGradient(f, []*tensor.Tensor{x}, 1e-6)
	fmt.Println(maxErr < 1e-8, err)
	// Output: true <nil>
}

// Every node remembers its op, its inputs and its value, so the graph can be walked, for example
// to draw it.
func ExampleTape_Nodes() {
	x := autodiff.NewVariable("x", tensor.MustArray([]float64{1, 2, 3}))
	tp := autodiff.NewTape()
	tp.Watch(x).Square().Sum()
	for _, n := range tp.Nodes() {
		fmt.Printf("%d %v inputs:", n.ID(), n)
		for _, in := range n.Inputs {
			fmt.Printf(" %d", in.ID())
		}
		fmt.Println(" value:", n.Value)
	}
	// Output:
	// 0 variable x (3,) inputs: value: [1. 2. 3.]
	// 1 square (3,) inputs: 0 value: [1. 4. 9.]
	// 2 sum () inputs: 1 value: 14.0
}

// A node prints as its op and shape.
func ExampleNode_String() {
	tp := autodiff.NewTape()
	x := tp.Constant(tensor.Zeros(tensor.Float32, 128, 784))
	w := tp.Watch(autodiff.NewVariable("kernel", tensor.Zeros(tensor.Float32, 784, 512)))
	fmt.Println(x)
	fmt.Println(w)
	fmt.Println(x.MatMul(w))
	// Output:
	// constant (128, 784)
	// variable kernel (784, 512)
	// matmul (128, 512)
}

// GradientNodes differentiates with respect to any node, here an intermediate value h = 3x:
// for y = sum(h²), dy/dh = 2h and dy/dx = 2h·3.
func ExampleTape_GradientNodes() {
	tp := autodiff.NewTape()
	x := tp.Constant(tensor.MustArray([]float64{1, -2}))
	h := x.MulScalar(3)
	y := h.Square().Sum()
	g := tp.GradientNodes(y, h, x)
	fmt.Println(g[0], g[1])
	// Output: [  6. -12.] [ 18. -36.]
}

// CategoricalCrossentropy with one-hot rows of probabilities: -(ln 0.5 + ln 0.8)/2.
func ExampleCategoricalCrossentropy() {
	yTrue := tensor.MustArray([][]float64{{1, 0, 0}, {0, 1, 0}})
	tp := autodiff.NewTape()
	yPred := tp.Constant(tensor.MustArray([][]float64{{0.5, 0.25, 0.25}, {0.1, 0.8, 0.1}}))
	loss := autodiff.CategoricalCrossentropy(yTrue, yPred)
	fmt.Printf("%.6f\n", loss.Value.Item())
	// Output: 0.458145
}

// NumericGradient estimates a gradient by central differences: for sum(x³), 3x².
func ExampleNumericGradient() {
	x := tensor.MustArray([]float64{1, -2, 0.5})
	cube := func(tp *autodiff.Tape, xs []*autodiff.Node) *autodiff.Node {
		return xs[0].Square().Mul(xs[0]).Sum()
	}
	g := autodiff.NumericGradient(cube, []*tensor.Tensor{x})[0]
	fmt.Printf("%.6f\n", g.Float64s())
	// Output: [3.000000 12.000000 0.750000]
}

// A node's Op is typed: the losses take the fused softmax-crossentropy path when their prediction
// node's op is OpSoftmax.
func ExampleOp() {
	tp := autodiff.NewTape()
	z := tp.Constant(tensor.FromSlice([]float64{1, 2, 3}, 1, 3))
	p := z.Softmax()
	loss := autodiff.SparseCategoricalCrossentropy(tensor.FromSlice([]int64{2}), p)
	fmt.Println(p.Op == autodiff.OpSoftmax, z.Op == autodiff.OpConstant, loss.Op)
	// Output:
	// true true sparse_categorical_crossentropy_from_logits
}

// Pow raises a node to a constant power; its gradient is p * x**(p-1): 3x² here.
func ExampleNode_Pow() {
	x := autodiff.NewVariable("x", tensor.FromSlice([]float64{1, 2, 3}))
	tp := autodiff.NewTape()
	y := tp.Watch(x).Pow(3).Sum()
	fmt.Println(y.Value.Item(), tp.Gradient(y, x)[0])
	// Output:
	// 36 [ 3. 12. 27.]
}

// GradientApply fuses the update into the backward pass: here a step of plain gradient descent,
// w -= 0.5·g, on a Dense layer of a batch of two. The kernel's gradient xᵀ·ones is handed over by
// the Dense node as soon as its product is done (one part, the product being small); the bias's,
// ones summed over the batch, at the end.
func ExampleTape_GradientApply() {
	W := autodiff.NewVariable("W", tensor.MustArray([][]float64{{1, 2}, {3, 4}}))
	b := autodiff.NewVariable("b", tensor.Zeros(tensor.Float64, 2))
	x := tensor.MustArray([][]float64{{1, 0}, {2, 1}})

	tp := autodiff.NewTape()
	y := tp.Constant(x).Dense(tp.Watch(W), tp.Watch(b), false)
	vars := []*autodiff.Variable{W, b}
	tp.GradientApply(y, vars, func(i int, g *tensor.Tensor, i0, i1, j0, j1 int) {
		fmt.Printf("%s: rows %d-%d, columns %d-%d of\n%v\n", vars[i].Name, i0, i1, j0, j1, g)
		vars[i].Value = vars[i].Value.Sub(g.MulScalar(0.5)) // a whole part here: the whole tensor
	})
	fmt.Println("W:")
	fmt.Println(W.Value)
	fmt.Println("b:", b.Value)
	// Output:
	// W: rows 0-2, columns 0-2 of
	// [[3. 3.]
	//  [1. 1.]]
	// b: rows 0-1, columns 0-2 of
	// [2. 2.]
	// W:
	// [[-0.5  0.5]
	//  [ 2.5  3.5]]
	// b: [-1. -1.]
}
