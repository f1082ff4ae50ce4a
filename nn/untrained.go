package nn

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sync"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/autodiff"
)

// gonbCellModel explains, inside a notebook, how GoNB's cell model leads to a fresh model.
const gonbCellModel = "In GoNB every cell is a new program: this cell rebuilt the model from its `var` " +
	"declaration, so the model compiled and trained in an earlier cell is gone. " +
	"Keep the trained one in the cell that trains it, for example with nn.Keep(\"model\", model), " +
	"and bring it back with var model = nn.Kept[*nn.Sequential](\"model\")."

// notCompiledError is the error msg of a call on a model that was not compiled; inside a
// notebook it adds what likely happened.
func (m *Sequential) notCompiledError(msg string) error {
	if notebook.InNotebook() {
		msg += ". " + gonbCellModel + " (Or compile it in this cell.)"
	}
	return errors.New(msg)
}

// untrainedWarned makes warnUntrained warn once per process.
var untrainedWarned sync.Once

// warnUntrained writes a warning to standard error, once per process, when m is compiled but
// was never trained: no training step ran in this process and its weights are still those
// Build drew (a model read from a file or brought back by Kept was trained elsewhere).
func (m *Sequential) warnUntrained(op string) {
	if !m.Compiled() || m.tape != nil || m.drawn == 0 {
		return
	}
	if weightsFingerprint(m.Weights()) != m.drawn {
		m.drawn = 0 // trained elsewhere: no need to look again
		return
	}
	untrainedWarned.Do(func() {
		msg := fmt.Sprintf("nn.%s: warning: the model was compiled but never trained: its weights are the random ones it was built with", op)
		if notebook.InNotebook() {
			msg += ". " + gonbCellModel
		} else {
			msg += "; call Fit first"
		}
		_, _ = os.Stderr.WriteString(msg + "\n")
	})
}

// weightsFingerprint returns a hash of the bits of every weight (FNV-1a over 32-bit words),
// never 0.
func weightsFingerprint(ws []*autodiff.Variable) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, w := range ws {
		for _, v := range w.Value.Float32s() {
			h = (h ^ uint64(math.Float32bits(v))) * prime
		}
	}
	return h | 1
}
