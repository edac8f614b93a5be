#!/usr/bin/python3
"""Writes the .npy samples with numpy itself, and the expected relu of each, independently of nnact.

Inputs cover what the npy reader must take: header versions 1, 2 and 3, C and Fortran order,
little and big endian, float16/32/64 and int8..int64/uint8..uint64. Expected outputs are
relu in float32 (as tf.nn.relu on tf.constant(x, tf.float32)), one CSV row per last-axis row,
numbers as the shortest text that reads back to the same float32. seed.relu.npy and
matrix.relu.npy are np.save's bytes for the relu of samples/seed.csv and samples/npy/matrix.csv.
Run: /usr/bin/python3 samples/make_npy.py (from the repository root).
"""
import numpy as np

SEED = np.array([1.0, -0.5, 3.4, -2.1, 0.0, -6.5], dtype=np.float32)
MATRIX = np.array([[1.5, -2.25, 3e-8], [-4e20, 0.1, -0.0], [7.0, -8.5, 1e-45]], dtype=np.float32)
OUT = "samples/npy/"


def text(v):
    # An integral value below 1e16 is written whole, as Python's repr writes float(v) (less
    # its ".0"); other values get the shortest digits that read back to the same float32, laid
    # out as C++'s std::to_chars does: the shorter of fixed (an integral value written with all
    # its digits) and exponent.
    v = np.float32(v)
    if np.isfinite(v) and v == np.floor(v) and abs(v) < 1e16:
        return ("-" if np.signbit(v) else "") + repr(abs(float(v))).removesuffix(".0")
    fixed = str(int(v)) if v == np.floor(v) and abs(v) >= 1 else np.format_float_positional(v, trim="-")
    if fixed == "0" and np.signbit(v):
        fixed = "-0"
    sci = np.format_float_scientific(v, trim="-", exp_digits=2)
    return sci if len(sci) < len(fixed) else fixed


def relu(x):
    # TensorFlow's max(x, 0) as Eigen writes it, x < 0 ? 0 : x: -0.0 and NaN pass
    y = x.astype(np.float32)
    return np.where(y < 0, np.float32(0), y)


def save(name, array, version=(1, 0)):
    with open(OUT + name, "wb") as f:
        np.lib.format.write_array(f, array, version=version)
    expected = relu(array)
    rows = expected.reshape(-1, expected.shape[-1]) if expected.ndim > 0 else expected.reshape(1, 1)
    with open(OUT + name.replace(".npy", ".relu.csv"), "w") as f:
        for row in rows:
            f.write(",".join(text(v) for v in row) + "\n")


save("seed_f4.npy", SEED)
save("seed_2x3_f8_fortran_v2.npy", np.asfortranarray(SEED.astype(np.float64).reshape(2, 3)), (2, 0))
save("seed_2x3_f4_big_v3.npy", SEED.reshape(2, 3).astype(">f4"), (3, 0))
save("seed_f2.npy", SEED.astype(np.float16))
save("cube_2x2x3_f4_fortran.npy", np.asfortranarray(np.arange(-6, 6, dtype=np.float32).reshape(2, 2, 3)))
save("ints_i1.npy", np.array([[-128, -1, 0], [1, 2, 127]], dtype=np.int8))
save("ints_i2_big.npy", np.array([-32768, -5, 300, 32767], dtype=">i2"))
save("ints_i4.npy", np.array([-2147483648, -7, 16777217, 2147483647], dtype=np.int32))
save("ints_i8_big.npy", np.array([-9223372036854775808, -3, 9007199254740993, 9223372036854775807], dtype=">i8"))
save("ints_u1.npy", np.array([0, 1, 200, 255], dtype=np.uint8))
save("ints_u2.npy", np.array([0, 65535], dtype=np.uint16))
save("ints_u4_big.npy", np.array([0, 4294967295], dtype=">u4"))
save("ints_u8.npy", np.array([0, 18446744073709551615], dtype=np.uint64))

np.save(OUT + "seed.relu.npy", relu(SEED))
with open(OUT + "matrix.csv", "w") as f:
    for row in MATRIX:
        f.write(",".join(text(v) for v in row) + "\n")
np.save(OUT + "matrix.relu.npy", relu(MATRIX))
