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
#
# The whole default table (6 widths x 4 batch sizes, one epoch each) takes about 10 minutes on two
# cores. The peers are found in $NNBOOK_PEERS, by default <repository root>/../shared/bench/peers;
# they need Debian's /usr/bin/python3 with python3-torch (PYTHON overrides it). THREADS (default 2)
# goes to both as --threads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
peers=${NNBOOK_PEERS:-$root/../shared/bench/peers}
py=${PYTHON:-/usr/bin/python3}
widths=${WIDTHS:-128 256 512 1024 2048 4096}
batches=${BATCHES:-32 128 512 2048}
epochs=${EPOCHS:-1}
threads=${THREADS:-2}
[ -f "$peers/torch_mlp.py" ] || { echo "scaling.sh: no torch_mlp.py in $peers; set NNBOOK_PEERS" >&2; exit 1; }

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/chaptermlp" ./nn/internal/cmd/chaptermlp)

# last_epoch prints the wall and CPU seconds of the last epoch line of a peer's JSON output.
last_epoch() {
  "$py" -c 'import json,sys; e=[json.loads(l) for l in sys.stdin if "\"epoch\"" in l][-1]; print(e["seconds"], e["cpu_seconds"])'
}

echo "| width | batch | nnbook s | PyTorch s | nnbook/PyTorch | nnbook CPU s | PyTorch CPU s | CPU ratio |"
echo "|------:|------:|---------:|----------:|---------------:|-------------:|--------------:|----------:|"
for w in $widths; do
  for b in $batches; do
    args=(--epochs "$epochs" --batch-size "$b" --hidden "$w" --threads "$threads")
    read -r g gc < <("$bin/chaptermlp" "${args[@]}" | last_epoch)
    read -r t tc < <("$py" "$here/cpu_peer.py" "$peers/torch_mlp.py" "${args[@]}" | last_epoch)
    "$py" -c "print(f'| {$w:5d} | {$b:5d} | {$g:8.3f} | {$t:9.3f} | {$g / $t:14.2f} | {$gc:12.3f} | {$tc:13.3f} | {$gc / $tc:9.2f} |')"
  done
done
