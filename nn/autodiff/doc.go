// Package autodiff computes gradients by reverse-mode automatic differentiation, as TensorFlow's
// GradientTape: the engine behind "Deep Learning with Python", sections 2.4 (the engine of neural
// networks: gradient-based optimization, the chain rule, backpropagation) and 2.5 (looking back at
// the first example: the training loop written by hand).
//
// # The tape
//
// A Tape records every operation applied to its nodes, in the order they run. Values enter the
// tape in two ways: Tape.Watch(v) for a Variable (weights and biases, whose gradients we want) and
// Tape.Constant(t) for data (a batch of images, labels). Every operation on nodes (Add, MatMul,
// Relu, Softmax, Sum, CategoricalCrossentropy, ...) computes its value at once, as eager TensorFlow
// does, and appends a new Node that remembers its op name, its input nodes and its value.
//
// Tape.Gradient(loss, W, b) then walks the tape backwards from the loss, applying the chain rule
// at each node: the gradient of the loss with respect to a node's output is turned into the
// gradient with respect to each of its inputs. A node used twice receives the sum of the gradients
// of both uses. The walk starts from ones of the target's shape, so a non-scalar target is
// differentiated as the sum of its elements, as TensorFlow does.
//
// Because every node keeps its op name, inputs and shape, the graph can be read back:
// Tape.Nodes() returns it and Tape.String() prints it as a table
// (id, op, variable name, input ids, shape, dtype).
//
// # Reading an operation
//
// Each operation is a few lines in which the forward step and the backward step sit side by side,
// as in micrograd:
//
//	func (n *Node) Mul(o *Node) *Node {
//		a, b := n.Value, o.Value
//		return record("mul", a.Mul(b), []*Node{n, o},
//			func(g *tensor.Tensor) *tensor.Tensor { return sumTo(g.Mul(b), a) }, // d(a*b)/da = b
//			func(g *tensor.Tensor) *tensor.Tensor { return sumTo(g.Mul(a), b) }, // d(a*b)/db = a
//		)
//	}
//
// The second argument of record is the output; after the inputs comes one backward rule per input,
// mapping g, the gradient of the output, to the gradient of that input. Binary operations broadcast
// as NumPy; an input that was repeated along some axes gets the sum of the gradients of its copies,
// which sumTo computes (tensor.SumTo, skipped when nothing was broadcast). Only primitives carry
// gradient rules: Sub is Add of Neg, Div is Mul of Reciprocal, Mean is Sum times a scalar, so their
// gradients follow from the primitives'.
//
// Softmax followed by a crossentropy is the exception that proves the rule: computed separately,
// log(softmax(z)) underflows for confident wrong answers. CategoricalCrossentropy and
// SparseCategoricalCrossentropy recognise a Softmax prediction and compute from its logits with the
// log-sum-exp trick, with the fused gradient (softmax(z) - onehot)/batch, as Keras does.
//
// Gradients keep the dtype of the values they belong to: a float32 model trains in float32.
//
// Dense is the other fused primitive: x·w + b and its ReLU in one node ("dense_relu"), with the
// gradient rules of MatMul, BiasAdd and Relu combined (dx = dz·wᵀ, dw = xᵀ·dz, db = column sums of
// dz, dz the incoming gradient masked where the output is 0), tested against that composition
// and against finite differences. It is what nn's Dense layer records.
//
// # Reusing a tape
//
// A training loop can Reset one tape per step instead of making a new one: the fused operations
// (Dense, Softmax, the sparse crossentropy from logits), the float32 MatMul and the float Add of a
// bias and Relu then take their float32 values and gradients from storage the previous step used,
// and a step allocates almost nothing. The rule: what a tape returned stays valid until that
// tape's Reset. (A loop that makes a new tape per step, as section 2.5's does, takes new storage
// at every step: nothing tells a tape when the values another one returned are no longer read.)
//
// # Fast paths of the plain operations
//
// The loop of section 2.5 written with the plain operations, x.MatMul(W).Add(b) then Relu, keeps
// one node per operation (the graph the book draws), but not every pass over memory: Add of a
// bias (a float vector along the last axis of a matrix of its dtype) is tensor.BiasAddInto, Relu
// of floats tensor.ReluInto, and Relu's backward step on a matrix computes, in the same pass as
// the masked gradient (tensor.ReluGradSumInto), its column sums, which Add's backward step hands
// to the bias as its gradient instead of summing the same matrix again. The values and gradients
// are bit for bit those of the tensor operations (signed zeros of the masked gradient aside);
// the tests compare them with the tensor operations and with finite differences.
//
// # The mutation rule
//
// Operations never change their inputs: they return new tensors (and a node's Value must not be
// changed while its tape is in use, because the backward steps read it). Only a Variable's Assign,
// AssignAdd and AssignSub, called by you or by an optimizer, change values in place. Gradients
// returned by Tape.Gradient may share storage with each other and with the tape: read them, do not
// change them.
//
// # The book's examples
//
// Section 2.4.4 shows the GradientTape on three cases; each is an example in this package.
//
// A scalar: x = tf.Variable(0.), y = 2*x + 3, and dy/dx = 2:
//
//	x := autodiff.NewVariable("x", tensor.MustArray(0.0))
//	tp := autodiff.NewTape()
//	y := tp.Watch(x).MulScalar(2).AddScalar(3)
//	grad := tp.Gradient(y, x)[0] // 2
//
// A tensor: x = tf.Variable(tf.zeros((2, 2))), the same y, and the gradient [[2. 2.] [2. 2.]]:
// each element of y depends on its own element of x with slope 2.
//
// A list of variables: y = tf.matmul(x, W) + b for W (2, 2) and b (2,). With the ones seed,
// dW = xᵀ·ones(2, 2) (each row holds a column sum of x) and db = [2. 2.] (the seed summed over
// the batch of two rows).
//
// # Checking gradients
//
// CheckGradient compares a tape's gradients with central finite differences in float64; every
// operation of this package is tested with it, and it agrees with gonum's diff/fd. The tests also
// compare a small network's forward values and gradients with PyTorch (testdata/torch_reference.py).
package autodiff
