package kernelcmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
)

// NotebookFlag asks lab for Notebook 7 instead of JupyterLab; it is not
// passed on to Jupyter.
const NotebookFlag = "--notebook"

// LabCommand returns the Jupyter front end to start on dir with the user's
// extra args: JupyterLab, or Notebook 7 when args hold NotebookFlag.
func LabCommand(s JupyterStatus, dir string, args []string) (*exec.Cmd, string, error) {
	var bin, name string
	if i := slices.Index(args, NotebookFlag); i >= 0 {
		args = slices.Delete(slices.Clone(args), i, i+1)
		bin, name = s.Notebook, "Jupyter Notebook"
	} else {
		bin, name = s.Lab, "JupyterLab"
	}
	if bin == "" {
		return nil, "", fmt.Errorf("%s is not installed in the Jupyter environment (%s)", name, orMissing(s.Source))
	}
	if os.Geteuid() == 0 && !slices.Contains(args, "--allow-root") {
		// Jupyter refuses to start as root without it (containers, CI).
		args = append(slices.Clone(args), "--allow-root")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	return cmd, name, nil
}

func runLab(args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			_, _ = fmt.Fprintf(stdout, "usage: go run ./kernel lab [--notebook] [JUPYTER ARGS...]\n\n"+
				"Installs the kernel and Jupyter if needed, then starts JupyterLab 4 (Notebook 7\n"+
				"with --notebook) on the checkout's notebooks/ directory. The other arguments\n"+
				"go to Jupyter, e.g.: go run ./kernel lab --no-browser --port 8890\n")
			return 0
		}
	}
	inst, err := Install(InstallOptions{Out: stderr, Log: stderr})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "lab: installing the kernel failed: %v\n", err)
		return 1
	}
	dir := filepath.Join(inst.Root, "notebooks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		_, _ = fmt.Fprintf(stderr, "lab: %v\n", err)
		return 1
	}
	cmd, name, err := LabCommand(inst.Jupyter, dir, args)
	if err != nil {
		printProblems(stderr, inst.Problems, nil)
		_, _ = fmt.Fprintf(stderr, "lab: %v\n", err)
		return 1
	}
	if len(inst.Problems) > 0 {
		printProblems(stderr, inst.Problems, nil)
	}
	_, _ = fmt.Fprintf(stderr, "Starting %s %s (%s) in %s; pick the kernel %q.\n", name, inst.Jupyter.Version, cmd.Path, dir, DisplayName)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr

	// Ctrl-C goes to Jupyter too (same process group), which asks to confirm
	// or shuts down; stay alive until it exits.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return ee.ExitCode()
		}
		_, _ = fmt.Fprintf(stderr, "lab: %v\n", err)
		return 1
	}
	return 0
}
