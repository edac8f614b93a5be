#!/usr/bin/python3
"""Writes the batch and regression-check samples and their expected outputs with numpy,
independently of nnact (issue 6).

runs/*.csv are small CSV inputs with a header; expected/ holds relu of each (float32, shortest
text that reads back to the same float32); golden/ holds sigmoid of each, computed in float64 and
rounded once to float32; golden_off/a.csv is golden/a.csv with row 2, column 1 set to 0.5 on
purpose (a known mismatch); golden/a.txt is numpy's printed array of golden/a.csv (pasted-array
form); golden/nested.relu_off.json is relu of ../seed_nested.json with .data[1][2] changed to 1.
Run: /usr/bin/python3 samples/batch/make_expected.py (from the repository root).
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from make_expected import relu, text  # noqa: E402  (samples/make_expected.py)
RUNS = {
    "a": [[1.5, -2.25], [-0.1, 3.0]],
    "b": [[0.5, -1.0], [-7.0, 0.0025]],
    "c": [[2.0, 42.0], [0.001, -0.001]],
}
RUN_TEXT = {
    "a": "x,y\n1.5,-2.25\n-0.1,3\n",
    "b": "x,y\n0.5,-1\n-7,2.5e-3\n",
    "c": "x,y\n2.0,42\n1e-3,-1e-3\n",
}


def sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(np.float32)


def write_csv(path, matrix):
    with open(path, "w") as f:
        f.write("x,y\n")
        for row in matrix:
            f.write(",".join(text(v) for v in row) + "\n")


for d in ("runs", "expected", "golden", "golden_off"):
    os.makedirs(os.path.join(HERE, d), exist_ok=True)
for name, rows in RUNS.items():
    x = np.array(rows, dtype=np.float32)
    with open(os.path.join(HERE, "runs", name + ".csv"), "w") as f:
        f.write(RUN_TEXT[name])
    write_csv(os.path.join(HERE, "expected", name + ".csv"), relu(x))
    write_csv(os.path.join(HERE, "golden", name + ".csv"), sigmoid(x))
a = sigmoid(np.array(RUNS["a"], dtype=np.float32))
with open(os.path.join(HERE, "golden", "a.txt"), "w") as f:
    f.write(str(a) + "\n")
a[1, 0] = np.float32(0.5)
write_csv(os.path.join(HERE, "golden_off", "a.csv"), a)
with open(os.path.join(HERE, "other.csv"), "w") as f:
    f.write("p,q\n1,-1\n")
nested = relu(np.array([[1.0, -0.5, 3.4], [-2.1, 0.0, -6.5]], dtype=np.float32))
nested[1, 2] = np.float32(1)
rows = ",".join("[" + ",".join(text(v) for v in row) + "]" for row in nested)
with open(os.path.join(HERE, "golden", "nested.relu_off.json"), "w") as f:
    f.write('{"name":"seed","data":[' + rows + "]}\n")
