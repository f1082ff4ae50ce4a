#!/usr/bin/python3
"""Writes format.golden: NumPy's str and repr of arrays, the reference for format_test.go.

Run from nn/tensor with Debian's NumPy:  /usr/bin/python3 testdata/gen_format.py > testdata/format.golden
(NRANDOM=3000 adds 3000 random arrays instead of 40: a wider check, too large to commit.)
Each case records the dtype, the shape and the exact elements (floats by Python's repr, which
reads back exactly; a run of n equal elements as "v*n"), then
str(a) and repr(a) as printed by the NumPy that ran the script (its version is in the header).
"""
import math
import os

import numpy as np

rng = np.random.default_rng(2024)
cases = []


def case(name, a):
    cases.append((name, np.asarray(a)))


# Rank 0 (the book's x = np.array(12)) and scalars' str rules.
case("scalar int", np.array(12))
case("scalar uint8", np.array(12, dtype=np.uint8))
case("scalar float", np.array(12.0))
case("scalar half", np.array(0.5))
case("scalar float32 tenth", np.array(0.1, dtype=np.float32))
case("scalar small", np.array(1e-5))
case("scalar 1e16", np.array(1e16))
case("scalar 1e15", np.array(1e15))
case("scalar float32 1e16", np.array(1e16, dtype=np.float32))
case("scalar negzero", np.array(-0.0))
case("scalar nan", np.array(math.nan))
case("scalar neginf", np.array(-math.inf))
case("scalar third", np.array(1 / 3))
# Rank 1, 2, 3 examples of the book's section 2.2.
case("book rank1", np.array([12, 3, 6, 14, 7]))
case("book rank1 float", np.array([12., 3, 6, 14, 7]))
case("book rank2", np.array([[5, 78, 2, 34, 0], [6, 79, 3, 35, 1], [7, 80, 4, 36, 2]]))
case("book rank3", np.array([[[5, 78, 2, 34, 0], [6, 79, 3, 35, 1], [7, 80, 4, 36, 2]],
                             [[5, 78, 2, 34, 0], [6, 79, 3, 35, 1], [7, 80, 4, 36, 2]],
                             [[5, 78, 2, 34, 0], [6, 79, 3, 35, 1], [7, 80, 4, 36, 2]]]))
x = np.array([[0., 1.], [2., 3.], [4., 5.]])
case("book reshape x", x)
case("book reshape 6x1", x.reshape((6, 1)))
case("book reshape 2x3", x.reshape((2, 3)))
case("rank4", np.arange(24).reshape(2, 2, 2, 3))
case("rank4 float", np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4) / 4)
labels = np.zeros(60000, dtype=np.uint8)
labels[:3] = [5, 0, 4]
labels[-3:] = [5, 6, 8]
case("mnist labels", labels)
case("summary 2d", np.arange(100 * 20, dtype=np.int64).reshape(100, 20))
case("summary 3d uint8", np.zeros((60, 28, 28), dtype=np.uint8))
case("summary float", np.arange(1001) / 8)
# Float formatting.
case("align", np.array([0.5, 12.25]))
case("exp small", np.array([1e-5, 1.0]))
case("exp ratio", np.array([0.5, 1000.0]))
case("no exp ratio", np.array([1.0, 1000.0]))
case("exp big", np.array([1e8, 1.0]))
case("exp 3 digit", np.array([1e100, 1e-5]))
case("exp digits", np.array([1.5e-7, 2.25e-5, 3.0]))
case("nonfinite", np.array([math.nan, 1.5, -math.inf]))
case("nonfinite only", np.array([math.nan, math.inf]))
case("nonfinite exp", np.array([math.nan, 1e-7, math.inf]))
case("neg zero", np.array([-0.0, 0.0, 1.0]))
case("tenths f64", np.array([0.1, 0.2, 0.3]))
case("tenths f32", np.array([0.1, 0.2, 0.3], dtype=np.float32))
case("sum tenths", np.array([0.1 + 0.2, 1 / 3, 2 / 3]))
case("thirds f32", np.array([1 / 3, 2 / 3, 10 / 3], dtype=np.float32))
case("tie", np.array([0.001953125, 1.5]))
case("tie2", np.array([0.000244140625 * 5, 2.0]))
case("big positional", np.array([12345678.9, 1.0]))
case("long digits", np.array([1.23456789012, 2.0]))
case("negative", np.array([-1.5, 2.0, -300.25]))
case("ints negative", np.array([-1, 200, 3]))
case("uint8 extremes", np.array([0, 255], dtype=np.uint8))
case("int64 extremes", np.array([-9223372036854775808, 9223372036854775807]))
case("wrap ints", np.arange(30))
case("wrap floats", np.arange(30, dtype=np.float32) / 7)
case("wrap 2d", np.arange(40).reshape(2, 20) * 1000)
case("repr dtype newline", np.arange(20, dtype=np.float32) + 0.5)
case("repr dtype newline uint8", np.arange(25, dtype=np.uint8) * 10)
case("empty", np.zeros((0,)))
case("empty 2d", np.zeros((2, 0)))
case("empty uint8", np.zeros((0, 3), dtype=np.uint8))
# Random values at several scales, float32 and float64.
for scale in [1.0, 1e-3, 1e3, 1e5, 1e9]:
    case(f"normal f64 x{scale:g}", rng.normal(size=(4, 5)) * scale)
    case(f"normal f32 x{scale:g}", (rng.normal(size=(3, 4)) * scale).astype(np.float32))
case("uniform 3d", rng.uniform(size=(3, 4, 5)))
case("uniform f32 3d", rng.uniform(size=(2, 3, 4)).astype(np.float32))
case("relu", np.maximum(rng.normal(size=(4, 6)), 0.0))
# Random shapes (rank 1 to 4), dtypes and scales, some with a NaN or Inf.
for i in range(int(os.environ.get("NRANDOM", "40"))):
    rank = int(rng.integers(1, 5))
    shape = tuple(int(d) for d in rng.integers(1, 6 if rank > 2 else 13, size=rank))
    kind = ["uint8", "int64", "float32", "float64"][i % 4]
    if kind == "uint8":
        a = rng.integers(0, 256, size=shape).astype(np.uint8)
    elif kind == "int64":
        a = rng.integers(-10 ** int(rng.integers(1, 12)), 10 ** 6, size=shape)
    else:
        a = (rng.normal(size=shape) * 10.0 ** rng.uniform(-6, 10)).astype(kind)
        if i % 3 == 0:
            a.flat[int(rng.integers(a.size))] = [math.nan, math.inf, -math.inf][i % 9 // 3]
        if i % 5 == 0:
            a = np.round(a, int(rng.integers(0, 4)))
    case(f"random {i} {kind} {shape}", a)
case("images/255", (np.arange(12, dtype=np.uint8) * 20).reshape(3, 4) / 255)
case("images/255 f32", (np.arange(12, dtype=np.uint8) * 20).reshape(3, 4).astype(np.float32) / 255)


def value(v, dtype):
    if dtype.kind == "f":
        return repr(float(v))  # shortest digits that read back exactly (float32 widened exactly)
    return str(int(v))


def run_length(a):
    """The elements in row-major order, a run of n equal elements written as "v*n"."""
    out, flat = [], [value(v, a.dtype) for v in a.ravel()]
    i = 0
    while i < len(flat):
        j = i
        while j < len(flat) and flat[j] == flat[i]:
            j += 1
        out.append(flat[i] if j - i == 1 else f"{flat[i]}*{j - i}")
        i = j
    return " ".join(out)


print(f"# NumPy {np.__version__} str and repr; written by testdata/gen_format.py. Do not edit.")
for name, a in cases:
    print("case", name)
    print("dtype", a.dtype)
    print("shape", " ".join(str(d) for d in a.shape))
    print("data", run_length(a))
    for kind, text in (("str", str(a)), ("repr", repr(a))):
        lines = text.split("\n")
        print(kind, len(lines))
        for line in lines:
            print(line)
    print("end")
