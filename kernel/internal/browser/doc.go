// Package browser holds the browser test of the chapter (browser_test.go): the
// notebooks run in JupyterLab, served by `go run ./kernel lab`, in Debian's
// chromium driven by playwright-core (driver.mjs). It has no code of its own.
//
// Run it with go test ./kernel/internal/browser (not with -short). It needs
// /usr/bin/chromium (or $NNBOOK_CHROMIUM), node, and `npm ci` run in the
// checkout; screenshots go to $NNBOOK_SCREENSHOTS or testdata/screenshots.
//
// The driver's scenarios (open, runAll, interruptFit, complete, restart, and
// for viz's widgets descent, stepThrough, stopButton) are functions in
// driver.mjs's `scenarios` table; the test lists the steps to run and asserts
// on the figures each step reports. A new scenario is one more function there
// and one more step with its assertions here. $NNBOOK_BROWSER_NOTEBOOKS (a
// regular expression) limits the chapter notebooks run, while working on it.
//
// Run All presses each widget's "done" button as a student would (a widget
// cell runs until then). Which figures a notebook must show is read from the
// notebook: every code cell that calls a display function (viz's Show,
// MustShow, ExploreDescent, StepThrough, NewLiveLoss) must show at least one
// image or inline SVG plot, so notebooks can gain plots without the test
// changing. testdata/browser.ipynb holds the interrupt, completion and restart
// cells; testdata/widgets.ipynb the widgets (a copy of viz's demo notebook).
package browser
