package kernelcmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// mnistFetchPkg is the command that downloads MNIST into the data cache.
const mnistFetchPkg = "./nn/datasets/mnist/cmd/fetch"

// fetchMNIST is install's "fetch MNIST into the cache" step, and the one
// place that wires install to the data set: it runs
// `go run ./nn/datasets/mnist/cmd/fetch` in the checkout when that command
// exists, and says the step was skipped when it does not (yet). The fetch
// command's output goes to logw (when quiet, only if it fails). A failure is returned as a Problem.
func fetchMNIST(root string, out, logw io.Writer, verbose bool) *Problem {
	dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(mnistFetchPkg, "./")))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if verbose {
			_, _ = fmt.Fprintf(out, "  %-22s skipped: %s does not exist in this checkout yet\n", "MNIST", mnistFetchPkg)
		}
		return nil
	}
	cmd := exec.Command("go", "run", mnistFetchPkg)
	cmd.Dir = root
	var quiet bytes.Buffer
	if verbose {
		cmd.Stdout, cmd.Stderr = logw, logw
	} else { // lab and exec: only say something when it fails
		cmd.Stdout, cmd.Stderr = &quiet, &quiet
	}
	if err := cmd.Run(); err != nil {
		_, _ = logw.Write(quiet.Bytes())
		return &Problem{
			What: fmt.Sprintf("fetching MNIST (go run %s) failed: %v", mnistFetchPkg, err),
			Fix:  "see its output above; re-run go run ./kernel install (or pass -no-data to skip the data sets)",
		}
	}
	if verbose {
		_, _ = fmt.Fprintf(out, "  %-22s in the cache (go run %s)\n", "MNIST", mnistFetchPkg)
	}
	return nil
}
