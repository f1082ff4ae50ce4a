#!/usr/bin/python3
"""PyTorch reference values for nn's AdamW (TestAdamWTorchReference in nn/adamw_test.go).

Runs torch.optim.AdamW in float32 on one (3, 4) weight for 5 steps with a fixed sequence of
gradients, and writes the initial weight, the gradients and the weight after every step to
adamw_torch.json beside this script. Settings: lr 0.01, weight_decay 0.05, betas (0.9, 0.999),
eps 1e-7 (Keras's default; PyTorch's own is 1e-8).

PyTorch decays w by (1 - lr*weight_decay) and then takes Adam's step, as Keras 3's AdamW; it adds
eps to sqrt(v)/sqrt(1 - beta2^t) where Keras adds it to sqrt(v), a difference of at most
eps*(1/sqrt(1-beta2^t) - 1) in the denominator, far below float32 resolution here.

Regenerate with Debian's PyTorch:  /usr/bin/python3 nn/testdata/adamw_torch.py
"""
import json
import os

import torch

g = torch.Generator().manual_seed(12)
w0 = torch.randn(3, 4, generator=g, dtype=torch.float32)
grads = [torch.randn(3, 4, generator=g, dtype=torch.float32) for _ in range(5)]

w = torch.nn.Parameter(w0.clone())
opt = torch.optim.AdamW([w], lr=0.01, weight_decay=0.05, betas=(0.9, 0.999), eps=1e-7)
steps = []
for gr in grads:
    opt.zero_grad()
    w.grad = gr.clone()
    opt.step()
    steps.append(w.detach().clone().tolist())

out = {"w0": w0.tolist(), "grads": [gr.tolist() for gr in grads], "steps": steps,
       "lr": 0.01, "weight_decay": 0.05, "epsilon": 1e-7, "torch": torch.__version__}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "adamw_torch.json"), "w") as f:
    json.dump(out, f, indent=1)
