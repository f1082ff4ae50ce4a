"""cpu_peer.py runs a peer benchmark of shared/bench/peers (torch_mlp.py, numpy_mlp.py) unchanged and
adds to each of its epoch lines "cpu_seconds": the CPU time (user and system, all threads) the
process spent in that epoch, as chaptermlp reports its own.

    /usr/bin/python3 cpu_peer.py PEERS/torch_mlp.py --epochs 1 --batch-size 2048 --hidden 1024

On a machine shared with other work an epoch's wall time depends on the others' load; its CPU time
much less. The peers start each epoch's clock just before they call common.batches (the epoch's
shuffled index arrays) and stop it just before common.emit prints the epoch's line, so the CPU clock
is read at the same two places, by wrapping those two functions of the peers' common module.
"""
import os
import runpy
import sys

script = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(script))
sys.argv = sys.argv[1:]

import common  # noqa: E402  (the peers' module, found beside the script)


def cpu():
    t = os.times()
    return t.user + t.system


start = [cpu()]
batches, emit = common.batches, common.emit


def timed_batches(*args, **kwargs):
    start[0] = cpu()
    return batches(*args, **kwargs)


def timed_emit(**fields):
    if "epoch" in fields:
        fields["cpu_seconds"] = cpu() - start[0]
    emit(**fields)


common.batches, common.emit = timed_batches, timed_emit
runpy.run_path(script, run_name="__main__")
