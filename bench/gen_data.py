#!/usr/bin/python3
"""Writes the benchmark inputs into bench/data/, reproducibly (numpy's PCG64 with a fixed seed).

CSV: a header row `c1,...,c8` then ROWS rows of 8 standard-normal float32 values printed with 6
significant digits (1,000,000 rows = ~77 MB, the issue's size). NDJSON: the same rows, one JSON
array per line; JSON: the same rows as one document `[[...],[...]]`. npy: NPY standard-normal float32 values, shape (NPY,). one_line.csv: the spec's
seed vector on one line, for the start-up workload. line*.csv/.txt: LINE_BYTES of values on one
line, and the same values 8 to a line (*_rows). --big adds a 1 GiB CSV and NDJSON.
Files that already exist are kept: the seed makes them identical, and regenerating is slow.

Run as a module by run.py (paths()) or alone: gen_data.py [--rows N] [--npy N] [--big].
"""
import argparse
import io
import os
import sys

import numpy as np

SEED = 5  # issue 5
COLS = 8
CHUNK_ROWS = 250_000  # bounds memory; also fixes the random stream, so keep it constant
GIB = 1 << 30
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def paths(rows, npy_values, big=False, line_bytes=100_000_000):
    """The data set of one size: workload input name -> path."""
    p = {
        "csv": f"{DATA}/rows{rows}.csv",
        "ndjson": f"{DATA}/rows{rows}.ndjson",
        "json": f"{DATA}/rows{rows}.json",
        "npy": f"{DATA}/f32x{npy_values}.npy",
        "one_line": f"{DATA}/one_line.csv",
        "csv_line": f"{DATA}/line{line_bytes}.csv",
        "csv_line_rows": f"{DATA}/line{line_bytes}_rows.csv",
        "txt_line": f"{DATA}/line{line_bytes}.txt",
        "txt_line_rows": f"{DATA}/line{line_bytes}_rows.txt",
    }
    if big:
        p["csv_1g"] = f"{DATA}/1gib.csv"
        p["ndjson_1g"] = f"{DATA}/1gib.ndjson"
    return p


def write_rows(csv_path, ndjson_path, rows=None, min_bytes=None):
    """Writes the same rows as CSV and as NDJSON: `rows` of them, or until the CSV has min_bytes."""
    rng = np.random.default_rng(SEED)
    tmp_csv, tmp_nd = csv_path + ".tmp", ndjson_path + ".tmp"
    with open(tmp_csv, "w") as c, open(tmp_nd, "w") as j:
        c.write(",".join(f"c{i + 1}" for i in range(COLS)) + "\n")
        done = 0
        while (rows is not None and done < rows) or (min_bytes is not None and c.tell() < min_bytes):
            n = CHUNK_ROWS if rows is None else min(CHUNK_ROWS, rows - done)
            text = io.StringIO()
            np.savetxt(text, rng.standard_normal((n, COLS), dtype=np.float32), fmt="%.6g", delimiter=",")
            lines = text.getvalue()
            c.write(lines)
            j.write("".join(f"[{line}]\n" for line in lines.splitlines()))
            done += n
    os.replace(tmp_csv, csv_path)  # only complete files get the real name
    os.replace(tmp_nd, ndjson_path)


def write_json(ndjson_path, json_path):
    """The NDJSON rows as one JSON document of rows: `[[...],\n[...]]`, the same numbers."""
    with open(ndjson_path) as src, open(json_path + ".tmp", "w") as dst:
        dst.write("[")
        for i, line in enumerate(src):
            dst.write(("" if i == 0 else ",\n") + line.rstrip("\n"))
        dst.write("]\n")
    os.replace(json_path + ".tmp", json_path)


def write_line(p, line_bytes):
    """Standard-normal float32 values (6 digits) on one CSV line and one txt line of line_bytes or
    more, and the same values 8 to a line (the multi-line twins the throughput is compared with)."""
    rng = np.random.default_rng(SEED)
    outs = {k: open(p[k] + ".tmp", "w") for k in ("csv_line", "csv_line_rows", "txt_line", "txt_line_rows")}
    written = 0
    while written < line_bytes:
        text = io.StringIO()
        np.savetxt(text, rng.standard_normal((CHUNK_ROWS, COLS), dtype=np.float32), fmt="%.6g", delimiter=",")
        rows = text.getvalue()
        flat = rows.replace("\n", ",").rstrip(",")
        outs["csv_line"].write(("," if written else "") + flat)
        outs["txt_line"].write((" " if written else "") + flat.replace(",", " "))
        outs["csv_line_rows"].write(rows)
        outs["txt_line_rows"].write(rows.replace(",", " "))
        written += len(flat) + 1
    for k, f in outs.items():
        f.write("\n" if k.endswith("_line") else "")
        f.close()
        os.replace(p[k] + ".tmp", p[k])


def write_npy(path, n):
    values = np.random.default_rng(SEED).standard_normal(n, dtype=np.float32)
    np.save(path + ".tmp.npy", values)
    os.replace(path + ".tmp.npy", path)


def generate(rows, npy_values, big=False, line_bytes=100_000_000, log=sys.stderr):
    os.makedirs(DATA, exist_ok=True)
    p = paths(rows, npy_values, big, line_bytes)

    def need(*keys):
        missing = [k for k in keys if not os.path.exists(p[k])]
        if missing:
            print(f"gen_data: writing {', '.join(p[k] for k in keys)}", file=log)
        return missing

    if need("csv", "ndjson"):
        write_rows(p["csv"], p["ndjson"], rows=rows)
    if need("json"):
        write_json(p["ndjson"], p["json"])
    if need("csv_line", "csv_line_rows", "txt_line", "txt_line_rows"):
        write_line(p, line_bytes)
    if need("npy"):
        write_npy(p["npy"], npy_values)
    if need("one_line"):
        with open(p["one_line"], "w") as f:
            f.write("1.0,-0.5,3.4,-2.1,0.0,-6.5\n")
    if big and need("csv_1g", "ndjson_1g"):
        write_rows(p["csv_1g"], p["ndjson_1g"], min_bytes=GIB)
    return p


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--npy", type=int, default=100_000_000)
    ap.add_argument("--line-bytes", type=int, default=100_000_000, help="size of the one-line CSV and txt")
    ap.add_argument("--big", action="store_true")
    a = ap.parse_args()
    for name, path in generate(a.rows, a.npy, a.big, a.line_bytes).items():
        print(f"{name}: {path} ({os.path.getsize(path):,} bytes)")
