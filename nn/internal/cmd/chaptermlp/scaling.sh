#!/usr/bin/env bash
# scaling.sh measures how the cost of an epoch grows with the batch size and the hidden width:
# the chapter 2 network (784 → Dense(WIDTH, relu) → Dense(10, softmax), rmsprop, sparse categorical
# crossentropy) trained for EPOCHS epochs (default 1) on the full MNIST training set by nnbook (this
# directory's chaptermlp) and by PyTorch (shared/bench/peers/torch_mlp.py), one right after the
# other for every cell, so both see the same machine. It prints a Markdown table: width, batch,
# the wall seconds of the last epoch of each and nnbook's over PyTorch's, then the CPU seconds of
# that epoch (user and system, all threads: chaptermlp's cpu_seconds, and cpu_peer.py's for the
# peer) and their ratio. On a machine shared with other work the wall times swing with the others'
# load; the CPU times show the work each one does.
#
#	nn/internal/cmd/chaptermlp/scaling.sh > nn/internal/cmd/chaptermlp/scaling.md
#	WIDTHS="512" BATCHES="32 2048" EPOCHS=2 nn/internal/cmd/chaptermlp/scaling.sh
#	REPEATS=3 nn/internal/cmd/chaptermlp/scaling.sh
#
# REPEATS (default 1) runs each cell's pair that many times, nnbook and PyTorch in turn; the table
# then gives the medians of each one's seconds, the ratio of the medians, and in a last column the
# lowest and highest ratio of a pair: one slow minute moves a single run, not a median.
#
# The whole default table (6 widths x 4 batch sizes, one epoch each) takes about 3 minutes on two
# cores (REPEATS times that). The peers are found in $NNBOOK_PEERS, by default <repository
# root>/../shared/bench/peers; they need Debian's /usr/bin/python3 with python3-torch (PYTHON
# overrides it). THREADS (default 2) goes to both as --threads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
peers=${NNBOOK_PEERS:-$root/../shared/bench/peers}
py=${PYTHON:-/usr/bin/python3}
widths=${WIDTHS:-128 256 512 1024 2048 4096}
batches=${BATCHES:-32 128 512 2048}
epochs=${EPOCHS:-1}
threads=${THREADS:-2}
repeats=${REPEATS:-1}
[ -f "$peers/torch_mlp.py" ] || { echo "scaling.sh: no torch_mlp.py in $peers; set NNBOOK_PEERS" >&2; exit 1; }

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/chaptermlp" ./nn/internal/cmd/chaptermlp)

# last_epoch prints the wall and CPU seconds of the last epoch line of a peer's JSON output.
last_epoch() {
  "$py" -c 'import json,sys; e=[json.loads(l) for l in sys.stdin if "\"epoch\"" in l][-1]; print(e["seconds"], e["cpu_seconds"])'
}

if [ "$repeats" -gt 1 ]; then
  echo "| width | batch | nnbook s | PyTorch s | nnbook/PyTorch | nnbook CPU s | PyTorch CPU s | CPU ratio | pairs' ratios |"
  echo "|------:|------:|---------:|----------:|---------------:|-------------:|--------------:|----------:|--------------:|"
else
  echo "| width | batch | nnbook s | PyTorch s | nnbook/PyTorch | nnbook CPU s | PyTorch CPU s | CPU ratio |"
  echo "|------:|------:|---------:|----------:|---------------:|-------------:|--------------:|----------:|"
fi
for w in $widths; do
  for b in $batches; do
    args=(--epochs "$epochs" --batch-size "$b" --hidden "$w" --threads "$threads")
    runs=()
    for _ in $(seq "$repeats"); do
      read -r g gc < <("$bin/chaptermlp" "${args[@]}" | last_epoch)
      read -r t tc < <("$py" "$here/cpu_peer.py" "$peers/torch_mlp.py" "${args[@]}" | last_epoch)
      runs+=("$g,$gc,$t,$tc")
    done
    "$py" - "$w" "$b" "${runs[@]}" <<'PY'
import statistics, sys
w, b = int(sys.argv[1]), int(sys.argv[2])
runs = [[float(v) for v in r.split(",")] for r in sys.argv[3:]]
g, gc, t, tc = (statistics.median(col) for col in zip(*runs))
row = f"| {w:5d} | {b:5d} | {g:8.3f} | {t:9.3f} | {g / t:14.2f} | {gc:12.3f} | {tc:13.3f} | {gc / tc:9.2f} |"
if len(runs) > 1:
    pairs = [r[0] / r[2] for r in runs]
    row += f" {min(pairs):.2f}-{max(pairs):.2f}".ljust(15) + "|"
print(row)
PY
  done
done
