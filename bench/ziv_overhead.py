#!/usr/bin/python3
"""Cost of Ziv's rounding check on the bench workloads: this nnact against a build of the same
source with -DNNACT_BENCH_NO_ZIV (every fast result taken as decided: the plain evaluation rounded
with no check, the kernels before issue 15), in paired rounds A B A B ..., CPU time (user + sys of
the child, all its threads, from wait4) per run; the table gives the medians and the change.
CPU time rather than wall time because the machine is shared; it still varies with the load, so
rounds alternate and medians are taken.

  bench/ziv_overhead.py --new build/nnact --old /tmp/build-noziv/nnact [--rounds 7] [--ops a,b]
                        [--workloads "npy f32,npy f64,csv f32"]

Workloads: a float32 npy (bench/data/f32x4000000.npy), a float64 npy (f64x2000000.npy, --dtype
float64) and the 200,000-row CSV (rows200000.csv, float32); bench/gen_data.py --rows 200000
--npy 4000000 writes the first and last, the float64 npy is written here if missing.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
OPS = {
    "elu": [], "selu": [], "celu": [], "gelu": [], "gelu_tanh": ["--approximate", "tanh"],
    "silu": [], "sigmoid": [], "softplus": [], "log_sigmoid": [], "exponential": [],
    "mish": [], "tanh": [], "tanhshrink": [], "softsign": [],
}


def workloads():
    f64 = os.path.join(DATA, "f64x2000000.npy")
    if not os.path.exists(f64):
        import numpy as np
        np.save(f64, np.random.default_rng(7).standard_normal(2_000_000) * 3)
    return {
        "npy f32 4e6": ([os.path.join(DATA, "f32x4000000.npy")], "npy"),
        "npy f64 2e6": ([os.path.join(DATA, "f64x2000000.npy"), "--dtype", "float64"], "npy"),
        "csv f32 200k rows": ([os.path.join(DATA, "rows200000.csv")], "csv"),
    }


def cpu_seconds(argv):
    """Runs argv; its user + sys CPU seconds (children's threads included)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--new", required=True)
    parser.add_argument("--old", required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--workloads", default="npy f32,npy f64,csv f32",
                        help="comma-separated label prefixes of the workloads to run")
    parser.add_argument("--out", default="/tmp/nnact_ziv_overhead")
    args = parser.parse_args()
    print("| op | workload | no check (ms CPU, median) | Ziv (ms CPU, median) | change |")
    print("|---|---|---:|---:|---:|")
    for op in args.ops.split(","):
        name = "gelu" if op == "gelu_tanh" else op
        for label, (inputs, ext) in workloads().items():
            if not any(label.startswith(w) for w in args.workloads.split(",")):
                continue
            times = {"old": [], "new": []}
            for _ in range(args.rounds):
                for which in ("old", "new"):  # A B A B
                    binary = getattr(args, which)
                    argv = [binary, "--op", name, *OPS[op], *inputs, "-o", f"{args.out}.{ext}"]
                    times[which].append(cpu_seconds(argv))
            old = statistics.median(times["old"]) * 1e3
            new = statistics.median(times["new"]) * 1e3
            print(f"| {op} | {label} | {old:.1f} | {new:.1f} | {100 * (new - old) / old:+.1f} % |",
                  flush=True)


if __name__ == "__main__":
    main()
