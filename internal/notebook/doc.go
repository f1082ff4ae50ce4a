// Package notebook is the one place where nnbook meets GoNB, the Go Jupyter kernel, and the
// process-wide things a notebook cell shares: the SIGINT signal and the cell's standard error.
// Nothing here runs at import time; every function reads the environment when called.
//
// GoNB runs each cell as a fresh program: declarations persist, values do not, and the
// global initialisers of every earlier cell run again. It marks the program it starts with
// the environment variable GONB_PIPE (the test gonbui.IsNotebook makes) and writes the
// cell's code to $GONB_TMP_DIR/main.go. When the user interrupts a cell it sends SIGINT,
// then SIGKILL 5 s later. This package turns those facts into four services:
//
//   - InNotebook reports whether the program is a GoNB cell.
//   - WithInterrupt turns SIGINT into the cancellation of a context, with a cause naming the
//     signal: the notebook default of nn's Fit. It is the only code of the module that
//     touches signals.
//   - Panic is how nnbook fails on a programmer error or a failed Must… call: outside a
//     notebook it panics as usual; inside one it writes the message and the cell's line of
//     code to standard error, one write, and ends the cell (exit status 1), instead of Go's
//     goroutine dump, internal frames and "exit status 2".
//   - Dir returns the per-user directory where nn.Keep stores values across cells.
//
// Its sub-package display shows HTML in the cell for nn's Fit progress. It speaks GoNB's pipe
// protocol itself rather than through gonbui, whose imports would make every cell that uses
// nn link some 90 more packages; when viz (which imports gonbui) is in the program, it hands
// display gonbui's functions, so that the cell has one writer on GoNB's pipe. It is a separate
// package so that this one imports nothing but the standard library and can serve nn/tensor
// and nn/autodiff, which must not depend on a notebook user interface. Both live at the
// module's root so that nn, its sub-packages and viz share them.
package notebook
