package kernelcmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// LauncherName is the kernel launcher's file name in the bin directory; the
// kernelspec's argv runs it.
const LauncherName = "nnbook-gonb-launch"

// EnvDefaultRoot is set in the kernelspec's environment to the checkout that
// ran install: the launcher uses it for notebooks outside any checkout.
const EnvDefaultRoot = "NNBOOK_DEFAULT_ROOT"

// launcherScript is the kernel launcher. One registered kernel serves every
// checkout: Jupyter starts a kernel in the notebook's directory and passes
// the notebook's path in $JPY_SESSION_NAME; the launcher walks up from there
// to the nearest go.mod declaring module github.com/nnbook/nnbook and starts
// GoNB with --go_work on that checkout, with $NNBOOK_ROOT set to it (the go
// shim makes the kernel's scratch module require and replace nnbook with
// it). A notebook outside any checkout gets $NNBOOK_DEFAULT_ROOT, the
// checkout that ran install.
const launcherScript = `#!/bin/sh
# Written by "go run ./kernel install" (nnbook); see kernel/internal/kernelcmd/launcher.go.
# Starts GoNB on the nnbook checkout that holds the notebook.
case "${JPY_SESSION_NAME:-}" in
/*) dir=$(dirname "$JPY_SESSION_NAME") ;;
*) dir=$(pwd) ;;
esac
root=
while [ -n "$dir" ]; do
	if [ -f "$dir/go.mod" ] && grep -Eq '^module[[:space:]]+"?` + ModulePath + `"?[[:space:]]*(//.*)?$' "$dir/go.mod"; then
		root=$dir
		break
	fi
	[ "$dir" = / ] && break
	dir=$(dirname "$dir")
done
NNBOOK_ROOT="${root:-${` + EnvDefaultRoot + `:?` + EnvDefaultRoot + ` is not set: run go run ./kernel install}}"
export NNBOOK_ROOT
exec "$(dirname "$0")/gonb" "$@" --go_work="$NNBOOK_ROOT"
`

// WarmPackages are the packages chapter cells import (beyond the standard
// library, which they also warm): install compiles them, as GoNB's `go build`
// of a cell would, so the first cell after set-up finds them in Go's build
// cache.
var WarmPackages = []string{
	"./nn/...", "./viz/...",
	GonbModule + "/gonbui", GonbModule + "/gonbui/widgets", GonbModule + "/gonbui/dom", GonbModule + "/cache",
}

// WarmBuildCache runs `go build` of WarmPackages in the checkout with
// CGO_ENABLED=0 unless the environment sets it, as the go shim builds cells
// (its -ldflags only change the link, so the cache entries match). Main
// packages among them are left out: go build of several packages links each
// command it is given and throws the binary away, about a second each for the
// chapter's two commands, and no cell imports a command.
func WarmBuildCache(root string, logw io.Writer) *Problem {
	env := os.Environ()
	if _, set := os.LookupEnv("CGO_ENABLED"); !set {
		env = append(env, "CGO_ENABLED=0") // as the go shim builds cells
	}
	pkgs := WarmPackages
	list := exec.Command("go", append([]string{"list", "-e", "-f", `{{if ne .Name "main"}}{{.ImportPath}}{{end}}`}, WarmPackages...)...)
	list.Dir, list.Env = root, env
	if b, err := list.Output(); err == nil {
		pkgs = strings.Fields(string(b))
	} // else go build below says what is wrong
	args := append([]string{"build"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = root, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		_, _ = logw.Write(out.Bytes())
		return &Problem{
			What: fmt.Sprintf("compiling the chapter's packages (go build, of %s) failed: %v", strings.Join(WarmPackages, " "), err),
			Fix:  "see its output above; the kernel still works, its first cell is only slower",
		}
	}
	return nil
}
