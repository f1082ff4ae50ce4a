#!/usr/bin/env bash
# compare.sh trains the chapter 2 MNIST network with nnbook (this directory's chaptermlp) and with
# the peer benchmarks shared/bench/peers/torch_mlp.py and numpy_mlp.py, one after another in the
# same run, RUNS times (default 1), and prints each run's JSON lines and then a table: seconds per
# epoch, train total, test accuracy, peak RSS, and nnbook's train total over torch's and numpy's.
#
#	nn/internal/cmd/chaptermlp/compare.sh [--epochs 5 --batch-size 128 --seed 0 --threads 2 --data-dir DIR]
#	RUNS=2 nn/internal/cmd/chaptermlp/compare.sh
#
# The peers are found in $NNBOOK_PEERS, by default <repository root>/../shared/bench/peers. They need
# Debian's /usr/bin/python3 with python3-torch and python3-numpy (PYTHON overrides it). Extra
# arguments go to all three.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
peers=${NNBOOK_PEERS:-$root/../shared/bench/peers}
py=${PYTHON:-/usr/bin/python3}
[ -f "$peers/torch_mlp.py" ] || { echo "compare.sh: no torch_mlp.py in $peers; set NNBOOK_PEERS" >&2; exit 1; }

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/chaptermlp" ./nn/internal/cmd/chaptermlp)

out=$bin/results.jsonl
for run in $(seq "${RUNS:-1}"); do
  for peer in nnbook torch numpy; do
    case $peer in
      nnbook) "$bin/chaptermlp" "$@" ;;
      torch) "$py" "$peers/torch_mlp.py" "$@" ;;
      numpy) "$py" "$peers/numpy_mlp.py" "$@" ;;
    esac | sed "s/^{/{\"run\": $run, /" | tee -a "$out"
  done
done

"$py" - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
runs = sorted({r["run"] for r in rows})
peers = ["nnbook", "torch", "numpy"]
print()
print(f"{'run':>3} {'peer':<7} {'seconds per epoch':<40} {'train s':>8} {'test acc':>8} {'RSS MiB':>8} {'nnbook/peer':>11}")
for run in runs:
    final = {r["peer"]: r for r in rows if r["run"] == run and "train_seconds" in r}
    for peer in peers:
        if peer not in final:
            continue
        epochs = " / ".join(f"{r['seconds']:.2f}" for r in rows if r["run"] == run and r["peer"] == peer and "epoch" in r)
        f = final[peer]
        ratio = "" if peer == "nnbook" or "nnbook" not in final else f"{final['nnbook']['train_seconds'] / f['train_seconds']:.2f}"
        print(f"{run:>3} {peer:<7} {epochs:<40} {f['train_seconds']:>8.2f} {f['test_acc']:>8.4f} {f['peak_rss_mib']:>8.0f} {ratio:>11}")
PY
