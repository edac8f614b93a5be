#!/usr/bin/python3
"""Writes the expected outputs of the seed samples with numpy, independently of nnact.

float32 arithmetic as TensorFlow's kernels do it (alpha rounded to float32 first), printed as
the shortest text that reads back to the same float32 (numpy's repr of a float32 scalar).
Run: /usr/bin/python3 samples/make_expected.py (from the repository root).
"""
import numpy as np

SEED = np.array([1.0, -0.5, 3.4, -2.1, 0.0, -6.5], dtype=np.float32)


def text(v):
    s = repr(np.float32(v)) if np.__version__ < "2" else str(np.float32(v))
    s = s.replace("np.float32(", "").rstrip(")")
    return s[:-2] if s.endswith(".0") else s


def relu(x):
    return np.where(x > 0, x, np.float32(0)) * np.float32(1)


def leaky_relu(x, alpha):
    return np.where(x > 0, x, x * np.float32(alpha))


def main():
    for name, values in (("relu", relu(SEED)), ("leaky_relu", leaky_relu(SEED, 0.01))):
        cells = [text(v) for v in values]
        with open(f"samples/seed.{name}.csv", "w") as f:
            f.write(",".join(cells) + "\n")
        with open(f"samples/seed.{name}.json", "w") as f:
            f.write("[" + ",".join(cells) + "]\n")


if __name__ == "__main__":  # batch/make_expected.py imports text() and relu()
    main()
