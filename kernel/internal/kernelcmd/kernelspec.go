package kernelcmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KernelSpec is a Jupyter kernel.json
// (https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs).
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// SpecParams is what a kernelspec for this checkout depends on.
type SpecParams struct {
	Root        string // checkout root, absolute
	BinDir      string // holds gonb, goimports, gopls and the go shim
	GoBin       string // the real go command
	GonbVersion string
}

// NewKernelSpec returns the nnbook-gonb kernelspec:
//
//   - argv runs the launcher (see launcherScript), which starts the gonb
//     built from this checkout's go.mod with --go_work=<the checkout holding
//     the notebook>, so each kernel's scratch module is in a go.work
//     workspace with that checkout (GoNB then also adds a replace directive,
//     like %goworkfix, and tracks the checkout's files for gopls). p.Root
//     is the default for notebooks outside any checkout.
//   - env puts the bin directory first on PATH (goimports, gopls and the go
//     shim that makes the scratch module require the checkout, see goShim)
//     and GOROOT/bin second, so the kernel works even when Jupyter is
//     started without Go on its PATH. "${PATH}" is expanded by
//     jupyter_client (7.0 and later) from Jupyter's own environment.
func NewKernelSpec(p SpecParams) KernelSpec {
	sep := string(os.PathListSeparator)
	return KernelSpec{
		Argv: []string{
			filepath.Join(p.BinDir, LauncherName),
			"--kernel", "{connection_file}",
		},
		DisplayName:   DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Env: map[string]string{
			"PATH":         strings.Join([]string{p.BinDir, filepath.Dir(p.GoBin), "${PATH}"}, sep),
			EnvDefaultRoot: p.Root,
			EnvGo:          p.GoBin,
		},
		Metadata: map[string]any{
			"nnbook": map[string]string{
				"default_checkout": p.Root,
				"gonb_version":     p.GonbVersion,
				"installed_by":     "go run ./kernel install",
			},
		},
	}
}

// JSON is the kernel.json content: indented, keys in a fixed order, so that
// an unchanged spec produces identical bytes.
func (k KernelSpec) JSON() []byte {
	data, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		panic(err) // only strings, maps and slices: cannot fail
	}
	return append(data, '\n')
}

// KernelDir is the kernelspec directory in a Jupyter data directory.
func KernelDir(dataDir string) string {
	return filepath.Join(dataDir, "kernels", KernelName)
}

// ReadKernelSpec reads dir/kernel.json.
func ReadKernelSpec(dir string) (KernelSpec, error) {
	var k KernelSpec
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		return k, err
	}
	if err := json.Unmarshal(data, &k); err != nil {
		return k, fmt.Errorf("%s: %w", filepath.Join(dir, "kernel.json"), err)
	}
	return k, nil
}

// WriteKernelSpec writes spec (and logo, when not nil, as logo-svg.svg) into
// the kernelspec directory of dataDir. status is "created", "updated" or "up
// to date"; for "updated", old is the previous spec's checkout (may be "").
func WriteKernelSpec(dataDir string, spec KernelSpec, logo []byte) (dir, status, old string, err error) {
	dir = KernelDir(dataDir)
	if prev, err := ReadKernelSpec(dir); err == nil {
		old = checkoutOf(prev)
	}
	status, err = writeFileIfChanged(filepath.Join(dir, "kernel.json"), spec.JSON(), 0o644)
	if err != nil {
		return dir, "", old, fmt.Errorf("writing the kernelspec: %w", err)
	}
	if logo != nil {
		logoStatus, err := writeFileIfChanged(filepath.Join(dir, "logo-svg.svg"), logo, 0o644)
		if err != nil {
			return dir, "", old, fmt.Errorf("writing the kernel's logo: %w", err)
		}
		if status == "up to date" && logoStatus != "up to date" {
			status = "updated"
		}
	}
	return dir, status, old, nil
}

// checkoutOf returns the default checkout of a kernelspec.
func checkoutOf(k KernelSpec) string {
	if k.Env != nil && k.Env[EnvDefaultRoot] != "" {
		return k.Env[EnvDefaultRoot]
	}
	return ""
}
