"""Checks a contender's output against a float64 reference, so that a fast but wrong run never
gets a row in the table. Text outputs: same line count, header kept, and ~2,000 lines spread over
the file compared value by value. npy: same shape, float32, and 200,000 values spread over it.

A value passes when |got - ref| <= atol + rtol*|ref|. rtol 2e-6 demands float32 precision (gawk and
Miller compute in double, numpy prints 9 digits: all pass; Miller's default 6 digits would not).
gelu adds atol 1e-6: the float32 formula 0.5*x*(1+erf(x/sqrt2)) that scipy and PyTorch evaluate
cancels in the negative tail, and PyTorch returns 0 below about -5.5.
"""
import functools
import math
import re

import numpy as np

RTOL = 2e-6
ALPHA = float(np.float32(0.01))
TEXT_SAMPLES = 2000
NPY_SAMPLES = 200_000


def reference(op, x):
    """op applied in float64 to float32 inputs."""
    x = np.asarray(x, np.float32).astype(np.float64)
    if op == "relu":
        return np.maximum(x, 0)
    if op == "leaky_relu":
        return np.where(x < 0, x * ALPHA, x)
    # erfc(-x/sqrt2) rather than 1 + erf(x/sqrt2): no cancellation for negative x
    return 0.5 * x * np.array([math.erfc(-v / math.sqrt(2)) for v in x])


def mismatch(op, inputs, got):
    """None when got matches op(inputs), else a short description of the first difference."""
    ref = reference(op, inputs)
    got = np.asarray(got, np.float64)
    if got.shape != ref.shape:
        return f"{got.size} values where {ref.size} expected"
    atol = 1e-6 if op == "gelu" else 0.0
    bad = np.flatnonzero(~(np.abs(got - ref) <= atol + RTOL * np.abs(ref)))
    if bad.size:
        i = bad[0]
        return f"{bad.size} of {ref.size} sampled values differ, e.g. op({inputs[i]!r}) = {got[i]!r}, expected {ref[i]!r}"
    return None


@functools.lru_cache(maxsize=2)
def read_lines(path):
    with open(path, "rb") as f:
        return f.read().splitlines()


def numbers(line):
    """The numbers of a CSV, txt, NDJSON or JSON-document line."""
    return [float(v) for v in re.split(rb"[,\s]+", line.strip(b"[], \t\r"))]


def check_text(op, in_path, out_path):
    src, out = read_lines(in_path), read_lines(out_path)
    if len(out) != len(src):
        return f"{len(out)} lines where {len(src)} expected"
    first = 0
    try:
        numbers(src[0])
    except ValueError:  # header row: must be kept as it is
        if out[0] != src[0]:
            return f"header {out[0][:40]!r} where {src[0][:40]!r} expected"
        first = 1
    picks = sorted(set(np.linspace(first, len(src) - 1, TEXT_SAMPLES).astype(int)))
    try:
        inputs = [v for i in picks for v in numbers(src[i])]
        got = [v for i in picks for v in numbers(out[i])]
    except ValueError as e:
        return f"unreadable output: {e}"
    if len(inputs) == len(got) > NPY_SAMPLES:  # a long line: a sample of its values
        step = len(inputs) // NPY_SAMPLES
        inputs, got = inputs[::step], got[::step]
    return mismatch(op, inputs, got)


def check_npy(op, in_path, out_path):
    try:
        x, y = np.load(in_path, mmap_mode="r"), np.load(out_path, mmap_mode="r")
    except (OSError, ValueError) as e:
        return f"unreadable npy: {e}"
    if y.shape != x.shape or y.dtype != np.float32:
        return f"{y.dtype}{y.shape} where float32{x.shape} expected"
    picks = np.linspace(0, x.size - 1, min(NPY_SAMPLES, x.size)).astype(np.int64)
    return mismatch(op, x.reshape(-1)[picks], y.reshape(-1)[picks])


def check_json(op, in_path, out_path):
    """A JSON document: same nesting, values compared (its layout is the writer's)."""
    import json

    try:
        with open(in_path) as i, open(out_path) as o:
            x, y = np.asarray(json.load(i), np.float64), np.asarray(json.load(o), np.float64)
    except ValueError as e:
        return f"unreadable JSON: {e}"
    if x.shape != y.shape:
        return f"shape {y.shape} where {x.shape} expected"
    picks = np.linspace(0, x.size - 1, min(NPY_SAMPLES, x.size)).astype(np.int64)
    return mismatch(op, x.reshape(-1)[picks], y.reshape(-1)[picks])


def check(op, in_path, out_path):
    """None when the output at out_path is op applied to in_path, else what is wrong."""
    try:
        check_any = check_npy if in_path.endswith(".npy") else check_json if in_path.endswith(".json") else check_text
        return check_any(op, in_path, out_path)
    except OSError as e:  # e.g. exit 0 without writing the output
        return f"no output: {e}"
