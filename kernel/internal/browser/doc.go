// Package browser holds the browser test of the chapter (browser_test.go): the
// notebooks run in JupyterLab, served by `go run ./kernel lab`, in Debian's
// chromium driven by playwright-core (driver.mjs). It has no code of its own.
//
// Run it with go test ./kernel/internal/browser (not with -short). It needs
// /usr/bin/chromium (or $NNBOOK_CHROMIUM), node, and `npm ci` run in the
// checkout; screenshots go to $NNBOOK_SCREENSHOTS or testdata/screenshots.
//
// The driver's scenarios (open, runAll, interruptFit, complete, restart) are
// functions in driver.mjs's `scenarios` table; the test lists the steps to
// run and asserts on the figures each step reports. A new scenario (a
// widget's slider, a button) is one more function there and one more step
// with its assertions here.
package browser
