// Command cells plays GoNB cells for nn's tests: GoNB runs every cell as a new program in
// which the top-level vars of all earlier cells are initialised again. Each run of this
// program is one cell, chosen by its argument; the vars below are those earlier cells declared.
package main

import (
	"fmt"
	"os"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

// A later cell's declaration, as the notebooks write it: it runs in every cell, the training
// cell included, before anything is kept.
var model = nn.Kept[*nn.Sequential]("model")

// The Keras habit: a compiled model in a var, rebuilt untrained in every cell.
var fresh = compiled()

func compiled() *nn.Sequential {
	m := nn.NewSequential(&nn.Dense{Units: 8, Activation: nn.ReLU}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	m.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{LearningRate: 0.05}, Loss: nn.SparseCategoricalCrossentropy{}})
	return m
}

// data returns two separable classes: x0 > 0 is class 1.
func data() (x, y *tensor.Tensor) {
	xs, ys := make([]float32, 2*200), make([]uint8, 200)
	for i := range ys {
		ys[i] = uint8(i % 2)
		xs[2*i] = float32(2*int(ys[i])-1) * (1 + float32(i%7)/7)
		xs[2*i+1] = float32(i%5) / 5
	}
	return tensor.FromSlice(xs, 200, 2), tensor.FromSlice(ys, 200)
}

func main() {
	x, y := data()
	switch os.Args[1] {
	case "hello":
		fmt.Println("hello")
	case "train":
		m := compiled()
		h := m.MustFit(x, y, nn.FitConfig{Epochs: 20, BatchSize: 20, Silent: true})
		nn.Keep("model", m)
		nn.Keep("history", h)
		fmt.Println("kept after", h.Epochs(), "epochs")
	case "evaluate":
		ev := model.MustEvaluate(x, y)
		fmt.Println("loss below 0.2:", ev.Loss < 0.2)
	case "history":
		h := nn.Kept[*nn.History]("history")
		fmt.Println(h.Epochs(), "epochs")
	case "reshape": // a mistake: 400 numbers cannot be 3×7
		fmt.Println(x.Reshape(3, 7).Shape())
	case "load": // a file that is not there
		nn.MustLoadModel("no-such-model.nnb")
	case "fresh":
		ev := fresh.MustEvaluate(x, y)
		fmt.Println("loss below 0.2:", ev.Loss < 0.2)
	}
}
