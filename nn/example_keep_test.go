package nn_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/nnbook/nnbook/nn"
)

// stopButton is a callback with a StopRequested method, as viz's stop button: here it is
// "pressed" after 5 batches.
type stopButton struct {
	nn.CallbackFuncs
	batches int
}

func (b *stopButton) OnBatchEnd(int, int, nn.Logs) { b.batches++ }
func (b *stopButton) StopRequested() bool          { return b.batches >= 5 }

// A callback with StopRequested ends Fit after the current batch: Fit returns the History so far
// and an error wrapping ErrInterrupted; MustFit returns that History without panicking.
func ExampleStopRequester() {
	x, y := separable(300, 1)
	model := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}})
	h, err := model.Fit(x, y, nn.FitConfig{Epochs: 3, BatchSize: 100, Silent: true, Callbacks: []nn.Callback{&stopButton{}}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, nn.ErrInterrupted), len(h.BatchLoss), "batches,", h.Epochs(), "epoch")
	// Output:
	// nn.Fit: training interrupted by *nn_test.stopButton.StopRequested at epoch 2/3 after batch 2/3; the model keeps the weights trained so far
	// true 5 batches, 1 epoch
}

// FitContext stops after the current batch when its context is cancelled; plain Fit does the
// same on SIGINT (Ctrl-C, or the notebook's interrupt).
func ExampleSequential_FitContext() {
	x, y := separable(300, 1)
	model := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}})
	ctx, cancel := context.WithCancel(context.Background())
	cancelLater := nn.CallbackFuncs{BatchEnd: func(epoch, batch int, _ nn.Logs) {
		if batch == 1 {
			cancel() // as a deadline, or the caller, would
		}
	}}
	h, err := model.FitContext(ctx, x, y, nn.FitConfig{Epochs: 2, BatchSize: 100, Silent: true, Callbacks: []nn.Callback{cancelLater}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, nn.ErrInterrupted), errors.Is(err, context.Canceled), len(h.BatchLoss), "batches")
	// Output:
	// nn.Fit: training interrupted by its context (context canceled) at epoch 1/2 after batch 2/3; the model keeps the weights trained so far
	// true true 2 batches
}

// Keep keeps a trained model (or a History, a tensor, any gob-encodable value) for later cells
// and notebooks; Kept brings it back, in a later cell as a top-level var:
//
//	var model = nn.Kept[*nn.Sequential]("model")
func ExampleKeep() {
	dir, _ := os.MkdirTemp("", "kept")
	defer os.RemoveAll(dir)
	os.Setenv("NNBOOK_KEPT_DIR", dir) // the default is ~/.cache/nnbook/kept
	defer os.Unsetenv("NNBOOK_KEPT_DIR")

	x, y := separable(300, 1)
	model := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax})
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{LearningRate: 0.05}, Loss: nn.SparseCategoricalCrossentropy{}})
	history := model.MustFit(x, y, nn.FitConfig{Epochs: 3, Silent: true})
	nn.Keep("model", model)
	nn.Keep("history", history)

	// A later cell: a new program.
	kept := nn.Kept[*nn.Sequential]("model")
	h := nn.Kept[*nn.History]("history")
	fmt.Printf("%d epochs, loss %.4f; kept model loss %.4f\n", h.Epochs(), model.MustEvaluate(x, y).Loss, kept.MustEvaluate(x, y).Loss)
	// Output:
	// 3 epochs, loss 0.0592; kept model loss 0.0592
}

// KeptErr returns the error Kept fails with: nothing kept, or a value of another type.
func ExampleKeptErr() {
	dir, _ := os.MkdirTemp("", "kept")
	defer os.RemoveAll(dir)
	os.Setenv("NNBOOK_KEPT_DIR", dir)
	defer os.Unsetenv("NNBOOK_KEPT_DIR")

	_, err := nn.KeptErr[*nn.Sequential]("model")
	fmt.Println(err)
	nn.Keep("model", 42)
	_, err = nn.KeptErr[*nn.Sequential]("model")
	fmt.Println(err)
	// Output:
	// nothing kept under "model": run the cell that calls nn.Keep("model", …) first
	// nn.Kept[*nn.Sequential]("model"): the value kept under "model" is a int
}
