package nn

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/internal/update"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Optimizer updates weights from their gradients, as keras.optimizers.Optimizer's
// apply_gradients (Deep Learning with Python, 2.4.3 "Stochastic gradient descent" and 2.4.4).
//
// Apply changes each vars[i].Value in place using grads[i], which has the same shape. Values and
// gradients are float32 (the gradients may be views; they are not changed). An optimizer keeps
// state per variable (keyed by the *Variable: momentum, moving averages), so one optimizer value
// serves one model. It panics when the lengths or shapes of vars and grads differ, or a value is
// not float32: those are programmer errors.
//
// The optimizers below follow Keras 3 (and tf.keras >= 2.11) exactly, sorted in order of
// increasing complexity: SGD, RMSprop, Adam. Their zero-value fields take Keras's defaults, so
// &nn.RMSprop{} is keras.optimizers.RMSprop(). Scalars such as the learning rate are rounded to
// float32 once per Apply and the element-wise arithmetic is float32, as Keras does for float32
// variables. The element-wise loops are in nn/internal/update: split over the cores for large
// variables, and for RMSprop in AVX-512 assembly where the CPU has it, with the same bits as the
// formulas below evaluated in Go.
type Optimizer interface {
	Apply(vars []*autodiff.Variable, grads []*tensor.Tensor)
}

var (
	_ Optimizer = (*SGD)(nil)
	_ Optimizer = (*RMSprop)(nil)
	_ Optimizer = (*Adam)(nil)
)

func init() {
	RegisterOptimizer("SGD", "sgd", &SGD{})
	RegisterOptimizer("RMSprop", "rmsprop", &RMSprop{})
	RegisterOptimizer("Adam", "adam", &Adam{})
}

// ApplyGradients is Apply, with Keras's name.
func ApplyGradients(o Optimizer, vars []*autodiff.Variable, grads []*tensor.Tensor) {
	o.Apply(vars, grads)
}

// orDefault returns v, or def when v is 0.
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// values returns the float32 storage of v, panicking (naming op) unless it is contiguous float32.
func values(op string, v *autodiff.Variable) []float32 {
	if v.Value.DType() != tensor.Float32 {
		panic(fmt.Sprintf("nn.%s.Apply: variable %q is %v; it must be float32", op, v.Name, v.Value.DType()))
	}
	if !v.Value.IsContiguous() {
		panic(fmt.Sprintf("nn.%s.Apply: variable %q is not contiguous", op, v.Name))
	}
	return tensor.Storage[float32](v.Value)
}

// gradient returns the float32 storage of v's gradient g (a contiguous copy of a view), panicking
// (naming op) unless it is float32 of v's shape.
func gradient(op string, v *autodiff.Variable, g *tensor.Tensor) []float32 {
	if g.DType() != tensor.Float32 {
		panic(fmt.Sprintf("nn.%s.Apply: variable %q has gradient %v; it must be float32", op, v.Name, g.DType()))
	}
	if !v.Value.Shape().Equal(g.Shape()) {
		panic(fmt.Sprintf("nn.%s.Apply: variable %q has shape %v, its gradient %v", op, v.Name, v.Value.Shape(), g.Shape()))
	}
	return tensor.Storage[float32](g.Contiguous())
}

// elementwise is an optimizer whose update is element by element, as all of nn's are. begin does
// an Apply call's work on the scalars and state (the learning rate in float32, the moving averages
// of new variables, Adam's step count) and returns the update of elements [lo, hi) of vars[i] from
// g, the storage of its gradient; the update may run at once on disjoint ranges. Apply is begin,
// then each variable's update split over the cores; Sequential's training step instead hands the
// update to the backward pass (autodiff.Tape.GradientApply), which runs it on each part of a
// weight gradient as soon as the product computing it has finished the part.
type elementwise interface {
	Optimizer
	begin(vars []*autodiff.Variable) func(i int, g []float32, lo, hi int)
}

var (
	_ elementwise = (*SGD)(nil)
	_ elementwise = (*RMSprop)(nil)
	_ elementwise = (*Adam)(nil)
	_ elementwise = (*AdamW)(nil)
)

// applyElementwise is the Apply of an elementwise optimizer o named op.
func applyElementwise(op string, o elementwise, vars []*autodiff.Variable, grads []*tensor.Tensor) {
	checkLens(op, vars, grads)
	gs := make([][]float32, len(vars))
	for i, v := range vars {
		values(op, v)
		gs[i] = gradient(op, v, grads[i])
	}
	up := o.begin(vars)
	for i, g := range gs {
		update.Parallel(len(g), func(lo, hi int) { up(i, g, lo, hi) })
	}
}

func checkLens(op string, vars []*autodiff.Variable, grads []*tensor.Tensor) {
	if len(vars) != len(grads) {
		panic(fmt.Sprintf("nn.%s.Apply: %d variables and %d gradients", op, len(vars), len(grads)))
	}
}

// slot returns the state slice of v in m, creating it (zeros, v's size) on first use.
func slot(m *map[*autodiff.Variable][]float32, v *autodiff.Variable) []float32 {
	if *m == nil {
		*m = map[*autodiff.Variable][]float32{}
	}
	s, ok := (*m)[v]
	if !ok {
		s = make([]float32, v.Value.Size())
		(*m)[v] = s
	}
	return s
}

// SGD is stochastic gradient descent with optional momentum, as keras.optimizers.SGD:
//
//	without momentum:  w = w - lr*g
//	with momentum:     v = momentum*v - lr*g;  w = w + v
//	Nesterov momentum: v = momentum*v - lr*g;  w = w + momentum*v - lr*g
//
// v starts at zero for each variable. Defaults: LearningRate 0.01; Momentum 0 (none).
type SGD struct {
	LearningRate float64 `json:"learning_rate"` // step size; 0 means 0.01
	Momentum     float64 `json:"momentum"`      // in [0, 1); 0 (the default) means plain SGD
	Nesterov     bool    `json:"nesterov"`      // use Nesterov momentum (needs Momentum > 0)

	velocities map[*autodiff.Variable][]float32
}

// Apply performs one SGD step on vars (see Optimizer).
func (o *SGD) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	applyElementwise("SGD", o, vars, grads)
}

// begin returns SGD's update of elements [lo, hi) of vars[i] (see elementwise).
func (o *SGD) begin(vars []*autodiff.Variable) func(i int, g []float32, lo, hi int) {
	lr := float32(orDefault(o.LearningRate, 0.01))
	mom := float32(o.Momentum)
	ws, vs := make([][]float32, len(vars)), make([][]float32, len(vars))
	for i, v := range vars {
		ws[i] = values("SGD", v)
		if mom != 0 {
			vs[i] = slot(&o.velocities, v)
		}
	}
	return func(i int, g []float32, lo, hi int) {
		w, g := ws[i][lo:hi], g[lo:hi]
		if mom == 0 {
			update.SGD(w, g, lr) // w -= lr*g
			return
		}
		update.Momentum(w, g, vs[i][lo:hi], lr, mom, o.Nesterov) // v = mom*v - lr*g; w += v (or mom*v - lr*g)
	}
}

// RMSprop divides each step by a moving root mean square of the gradients, as
// keras.optimizers.RMSprop in Keras 3 (the optimizer of the book's chapter 2):
//
//	v = rho*v + (1-rho)*g²
//	w = w - lr*g / sqrt(v + epsilon)
//
// v starts at zero for each variable. Keras <= 2.10 (the book's 1st and 2nd editions) and PyTorch
// divide by sqrt(v) + epsilon instead; with epsilon 1e-7 the two differ only where v is tiny.
// Defaults: LearningRate 1e-3, Rho 0.9, Epsilon 1e-7 (a zero field takes its default, so Rho
// cannot be 0).
type RMSprop struct {
	LearningRate float64 `json:"learning_rate"` // step size; 0 means 0.001
	Rho          float64 `json:"rho"`           // decay of the moving average; 0 means 0.9
	Epsilon      float64 `json:"epsilon"`       // added to v under the root; 0 means 1e-7

	velocities map[*autodiff.Variable][]float32
}

// Apply performs one RMSprop step on vars (see Optimizer).
func (o *RMSprop) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	applyElementwise("RMSprop", o, vars, grads)
}

// begin returns RMSprop's update of elements [lo, hi) of vars[i] (see elementwise).
func (o *RMSprop) begin(vars []*autodiff.Variable) func(i int, g []float32, lo, hi int) {
	lr := float32(orDefault(o.LearningRate, 1e-3))
	rho := float32(orDefault(o.Rho, 0.9))
	eps := float32(orDefault(o.Epsilon, 1e-7))
	oneMinusRho := float32(1 - orDefault(o.Rho, 0.9)) // as Keras: 1-rho in float64, rounded once
	ws, vs := make([][]float32, len(vars)), make([][]float32, len(vars))
	for i, v := range vars {
		ws[i], vs[i] = values("RMSprop", v), slot(&o.velocities, v)
	}
	return func(i int, g []float32, lo, hi int) {
		update.RMSprop(ws[i][lo:hi], g[lo:hi], vs[i][lo:hi], lr, rho, oneMinusRho, eps) // v = rho*v + (1-rho)*g²; w -= lr*g/sqrt(v+eps)
	}
}

// Adam keeps moving averages of the gradients and of their squares, with bias correction, as
// keras.optimizers.Adam in Keras 3 (Kingma and Ba's algorithm with epsilon outside the root):
//
//	t = t + 1  (per Apply call, shared by all variables)
//	m = m + (g - m)*(1-beta1)
//	v = v + (g² - v)*(1-beta2)
//	alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
//	w = w - alpha*m / (sqrt(v) + epsilon)
//
// m and v start at zero for each variable. Defaults: LearningRate 1e-3, Beta1 0.9, Beta2 0.999,
// Epsilon 1e-7 (a zero field takes its default).
type Adam struct {
	LearningRate float64 `json:"learning_rate"` // step size; 0 means 0.001
	Beta1        float64 `json:"beta_1"`        // decay of the mean; 0 means 0.9
	Beta2        float64 `json:"beta_2"`        // decay of the mean square; 0 means 0.999
	Epsilon      float64 `json:"epsilon"`       // added to sqrt(v); 0 means 1e-7

	adamState
}

// adamState is the state of Adam and AdamW: the step count and the moving averages per variable.
type adamState struct {
	iterations int
	momentums  map[*autodiff.Variable][]float32
	velocities map[*autodiff.Variable][]float32
}

// Iterations returns the number of Apply calls so far (Keras's optimizer.iterations).
func (s *adamState) Iterations() int { return s.iterations }

// Apply performs one Adam step on vars (see Optimizer).
func (o *Adam) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	applyElementwise("Adam", o, vars, grads)
}

// begin returns Adam's update of elements [lo, hi) of vars[i] and counts the step (see
// elementwise).
func (o *Adam) begin(vars []*autodiff.Variable) func(i int, g []float32, lo, hi int) {
	return o.adamState.begin("Adam", vars, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, 0)
}

// begin counts one Adam step and returns its update of elements [lo, hi) of vars[i], after
// shrinking each weight by w*weightDecay*lr when weightDecay is not 0 (AdamW); zero settings take
// Keras's defaults.
func (s *adamState) begin(op string, vars []*autodiff.Variable, lr, beta1, beta2, epsilon, weightDecay float64) func(i int, g []float32, lo, hi int) {
	lr = orDefault(lr, 1e-3)
	beta1 = orDefault(beta1, 0.9)
	beta2 = orDefault(beta2, 0.999)
	t := float64(s.iterations + 1)
	alpha := float32(lr * math.Sqrt(1-math.Pow(beta2, t)) / (1 - math.Pow(beta1, t)))
	oneMinusB1, oneMinusB2 := float32(1-beta1), float32(1-beta2)
	eps := float32(orDefault(epsilon, 1e-7))
	wd, lr32 := float32(weightDecay), float32(lr)
	ws, ms, vs := make([][]float32, len(vars)), make([][]float32, len(vars)), make([][]float32, len(vars))
	for i, v := range vars {
		ws[i], ms[i], vs[i] = values(op, v), slot(&s.momentums, v), slot(&s.velocities, v)
	}
	s.iterations++
	return func(i int, g []float32, lo, hi int) {
		w := ws[i][lo:hi]
		if wd != 0 {
			for j, x := range w {
				w[j] = x - x*wd*lr32 // as Keras: variable - variable*wd*lr, in the variable's dtype
			}
		}
		update.Adam(w, g[lo:hi], ms[i][lo:hi], vs[i][lo:hi], alpha, oneMinusB1, oneMinusB2, eps) // m, v moving averages; w -= alpha*m/(sqrt(v)+eps)
	}
}
