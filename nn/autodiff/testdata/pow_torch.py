#!/usr/bin/python3
"""PyTorch reference values for autodiff's Pow (TestPowTorch in pow_test.go).

For x (2, 3) of positive values and each exponent p, writes y = x**p and the gradient of
sum(w * x**p) with respect to x (w fixed), in float64, to pow_torch.json beside this script.

Regenerate with Debian's PyTorch:  /usr/bin/python3 nn/autodiff/testdata/pow_torch.py
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
x0 = [[0.5, 1.25, 2.0], [0.3, 1.7, 3.1]]
w = [[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]]
cases = []
for p in [2.0, 3.0, 0.5, -1.5, 1.0, 0.0, 2.7]:
    x = torch.tensor(x0, requires_grad=True)
    y = torch.pow(x, p)
    (torch.tensor(w) * y).sum().backward()
    cases.append({"p": p, "y": y.detach().tolist(), "grad": x.grad.tolist()})
out = {"x": x0, "w": w, "cases": cases, "torch": torch.__version__}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pow_torch.json"), "w") as f:
    json.dump(out, f, indent=1)
