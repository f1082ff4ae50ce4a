package kernelcmd

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// JupyterStatus is what of Jupyter this machine has. Empty paths are missing.
type JupyterStatus struct {
	Jupyter  string // the jupyter command
	Lab      string // jupyter-lab (JupyterLab)
	Notebook string // jupyter-notebook (the classic notebook)
	Python   string // a Python that can import nbclient and nbformat (for exec)
}

// Finder looks things up; tests replace its fields.
type Finder struct {
	LookPath func(file string) (string, error)
	// PythonCandidates are tried, in order, after $NNBOOK_PYTHON and the
	// interpreter named in the jupyter script's #! line.
	PythonCandidates []string
	// CanRunExec reports whether python can import what exec's runner needs.
	CanRunExec func(python string) bool
}

// DefaultFinder searches PATH. /usr/bin/python3 is tried before the python3
// on PATH because Debian's Jupyter packages live there, and a pyenv or
// virtualenv python3 first on PATH usually cannot import them.
func DefaultFinder() Finder {
	return Finder{
		LookPath:         exec.LookPath,
		PythonCandidates: []string{"/usr/bin/python3", "python3", "python"},
		CanRunExec: func(python string) bool {
			return exec.Command(python, "-c", "import nbclient, nbformat, jupyter_client").Run() == nil
		},
	}
}

// Find looks for Jupyter and a Python for exec.
func (f Finder) Find() JupyterStatus {
	var s JupyterStatus
	s.Jupyter, _ = f.LookPath("jupyter")
	s.Lab = f.subcommand(s.Jupyter, "jupyter-lab")
	s.Notebook = f.subcommand(s.Jupyter, "jupyter-notebook")

	var candidates []string
	if p := os.Getenv(EnvPython); p != "" {
		candidates = append(candidates, p)
	}
	if py := shebangInterpreter(s.Jupyter); py != "" {
		candidates = append(candidates, py)
	}
	candidates = append(candidates, f.PythonCandidates...)
	seen := map[string]bool{}
	for _, c := range candidates {
		p := c
		if !filepath.IsAbs(p) {
			var err error
			if p, err = f.LookPath(c); err != nil {
				continue
			}
		} else if _, err := os.Stat(p); err != nil {
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		if f.CanRunExec(p) {
			s.Python = p
			break
		}
	}
	return s
}

// subcommand finds jupyter's subcommand script the way jupyter does: on PATH
// or next to the jupyter script itself.
func (f Finder) subcommand(jupyter, name string) string {
	if p, err := f.LookPath(name); err == nil {
		return p
	}
	if jupyter != "" {
		p := filepath.Join(filepath.Dir(jupyter), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// shebangInterpreter returns the absolute interpreter of a "#!/path/python"
// script, or "".
func shebangInterpreter(script string) string {
	if script == "" {
		return ""
	}
	f, err := os.Open(script)
	if err != nil {
		return ""
	}
	defer func() { _ = f.Close() }()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return ""
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 || !filepath.IsAbs(fields[0]) || !strings.Contains(filepath.Base(fields[0]), "python") {
		return ""
	}
	return fields[0]
}

// Problem is something missing, and how to get it.
type Problem struct {
	What string
	Fix  string
}

// sudo is "sudo " unless running as root.
func sudo() string {
	if os.Geteuid() == 0 {
		return ""
	}
	return "sudo "
}

// AptPackages are the Debian/Ubuntu packages that give everything: the
// classic notebook, nbconvert, nbclient and ipykernel.
const AptPackages = "jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel"

// JupyterProblems lists what of s is missing, for the verbs that need it:
// "install" reports everything, "lab" needs a Jupyter front end, "exec" a
// Python with nbclient. Notes are things that are fine but worth saying.
func JupyterProblems(s JupyterStatus) (problems []Problem, notes []string) {
	apt := "On Debian/Ubuntu: " + sudo() + "apt-get update && " + sudo() + "apt-get install -y " + AptPackages
	if s.Jupyter == "" {
		problems = append(problems, Problem{
			What: "Jupyter is not installed: there is no `jupyter` on PATH",
			Fix: apt + "\n" +
				"Elsewhere (or for JupyterLab): python3 -m pip install --user jupyterlab nbclient\n" +
				"then re-run: go run ./kernel install",
		})
	} else if s.Lab == "" && s.Notebook == "" {
		problems = append(problems, Problem{
			What: "`jupyter` is installed (" + s.Jupyter + ") but neither JupyterLab nor the classic notebook is, so `lab` cannot start",
			Fix:  apt + "\nor: python3 -m pip install --user jupyterlab",
		})
	}
	if s.Python == "" {
		problems = append(problems, Problem{
			What: "no Python that can import nbclient, nbformat and jupyter_client, which `exec` needs (tried $" + EnvPython + ", the jupyter script's interpreter, /usr/bin/python3, python3)",
			Fix:  "On Debian/Ubuntu: " + sudo() + "apt-get install -y python3-nbclient\nElsewhere: python3 -m pip install --user nbclient\nor point $" + EnvPython + " at a python that has it",
		})
	}
	if s.Jupyter != "" && s.Lab == "" && s.Notebook != "" {
		notes = append(notes, "JupyterLab is not installed; `lab` will start the classic notebook ("+s.Notebook+"). "+
			"For JupyterLab (not packaged by Debian 12): python3 -m pip install --user jupyterlab")
	}
	return problems, notes
}
