#!/usr/bin/python3
"""The Python peers: what a user writes today with numpy, pandas or PyTorch.

    peer.py LIB OP IN OUT     LIB: numpy | pandas | torch; OP: relu | leaky_relu (alpha 0.01) | gelu
                              IN/OUT: .csv, .ndjson, .json (numpy only) or .npy by extension; '-' is CSV on stdin/stdout

numpy: loadtxt/savetxt (npy: np.load/np.save) and numpy arithmetic, gelu via scipy.special.erf.
pandas: read_csv/to_csv, read_json(lines=True); the arithmetic is numpy's on the frame's values.
torch: pandas I/O for text, np.load/np.save for npy, torch.nn.functional for the op.
Everything is float32, as nnact's default dtype. Exit 3 when LIB cannot do the job (e.g. no scipy).
"""
import io
import sys

import numpy as np

ALPHA = np.float32(0.01)


def numpy_op(op, x):
    if op == "relu":
        return np.maximum(x, np.float32(0), out=x)  # in place, as the NumPy figure
    if op == "leaky_relu":
        return np.where(x < 0, x * ALPHA, x)
    from scipy.special import erf  # numpy itself has no erf

    return np.float32(0.5) * x * (np.float32(1) + erf(x * np.float32(np.sqrt(0.5))))


def torch_op(op, x):
    import torch
    import torch.nn.functional as F

    t = torch.from_numpy(x)
    y = {"relu": F.relu, "leaky_relu": lambda v: F.leaky_relu(v, 0.01), "gelu": F.gelu}[op](t)
    return y.numpy()


def open_text(path):
    """Returns (file, header line or None): a first line that is not all numbers is a header."""
    f = io.StringIO(sys.stdin.read()) if path == "-" else open(path)
    first = f.readline()
    f.seek(0)
    try:
        [float(v) for v in first.strip().strip("[]").split(",")]
        return f, None
    except ValueError:
        return f, first.rstrip("\n")


def read(lib, path):
    fmt = path.rsplit(".", 1)[-1] if path.endswith((".npy", ".ndjson", ".json")) else "csv"
    if fmt == "npy":
        return np.load(path), fmt, None
    if fmt == "json":  # a document of rows: Python's json, then an array
        if lib != "numpy":
            raise ImportError(f"{lib}: no JSON document reader here (numpy's row is that job)")
        import json

        with open(path) as f:
            return np.asarray(json.load(f), np.float32), fmt, None
    f, header = open_text(path)
    skip = 0 if header is None else 1
    if lib == "numpy":
        lines = (line.strip()[1:-1] for line in f) if fmt == "ndjson" else f  # loadtxt reads lines
        return np.loadtxt(lines, np.float32, delimiter=",", skiprows=skip, ndmin=2), fmt, header
    import pandas as pd

    if fmt == "ndjson":
        return pd.read_json(f, lines=True, dtype=np.float32).to_numpy(np.float32), fmt, header
    return pd.read_csv(f, header=None, skiprows=skip, dtype=np.float32).to_numpy(), fmt, header


def write(lib, path, y, fmt, header):
    out = sys.stdout if path == "-" else path
    if fmt == "npy":
        np.save(out, y)
    elif fmt == "json":
        import json

        with open(path, "w") as f:
            f.write("[" + ",\n".join(json.dumps(row) for row in y.tolist()) + "]\n")
    elif lib == "numpy":
        row = ",".join(["%.9g"] * y.shape[1])  # 9 digits: enough for any float32
        np.savetxt(out, y, row if fmt == "csv" else f"[{row}]", header=header or "", comments="")
    else:
        import pandas as pd

        text = pd.DataFrame(y).to_csv(header=False, index=False)
        if fmt == "ndjson":  # pandas writes JSON lines only as objects: wrap its CSV rows instead
            text = "".join(f"[{line}]\n" for line in text.splitlines())
        with open(path, "w") if path != "-" else sys.stdout as f:
            f.write(text if header is None else f"{header}\n{text}")


def main(lib, op, src, dst):
    x, fmt, header = read(lib, src)
    y = (torch_op if lib == "torch" else numpy_op)(op, x)
    write(lib, dst, y, fmt, header)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        main(*sys.argv[1:])
    except ImportError as e:
        print(f"peer.py: {e}", file=sys.stderr)
        sys.exit(3)
