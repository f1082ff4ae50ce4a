package viz

import (
	"context"
	"fmt"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// StepPhase is where a TrainingStep stands in the training loop.
type StepPhase int

// The phases of one training step, in order; after PhaseUpdate comes the next step's
// PhaseForward.
const (
	PhaseStart    StepPhase = iota // the inputs and weights, nothing computed yet
	PhaseForward                   // the prediction w·x + b
	PhaseLoss                      // the loss (prediction - y_true)²
	PhaseBackward                  // the gradient of the loss at every node
	PhaseUpdate                    // w and b moved against their gradients
)

var phaseNames = [...]string{"start", "forward pass", "loss", "backward pass", "update"}

// String returns the phase's name: "start", "forward pass", "loss", "backward pass", "update".
func (p StepPhase) String() string {
	if p < 0 || int(p) >= len(phaseNames) {
		return fmt.Sprintf("StepPhase(%d)", int(p))
	}
	return phaseNames[p]
}

// TrainingStep is the chapter's smallest network trained one phase at a time (section
// 2.4.4): a prediction w·x + b compared with a target y_true. It starts from the book's
// example, x = 2, w = 3, b = 1, y_true = 4; the loss is the squared error (prediction -
// y_true)² (the book's example uses the absolute error, which has no op on nnbook's tape).
// Every number drawn is computed by nn/autodiff: the forward pass on a tape, the gradients
// by Tape.GradientNodes, the update by Variable.AssignSub.
type TrainingStep struct {
	X, YTrue     float64
	W, B         *autodiff.Variable
	LearningRate float64

	step         int       // steps completed
	phase        StepPhase // where the current step stands
	before       [2]float64
	wGrad, bGrad float64
}

// NewTrainingStep returns the book's example at PhaseStart, with learning rate 0.01.
func NewTrainingStep() *TrainingStep {
	return &TrainingStep{
		X: 2, YTrue: 4, LearningRate: 0.01,
		W: autodiff.NewVariable("w", tensor.Scalar(tensor.Float64, 3)),
		B: autodiff.NewVariable("b", tensor.Scalar(tensor.Float64, 1)),
	}
}

// Phase returns the current phase and the number of the current step (1 for the first).
func (s *TrainingStep) Phase() (StepPhase, int) { return s.phase, s.step + 1 }

// Next advances one phase: start → forward pass → loss → backward pass → update → the next
// step's forward pass. Going into PhaseUpdate changes W and B: w -= learning rate × dloss/dw.
func (s *TrainingStep) Next() {
	switch s.phase {
	case PhaseBackward:
		tp, nodes, _ := s.record(s.W.Value.Item(), s.B.Value.Item())
		loss := nodes[len(nodes)-1]
		g := tp.Gradient(loss, s.W, s.B)
		s.before = [2]float64{s.W.Value.Item(), s.B.Value.Item()}
		s.wGrad, s.bGrad = g[0].Item(), g[1].Item()
		s.W.AssignSub(g[0].MulScalar(s.LearningRate))
		s.B.AssignSub(g[1].MulScalar(s.LearningRate))
		s.phase = PhaseUpdate
	case PhaseUpdate:
		s.step++
		s.phase = PhaseForward
	default:
		s.phase++
	}
}

// record builds the network on a new tape with weights w and b (the variables W and B when
// they hold these values), and returns the tape, its nodes in recording order (x, w, b, y_true,
// then the ops) and the prediction node w·x + b. The subtraction is recorded as the tape
// records it, an addition of the negated target.
func (s *TrainingStep) record(w, b float64) (*autodiff.Tape, []*autodiff.Node, *autodiff.Node) {
	tp := autodiff.NewTape()
	x := tp.Constant(tensor.Scalar(tensor.Float64, s.X))
	wv, bv := s.W, s.B
	if w != s.W.Value.Item() {
		wv = autodiff.NewVariable("w", tensor.Scalar(tensor.Float64, w))
	}
	if b != s.B.Value.Item() {
		bv = autodiff.NewVariable("b", tensor.Scalar(tensor.Float64, b))
	}
	wn, bn := tp.Watch(wv), tp.Watch(bv)
	yt := tp.Constant(tensor.Scalar(tensor.Float64, s.YTrue))
	pred := wn.Mul(x).Add(bn)
	pred.Sub(yt).Square()
	return tp, tp.Nodes(), pred
}

// Figure draws the network's graph at the current phase: each box shows its value once the
// phase has computed it ("?" before), its gradient "grad" (dloss/dnode) from the backward pass
// on, and at the update the weights' old and new values. The title says what the phase did,
// with its numbers.
func (s *TrainingStep) Figure() (*Figure, error) {
	nodes, notes, title := s.graph()
	f, err := graphFigure(nodes, graphText{notes: func(n *autodiff.Node) []string { return notes[n] }, title: title})
	if err != nil {
		return nil, err
	}
	f.Name = "training_step"
	return f, nil
}

// graph returns what Figure draws: the nodes, the notes under each box and the title.
func (s *TrainingStep) graph() ([]*autodiff.Node, map[*autodiff.Node][]string, string) {
	w, b := s.W.Value.Item(), s.B.Value.Item()
	if s.phase == PhaseUpdate {
		w, b = s.before[0], s.before[1]
	}
	tp, nodes, predNode := s.record(w, b)
	loss := nodes[len(nodes)-1]
	var grads []*tensor.Tensor
	if s.phase >= PhaseBackward {
		grads = tp.GradientNodes(loss, nodes...)
	}
	names := []string{"x", "w", "b", "y_true", "w·x", "pred", "-y_true", "pred - y_true", "loss"}
	notes := map[*autodiff.Node][]string{}
	for i, n := range nodes {
		v := "= ?"
		known := n.Op == "variable" || n.Op == "constant" || // inputs: known from the start
			s.phase >= PhaseLoss || s.phase == PhaseForward && n.ID() <= predNode.ID()
		if known {
			v = "= " + num(n.Value.Item())
		}
		if s.phase == PhaseUpdate && n.Var != nil {
			now := s.W
			if n.Var.Name == "b" {
				now = s.B
			}
			v += " → " + num(now.Value.Item())
		}
		if i < len(names) {
			v = names[i] + " " + v
		}
		notes[n] = []string{v}
		if grads != nil {
			notes[n] = append(notes[n], "grad "+num(grads[i].Item()))
		}
	}
	pred := w*s.X + b
	var what string
	switch s.phase {
	case PhaseStart:
		what = fmt.Sprintf("x = %s, w = %s, b = %s, y_true = %s", num(s.X), num(w), num(b), num(s.YTrue))
	case PhaseForward:
		what = fmt.Sprintf("w·x = %s, w·x + b = %s", num(w*s.X), num(pred))
	case PhaseLoss:
		what = fmt.Sprintf("(%s - %s)² = %s", num(pred), num(s.YTrue), num(loss.Value.Item()))
	case PhaseBackward:
		what = fmt.Sprintf("dloss/dw = %s, dloss/db = %s", num(grads[1].Item()), num(grads[2].Item()))
	case PhaseUpdate:
		what = fmt.Sprintf("w = %s - %g × %s = %s, b = %s - %g × %s = %s", num(w), s.LearningRate, num(s.wGrad), num(s.W.Value.Item()),
			num(b), s.LearningRate, num(s.bGrad), num(s.B.Value.Item()))
	}
	return nodes, notes, fmt.Sprintf("Step %d, %s: %s", s.step+1, s.phase, what)
}

// num formats a value as Backprop's boxes do: 6, 2.88, 0.0144.
func num(v float64) string { return formatNumber(v) }

// StepThrough shows a TrainingStep in a GoNB notebook with a "next" button: each click
// advances one phase (forward pass, loss, backward pass, update) and redraws the graph with
// its new numbers in place; "done" (or the kernel's interrupt) ends the cell and leaves the
// last picture in the notebook. In a run with no browser (kernel exec, nbconvert) it shows the
// starting picture after FrontendWait and returns; outside a notebook it shows it as
// Figure.Show does.
func StepThrough() error { return stepThrough(context.Background(), NewTrainingStep()) }

func stepThrough(ctx context.Context, s *TrainingStep) error {
	it := &interactive{
		name:     "step",
		controls: newControls("step", nil, []button{{name: "next", label: "next phase"}, {name: "done", label: "done"}}),
		frame:    s.Figure,
	}
	it.handle = func(ev event) bool {
		if ev.name == "next" {
			s.Next()
		}
		return ev.name == "done"
	}
	return it.run(ctx)
}
