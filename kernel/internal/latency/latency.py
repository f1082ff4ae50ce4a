"""Cell latency of the nnbook kernel: where a trivial cell's time goes.

Run it with the Python of nnbook's Jupyter environment, on a kernel that
`go run ./kernel install` registered (JUPYTER_DATA_DIR as for install):

    PY=$(ls -d ~/.cache/nnbook/jupyter/venv-*/bin/python | head -1)
    $PY kernel/internal/latency/latency.py [-n 15] [--checkout .]

It starts the registered kernel (nnbook-gonb) as JupyterLab would for a
notebook in the checkout's notebooks/ (JPY_SESSION_NAME) and measures a
trivial cell (printing a shape) after four different first cells, n times each, as the median round
trip: execute_request sent to the reply's idle status.

  chapter  the first code cell of notebook 2.1, read from the notebook (it
           imports nn, mnist, tensor and viz and loads MNIST into package
           variables), then `fmt.Println(i, trainImages.Shape())`. GoNB's
           goimports drops the imports a cell does not use, so this cell links
           what the declarations use (mnist); the MNIST load runs in it again,
           as in every cell of the notebook.
  prepared the first code cell of notebook 2.1 and the cell that prepares the
           images for the network (the one that declares xTest), run as one
           cell, then `fmt.Println(i, xTest.Shape())`: what 2.1's cells before
           training pay, the test images' float32 conversion included.
  trained  as prepared, with the kept model of the cell that trains it
           (`var model = nn.Kept[*nn.Sequential]("model")`, a placeholder
           when 2.1 has not run yet), then `fmt.Println(i, xTest.Shape(),
           model != nil)`: what 2.1's cells after training pay, nn linked.
  all      a first cell whose declarations use nn, mnist and viz (so every later
           cell links all three, gonum/plot included), then printing the shape of
           a new tensor: the worst case of a notebook that plots.

For each, the breakdown: GoNB keeps its work directory (--work), and the
script times each step GoNB runs for a cell there, in GoNB's order and with
the kernel's environment: goimports -w main.go, go get (GoNB's autoget), go
build (through the kernel's go shim, as GoNB runs it) and running the binary
(outside the notebook, so only its initialisers and main, but with GONB_PIPE set
as in a cell). Each step n times, median shown.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ALL_FIRST_CELL = """import (
	"fmt"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
	"github.com/nnbook/nnbook/viz"
)

var _ = nn.ReLU
var _ = mnist.MustLoadData
var _ = viz.OutputDir

%%
fmt.Println("ready")
"""

# Each run differs (as a student's cells do), so that go build cannot reuse the last binary.
ALL_TRIVIAL_CELL = """%%
fmt.Println({i}, tensor.Zeros(tensor.Float32, 60000, 28, 28).Shape())
"""

CHAPTER_NOTEBOOK = "2.1-a-first-look-at-a-neural-network.ipynb"
CHAPTER_TRIVIAL_CELL = """%%
fmt.Println({i}, trainImages.Shape())
"""


PREPARED_TRIVIAL_CELL = """%%
fmt.Println({i}, xTest.Shape())
"""


def chapter_code_cells(checkout):
    """The code cells of notebook 2.1, as the student runs them."""
    with open(os.path.join(checkout, "notebooks", CHAPTER_NOTEBOOK), encoding="utf-8") as f:
        nb = json.load(f)
    srcs = (c["source"] for c in nb["cells"] if c["cell_type"] == "code")
    return [s if isinstance(s, str) else "".join(s) for s in srcs]


def chapter_first_cell(checkout):
    """The first code cell of notebook 2.1."""
    return chapter_code_cells(checkout)[0]


def chapter_prepared_cell(checkout):
    """2.1's first code cell and the one that declares xTest, as one cell."""
    cells = chapter_code_cells(checkout)
    prep = next((c for c in cells if "var xTest" in c), None)
    if prep is None:
        raise SystemExit(f"no cell of {CHAPTER_NOTEBOOK} declares xTest")
    return cells[0] + "\n\n" + prep


def chapter_trained_cell(checkout):
    """2.1's first cell, its cell that declares xTest, and the kept model, as one cell."""
    decls, sep, body = chapter_prepared_cell(checkout).partition("\n%%\n")
    return decls + '\nvar model = nn.Kept[*nn.Sequential]("model")\n' + sep + body


TRAINED_TRIVIAL_CELL = """%%
fmt.Println({i}, xTest.Shape(), model != nil)
"""


# The settings measured, in order.
SCENARIOS = ("chapter", "prepared", "trained", "all")


def run_cell(kc, code, timeout=600):
    """Runs code, returns (seconds, text output, error or None)."""
    out = []
    err = [None]

    def hook(msg):
        t = msg["header"]["msg_type"]
        c = msg["content"]
        if t == "stream":
            out.append(c["text"])
        elif t == "error":
            err[0] = c["ename"] + ": " + c["evalue"]
        elif t in ("display_data", "execute_result"):
            out.append(c["data"].get("text/plain", ""))

    start = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    seconds = time.perf_counter() - start
    if reply["content"]["status"] != "ok" and err[0] is None:
        err[0] = reply["content"].get("ename", "error")
    return seconds, "".join(out), err[0]


def timed(cmd, cwd, env, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} in {cwd} failed:\n{p.stdout}{p.stderr}")
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=15, help="trivial cells to run (and repetitions per step)")
    ap.add_argument("--checkout", default=".", help="the nnbook checkout the notebook sits in")
    ap.add_argument("--kernel", default="nnbook-gonb")
    ap.add_argument("--scenario", choices=list(SCENARIOS) + ["every"], default="every")
    ap.add_argument("--keep", action="store_true", help="keep GoNB's work directory for a closer look")
    args = ap.parse_args()
    checkout = os.path.abspath(args.checkout)
    scenarios = {
        "chapter": ("notebook 2.1's first cell (imports nn, mnist, tensor, viz; loads MNIST)", chapter_first_cell(checkout), CHAPTER_TRIVIAL_CELL, "(60000, 28, 28)"),
        "prepared": ("2.1's first cell and its cell that prepares the images (xTest)", chapter_prepared_cell(checkout), PREPARED_TRIVIAL_CELL, "(10000, 784)"),
        "trained": ("2.1's first cell, the cell that prepares the images and the kept model", chapter_trained_cell(checkout), TRAINED_TRIVIAL_CELL, "(10000, 784) true"),
        "all": ("a first cell whose declarations use nn, mnist and viz", ALL_FIRST_CELL, ALL_TRIVIAL_CELL, "(60000, 28, 28)"),
    }
    for name in (SCENARIOS if args.scenario == "every" else [args.scenario]):
        what, first, trivial, want = scenarios[name]
        print(f"== {name}: {what}")
        measure(args, checkout, first, trivial, want)
        print()


def measure(args, checkout, first_cell, trivial_cell, want):
    logf = tempfile.NamedTemporaryFile(prefix="nnbook-latency-", suffix=".log", delete=False)
    km = KernelManager(kernel_name=args.kernel)
    env = dict(os.environ, JPY_SESSION_NAME=os.path.join(checkout, "notebooks", "latency.ipynb"))
    km.start_kernel(cwd=os.path.join(checkout, "notebooks"), env=env, extra_arguments=["--work", "--logtostderr", "--vmodule=execcode=2,kernel=1"],
                    stderr=logf, stdout=logf)
    kc = km.client()
    kc.start_channels()
    done = False
    try:
        kc.wait_for_ready(timeout=120)
        secs, out, err = run_cell(kc, first_cell)
        if err:
            raise SystemExit(f"first cell failed: {err}\n{out}")
        print(f"first cell: {secs:.2f}s")
        rts = []
        for i in range(args.n):
            secs, out, err = run_cell(kc, trivial_cell.format(i=i))
            if err or want not in out:
                raise SystemExit(f"trivial cell failed: {err}\n{out}")
            rts.append(secs)
        rts.sort()
        print(f"trivial cell round trip over {args.n}: median {statistics.median(rts):.3f}s "
              f"(min {rts[0]:.3f}s, max {rts[-1]:.3f}s)")
        done = True
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        logf.close()
        log = open(logf.name, encoding="utf-8", errors="replace").read()
        m = re.search(r"(/tmp/gonb_[0-9a-f]+)", log)
        if not done and m and not args.keep:  # a failed cell: GoNB's work directory (--work) goes too
            subprocess.run(["rm", "-rf", m.group(1)])

    if not m or not os.path.isdir(m.group(1)):
        print(f"no GoNB work directory in the kernel's log {logf.name}; no breakdown")
        return
    work = m.group(1)
    # GoNB's own log (klog, microsecond timestamps) of the last trivial cell: each step's start.
    lines = log.splitlines()
    last = max((i for i, l in enumerate(lines) if "ExecuteCell" in l), default=None)
    if last is not None:
        first = max(i for i, l in enumerate(lines[:last + 1]) if "ExecuteCell: " in l and "%%" in l or i == 0)
        print("GoNB's log of the last trivial cell (time, step):")
        t0 = None
        for l in lines[first:]:
            mm = re.match(r"^[IWE]\d{4} (\d\d):(\d\d):(\d\d\.\d+)\s+\d+ (\S+)\] (.*)", l)
            if not mm:
                continue
            t = int(mm.group(1)) * 3600 + int(mm.group(2)) * 60 + float(mm.group(3))
            t0 = t if t0 is None else t0
            print(f"  +{t - t0:6.3f}s  {mm.group(4)} {mm.group(5)[:110]}")
    kenv = kernel_env(km, env)
    goflags = subprocess.run(["go", "env", "GOFLAGS"], cwd=work, env=kenv, capture_output=True, text=True).stdout.strip()
    n = args.n
    steps = [
        ("goimports -w main.go", ["goimports", "-w", "main.go"]),
        ("go get, as GoNB runs it (GoNB's autoget, through nnbook's go shim)", ["go", "get"]),
        ("go get with the real go (for comparison)", ["sh", "-c", 'exec "$NNBOOK_GO" get']),
        # The binary is removed first: go build does not relink an up-to-date target, and
        # GoNB's target is never up to date (every cell changes main.go).
        ("go build, as GoNB runs it (GOFLAGS=%r)" % goflags, ["sh", "-c", "rm -f cellbin && exec go build -o cellbin"]),
        ("  of which link (go tool link; go build -x timed)", None),
        # GONB_PIPE set, as in a cell, so that the program takes its notebook paths (mnist maps
        # its files); a trivial cell displays nothing, so the pipe is never opened.
        ("run the binary (initialisers + main)", ["env", "GONB_PIPE=/dev/null", "./cellbin"]),
        ("go build with the real go, no shim flags or environment (for comparison)",
         ["sh", "-c", 'rm -f cellbin-plain && exec "$NNBOOK_GO" build -o cellbin-plain']),
        ("go list -deps (loading the import graph)", ["go", "list", "-deps", "."]),
    ]
    print(f"breakdown, medians of {n} runs in GoNB's work directory {work}:")
    for name, cmd in steps:
        if cmd is None:
            print(f"  {link_time(work, kenv, n):6.3f}s  {name}")
            continue
        print(f"  {timed(cmd, work, kenv, n):6.3f}s  {name}")
    for b in ("cellbin", "cellbin-plain"):
        p = os.path.join(work, b)
        if os.path.exists(p):
            print(f"  binary {b}: {os.path.getsize(p) / 1e6:.1f} MB")
    lenv, cgo = dict(kenv), os.path.join(work, ".nnbook-cgo")
    if os.path.exists(cgo):  # the go shim's decision for the cell's imports
        lenv["CGO_ENABLED"] = open(cgo).read().split()[-1]
    deps = subprocess.run(["go", "list", "-deps", "."], cwd=work, env=lenv, capture_output=True, text=True).stdout.split()
    print(f"  the cell's program links {len(deps)} packages (CGO_ENABLED={lenv.get('CGO_ENABLED', 'default')})")
    if args.keep:
        print(f"kept {work}")
    else:
        subprocess.run(["rm", "-rf", work])


def link_time(work, kenv, n):
    """Median time of the link step of GoNB's go build, via -toolexec."""
    log = os.path.join(work, ".linktimes")
    wrap = os.path.join(work, ".toolexec")
    with open(wrap, "w") as f:
        f.write('#!/bin/sh\ncase "$*" in *-V=full*) exec "$@";; esac\ncase "$1" in */link) s=$(date +%s.%N); "$@"; rc=$?; '
                'echo "$(date +%s.%N) $s" >>' + log + '; exit $rc;; esac\nexec "$@"\n')
    os.chmod(wrap, 0o755)
    if os.path.exists(log):
        os.remove(log)
    timed(["sh", "-c", "rm -f cellbin-tx && exec go build -toolexec=" + wrap + " -o cellbin-tx"], work, kenv, n)
    times = [float(e) - float(s) for e, s in (l.split() for l in open(log))]
    return statistics.median(times)


def kernel_env(km, env):
    """The kernel's environment as its kernelspec sets it (PATH with the go shim, NNBOOK_*)."""
    spec = km.kernel_spec
    kenv = dict(env)
    for k, v in (spec.env or {}).items():
        kenv[k] = v.replace("${PATH}", env.get("PATH", ""))
    kenv["NNBOOK_ROOT"] = env.get("NNBOOK_ROOT", os.path.abspath(os.path.join(env["JPY_SESSION_NAME"], "..", "..")))
    return kenv


if __name__ == "__main__":
    sys.exit(main())
