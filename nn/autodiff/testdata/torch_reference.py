#!/usr/bin/python3
"""PyTorch reference values for nn/autodiff's tests (torch_test.go).

Builds a fixed small network in float64 with PyTorch autograd and writes its inputs, forward
values, losses and gradients to torch_reference.json beside this script. The Go test
TestTorchReference rebuilds the same network on an autodiff tape, in float64 and float32, and
checks that every value and gradient agrees to 1e-5.

Cases (x (4, 5), W1 (5, 3), b1 (3,), W2 (3, 2), b2 (2,), labels [0, 1, 1, 0]):
  relu_sparse       logits = relu(x·W1 + b1)·W2 + b2
                    loss = sparse categorical crossentropy of softmax(logits)  (fused path in Go)
  tanh_categorical  logits = tanh(x·W1 + b1)·W2 + b2
                    loss = categorical crossentropy of softmax(logits) with one-hot labels
  tanh_sigmoid_mse  out = sigmoid(tanh(x·W1 + b1)·W2 + b2)
                    loss = mean((out - onehot)²)

Regenerate (Debian's PyTorch; the python3 on PATH may not see it):
  apt-get update && apt-get install -y python3-torch python3-numpy
  /usr/bin/python3 nn/autodiff/testdata/torch_reference.py
then commit the new torch_reference.json.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def fixed(rows, cols, seed):
    """Deterministic values in (-1, 1) from a formula, so the JSON can be checked by eye."""
    return [[round(math.sin(seed + 1.7 * i + 0.9 * j + 0.3 * i * j), 4) for j in range(cols)]
            for i in range(rows)]


inputs = {
    "x": fixed(4, 5, 0.5),
    "W1": fixed(5, 3, 1.0),
    "b1": [0.1, -0.2, 0.05],
    "W2": fixed(3, 2, 2.0),
    "b2": [0.03, -0.07],
    "labels": [0, 1, 1, 0],
}


def tolist(t):
    return t.detach().tolist()


def run(name):
    x = torch.tensor(inputs["x"])
    params = {k: torch.tensor(inputs[k], requires_grad=True) for k in ("W1", "b1", "W2", "b2")}
    labels = torch.tensor(inputs["labels"])
    onehot = F.one_hot(labels, 2).to(torch.float64)
    pre = x @ params["W1"] + params["b1"]
    if name == "relu_sparse":
        hidden = torch.relu(pre)
    else:
        hidden = torch.tanh(pre)
    logits = hidden @ params["W2"] + params["b2"]
    out = {"hidden": tolist(hidden), "logits": tolist(logits)}
    if name == "relu_sparse":
        out["probs"] = tolist(torch.softmax(logits, -1))
        loss = F.cross_entropy(logits, labels)  # mean of -log softmax(logits)[label]
    elif name == "tanh_categorical":
        probs = torch.softmax(logits, -1)
        out["probs"] = tolist(probs)
        loss = -(onehot * torch.log(probs)).sum(-1).mean()
    else:
        probs = torch.sigmoid(logits)
        out["probs"] = tolist(probs)
        loss = ((probs - onehot) ** 2).mean()
    loss.backward()
    out["loss"] = loss.item()
    out["grads"] = {k: tolist(p.grad) for k, p in params.items()}
    return out


ref = {
    "generator": "nn/autodiff/testdata/torch_reference.py, torch " + torch.__version__ + ", float64",
    "inputs": inputs,
    "cases": {name: run(name) for name in ("relu_sparse", "tanh_categorical", "tanh_sigmoid_mse")},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")
print("wrote", path)
