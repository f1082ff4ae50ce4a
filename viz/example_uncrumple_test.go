package viz_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/viz"
)

// Section 2.3.6: two interleaved half-moons, uncrumpled by a small network whose layers all
// map the plane to the plane.
func ExampleUncrumple() {
	x, labels := viz.MustTwoMoons(400, 0.1, 0)
	fmt.Println("points:", x.Shape(), "labels:", labels.Shape())
	model := nn.NewSequential(
		&nn.Dense{Units: 2, Activation: nn.Tanh},
		&nn.Dense{Units: 2, Activation: nn.Tanh},
		&nn.Dense{Units: 2, Activation: nn.Tanh},
		&nn.Dense{Units: 2, Activation: nn.Softmax},
	)
	model.Seed = 2
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.Adam{LearningRate: 0.01},
		Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	model.MustFit(x, labels, nn.FitConfig{Epochs: 200, BatchSize: 32, Silent: true})
	fmt.Printf("accuracy: %.2f\n", model.MustEvaluate(x, labels).Accuracy())
	viz.MustShow(viz.Uncrumple(model, x, labels))
	// Output:
	// points: (400, 2) labels: (400,)
	// accuracy: 1.00
	// saved nnbook-plots/uncrumple.png
}

// A layer that does not map the plane to the plane cannot be drawn.
func ExampleUncrumple_error() {
	x, labels := viz.MustTwoMoons(10, 0.1, 0)
	model := nn.NewSequential(&nn.Dense{Units: 3}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	model.MustBuild(2)
	_, err := viz.Uncrumple(model, x, labels)
	fmt.Println(err)
	// Output:
	// viz.Uncrumple: layer 0 (dense) outputs shape (10, 3) per batch, want (n, 2): every layer must map the plane to the plane
}
