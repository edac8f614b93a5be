#!/usr/bin/python3
"""The benchmark harness of issue 5 (`make bench`): nnact and its peers on the same files, side by side.

For each workload every contender runs --runs times; the table shows the median wall time, MB/s
(input bytes / median time, MB = 10^6 bytes), the peak RSS over the runs (GNU time's %M) and the
time relative to nnact and to the simple C++ loop. The first run's output is verified (verify.py)
before any figure is shown. A contender that is not installed, does not apply to a workload, fails
or is wrong gets its reason in its row; the run goes on. Exit status is 0 even
when a target is missed: benchmarks never gate CI on times.
"""
import argparse
import functools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import gen_data
import verify

BENCH = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(BENCH, "out")
GNU_TIME = "/usr/bin/time"  # Debian package `time`: the peak RSS of each run
PY = "/usr/bin/python3"  # Debian's, with numpy/pandas/torch; the pyenv one first on PATH has none
MiB = 1 << 20


@dataclass
class Workload:
    key: str
    title: str
    data: str  # key of gen_data.paths()
    op: str
    big: bool = False  # 1 GiB RSS check: nnact only, one run
    stdio: bool = False  # start-up: input on stdin, output on stdout, timed over many runs

    @property
    def fmt(self):
        return {"one_line": "csv", "csv_1g": "csv", "ndjson_1g": "ndjson"}.get(self.data, self.data)


WORKLOADS = [
    Workload("csv_leaky", "CSV → CSV, leaky_relu alpha 0.01", "csv", "leaky_relu"),
    Workload("csv_gelu", "CSV → CSV, gelu (exact)", "csv", "gelu"),
    Workload("ndjson_leaky", "NDJSON → NDJSON, leaky_relu alpha 0.01", "ndjson", "leaky_relu"),
    Workload("npy_relu", "npy → npy, relu", "npy", "relu"),
    Workload("npy_gelu", "npy → npy, gelu (exact)", "npy", "gelu"),
    Workload("startup", "start-up: relu on a one-line CSV on stdin", "one_line", "relu", stdio=True),
    Workload("csv_1g", "1 GiB CSV → CSV, leaky_relu (RSS check)", "csv_1g", "leaky_relu", big=True),
    Workload("ndjson_1g", "1 GiB NDJSON → NDJSON, leaky_relu (RSS check)", "ndjson_1g", "leaky_relu", big=True),
]


class NotApplicable(Exception):
    """The contender cannot do this workload at all (not a failure: e.g. awk has no erf)."""


@dataclass
class Contender:
    key: str
    label: str
    argv: object  # (workload, src, dst) -> argv; src/dst None = stdin/stdout; may raise NotApplicable
    missing: object  # () -> why it cannot run here, or None
    to_stdout: bool = False  # writes its result to stdout even when given an input file
    slow_start: bool = False  # a Python interpreter: fewer start-up runs


@functools.lru_cache(maxsize=None)  # importing torch takes seconds: ask once per module
def python_cannot_import(module):
    ok = subprocess.run([PY, "-c", f"import {module}"], capture_output=True).returncode == 0
    return None if ok else f"skipped: {PY} cannot import {module}"


def python_missing(module):
    return lambda: python_cannot_import(module)


def tool_missing(name):
    return lambda: None if shutil.which(name) else f"skipped: {name} not installed"


NODE_PEERS = {"polars": ["nodejs-polars@0.25.2", "nodejs-polars-linux-x64-gnu@0.25.2"],
              "duckdb": ["@duckdb/node-api@1.5.6-r.1"]}


@functools.lru_cache(maxsize=None)
def install_node_peers():
    """npm installs the Node peers into bench/node_modules (gitignored) once; None when they are there."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "skipped: node/npm not installed"
    wanted = [p for pkgs in NODE_PEERS.values() for p in pkgs]
    there = lambda: all(os.path.isdir(os.path.join(BENCH, "node_modules", p.rsplit("@", 1)[0])) for p in wanted)
    if there():
        return None
    print("  installing the Node peers (npm) into bench/node_modules ...", file=sys.stderr, flush=True)
    r = subprocess.run(["npm", "install", "--prefix", BENCH, "--no-save", "--no-package-lock", "--no-audit",
                        "--no-fund"] + wanted, capture_output=True, text=True, timeout=600)
    if r.returncode != 0 or not there():
        last = (r.stderr.strip().splitlines() or ["?"])[-1][:80]
        return f"skipped: npm install failed ({last})"
    return None


def contenders(nnact, loop):
    def nnact_argv(jobs):
        def argv(w, src, dst):
            a = [nnact, "--op", w.op] + (["--alpha", "0.01"] if w.op == "leaky_relu" else [])
            a += ["-j", str(jobs)] if jobs else []
            return a + ([src, "-o", dst] if src else [])

        return argv

    def loop_argv(w, src, dst):
        if w.fmt != "csv":
            raise NotApplicable("n/a: CSV only")
        return [loop, w.op] + ([src, dst] if src else [])

    def gawk_argv(w, src, dst):
        if w.op == "gelu" or w.fmt == "npy":
            raise NotApplicable("n/a: awk has no erf" if w.op == "gelu" else "n/a: text only")
        return ["gawk", "-v", f"op={w.op}", "-v", f"ndjson={int(w.fmt == 'ndjson')}",
                "-f", os.path.join(BENCH, "activation.awk")] + ([src] if src else [])

    def mlr_argv(w, src, dst):
        if w.fmt != "csv":
            raise NotApplicable("n/a: Miller's JSON records are objects, these lines are arrays"
                                if w.fmt == "ndjson" else "n/a: no npy")
        value = {"relu": "v < 0 ? 0 : v", "leaky_relu": "v < 0 ? v * 0.01 : v",
                 "gelu": "0.5 * v * (1 + erf(v / sqrt(2)))"}[w.op]
        headerless = ["--implicit-csv-header", "--headerless-csv-output"] if w.stdio else []
        return (["mlr", "--icsv", "--ocsv", "--ofmt", "%.9g"] + headerless +
                ["put", f"for (k, v in $*) {{ $[k] = {value} }}"] + ([src] if src else []))

    def peer_argv(lib):
        def argv(w, src, dst):
            if lib == "pandas" and w.fmt == "npy":
                raise NotApplicable("n/a: pandas has no npy I/O (numpy's row is that job)")
            return [PY, os.path.join(BENCH, "peer.py"), lib, w.op, src or "-", dst or "-"]

        return argv

    def node_argv(lib):
        def argv(w, src, dst):
            if w.fmt != "csv" or w.op == "gelu" or not src:
                raise NotApplicable("n/a: CSV files only" if w.op != "gelu" else "n/a: no erf")
            return ["node", os.path.join(BENCH, "node_peer.mjs"), lib, w.op, src, dst]

        return argv

    nnact_missing = lambda: None if os.access(nnact, os.X_OK) else f"failed: {nnact} not found"
    return [
        Contender("nnact", f"nnact (-j {os.cpu_count()})", nnact_argv(None), nnact_missing),
        Contender("nnact-j1", "nnact -j 1", nnact_argv(1), nnact_missing),
        Contender("loop", "C++ loop (yardstick)", loop_argv, lambda: None),
        Contender("gawk", "gawk", gawk_argv, tool_missing("gawk"), to_stdout=True),
        Contender("mlr", "mlr", mlr_argv, tool_missing("mlr"), to_stdout=True),
        Contender("numpy", "numpy", peer_argv("numpy"), python_missing("numpy"), slow_start=True),
        Contender("pandas", "pandas", peer_argv("pandas"), python_missing("pandas"), slow_start=True),
        Contender("torch", "torch", peer_argv("torch"), python_missing("torch"), slow_start=True),
        Contender("polars", "Polars (nodejs-polars 0.25.2)", node_argv("polars"), install_node_peers),
        Contender("duckdb", "DuckDB (@duckdb/node-api 1.5.6)", node_argv("duckdb"), install_node_peers),
    ]


def run_once(argv, stdin_path, stdout_path, timeout):
    """Runs argv once: (exit code, wall seconds, peak RSS in KiB or None, last stderr line).

    The RSS comes from GNU time, not from our own wait4: a child forked from this Python process
    inherits its memory high-water mark across exec (hundreds of MiB once numpy has loaded data),
    while GNU time is a small process whose fork starts near zero."""
    with open(stdin_path or os.devnull, "rb") as i, open(stdout_path or os.devnull, "wb") as o, \
            tempfile.TemporaryFile() as e, tempfile.NamedTemporaryFile("r") as rss:
        timed = [GNU_TIME, "-f", "%M", "-o", rss.name] + argv if os.access(GNU_TIME, os.X_OK) else argv
        start = time.perf_counter()
        try:
            p = subprocess.Popen(timed, stdin=i, stdout=o, stderr=e)
            p.wait(timeout)
        except OSError as err:
            return 127, 0.0, None, str(err)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return -9, 0.0, None, "timeout"
        wall = time.perf_counter() - start
        e.seek(0)
        err = e.read().decode(errors="replace").strip().splitlines()
        peak = rss.read().split()
    return p.returncode, wall, int(peak[-1]) if peak and peak[-1].isdigit() else None, err[-1][:100] if err else ""


def spawn_times(argv, stdin_path, runs):
    """Wall seconds of each of `runs` runs of `argv < stdin_path > /dev/null`, spawn to reap.

    Not hyperfine: version 1.15 has no --input, so stdin needs its shell, and subtracting the
    shell's start-up leaves 0 ms for a 1 ms tool on a busy machine. posix_spawn (vfork) costs the
    same from this large process as from a shell, and is what a pipeline pays per command."""
    exe = shutil.which(argv[0]) or argv[0]
    files = [(os.POSIX_SPAWN_OPEN, 0, stdin_path, os.O_RDONLY, 0),
             (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
             (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        os.waitpid(os.posix_spawn(exe, argv, os.environ, file_actions=files), 0)
        times.append(time.perf_counter() - start)
    return times


@dataclass
class Row:
    key: str  # the contender's
    label: str
    times: list = field(default_factory=list)
    rss_kib: int = None  # None: not measured (no GNU time)
    note: str = ""  # why there are no figures, or how they were taken

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None


def measure(w, c, src, args):
    """One row of the table: runs contender c on workload w."""
    row = Row(c.key, c.label)
    try:
        row.note = c.missing() or ""
        if row.note:
            return row
        out = os.path.join(OUT, f"{w.key}.{c.key}.{w.fmt}")
        stdio = w.stdio or c.to_stdout
        argv = c.argv(w, None if w.stdio else src, None if stdio else out)
    except NotApplicable as e:
        row.note = str(e)
        return row
    runs = 1 if w.big else args.runs
    for n in range(runs):
        if os.path.exists(out):
            os.remove(out)
        rc, wall, rss, err = run_once(argv, src if w.stdio else None, out if stdio else None, args.timeout)
        if rc != 0:
            row.note, row.times = f"failed: exit {rc}: {err}", []
            return row
        if n == 0 and (wrong := verify.check(w.op, src, out)):
            row.note = f"wrong output: {wrong}"
            return row
        row.times.append(wall)
        row.rss_kib = None if rss is None else max(row.rss_kib or 0, rss)
    if w.stdio:
        reps = max(10, args.startup_runs // 50) if c.slow_start else args.startup_runs
        row.times, row.note = spawn_times(argv, src, reps), f"{reps} runs"
    return row


def table(w, rows, in_bytes, floor=None):
    """The markdown table of one workload; floor: the start-up of /bin/true, for scale."""
    by_key = {r.key: r for r in rows}
    base = [by_key.get("nnact"), by_key.get("loop")]
    unit, scale = ("ms", 1000) if w.stdio else ("s", 1)
    size = f"input {in_bytes / 1e6:,.1f} MB" if in_bytes > 1e6 else f"input {in_bytes} bytes"
    if floor:
        size += f"; spawning /bin/true the same way takes {floor * 1000:.3f} ms (the floor)"
    lines = [f"### {w.title}", "", size, "",
             f"| contender | median {unit} | MB/s | peak RSS MiB | × nnact | × C++ loop | note |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if r.median is None:
            lines.append(f"| {r.label} | | | | | | {r.note.replace('|', '/')} |")
            continue
        ratios = [f"{r.median / b.median:.2f}" if b and b.median else "" for b in base]
        mbs = "" if w.stdio else f"{in_bytes / 1e6 / r.median:,.0f}"
        rss = "?" if r.rss_kib is None else f"{r.rss_kib / 1024:.1f}"
        lines.append(f"| {r.label} | {r.median * scale:.3f} | {mbs} | {rss} | "
                     f"{' | '.join(ratios)} | {r.note} |")
    return "\n".join(lines) + "\n"


def targets(results):
    """The issue's targets, checked against this run's nnact rows (reported, never enforced)."""
    def get(wkey, key):
        return next((r for r in results.get(wkey, ([], 0))[0] if r.key == key and r.median), None)

    checks = []

    def check(name, row, ok, figure):
        checks.append(f"| {name} | {'—' if row is None else 'PASS' if ok() else 'MISS'} | {figure() if row else 'not measured'} |")

    nj, n1, loop = get("csv_leaky", "nnact"), get("csv_leaky", "nnact-j1"), get("csv_leaky", "loop")
    both = lambda r: r if r and loop else None
    check("CSV leaky_relu, default -j ≤ 0.35× C++ loop", both(nj), lambda: nj.median <= 0.35 * loop.median,
          lambda: f"{nj.median / loop.median:.2f}×")
    check("CSV leaky_relu, -j 1 ≤ 0.6× C++ loop", both(n1), lambda: n1.median <= 0.6 * loop.median,
          lambda: f"{n1.median / loop.median:.2f}×")
    for key, name, factor in (("polars", "Polars", 3), ("duckdb", "DuckDB", 5)):
        peer = get("csv_leaky", key)
        check(f"CSV leaky_relu, ≥ {factor}× faster than {name}", nj if nj and peer else None,
              lambda: peer.median >= factor * nj.median, lambda: f"{peer.median / nj.median:.2f}×")
    r = get("npy_relu", "nnact")
    mbs = lambda: results["npy_relu"][1] / 1e6 / r.median
    check("npy relu ≥ 1 GB/s", r, lambda: mbs() >= 1000, lambda: f"{mbs():,.0f} MB/s")
    g, t = get("npy_gelu", "nnact"), get("npy_gelu", "torch")
    check("npy gelu faster than PyTorch", g if t else None, lambda: g.median < t.median,
          lambda: f"{g.median:.3f} s vs {t.median:.3f} s")
    nnact_rows = [r for rows, _ in results.values() for r in rows if r.key.startswith("nnact") and r.rss_kib]
    worst = max(nnact_rows, key=lambda r: r.rss_kib, default=None)
    check("peak RSS ≤ 32 MiB on every streaming workload", worst, lambda: worst.rss_kib <= 32 * 1024,
          lambda: f"max {worst.rss_kib / 1024:.1f} MiB")
    s = get("startup", "nnact")
    check("start-up ≤ 2 ms median", s, lambda: s.median <= 0.002, lambda: f"{s.median * 1000:.2f} ms")
    return "### Targets (issues 5 and 14)\n\n| target | result | figure |\n|---|---|---|\n" + "\n".join(checks) + "\n"


def build_loop():
    """Builds the yardstick -O2, as a user would, when its source is newer than the binary."""
    src, exe = os.path.join(BENCH, "simple_loop.cpp"), os.path.join(OUT, "simple_loop")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        subprocess.run(["g++", "-std=c++20", "-O2", "-o", exe, src], check=True)
    return exe


def preamble(args, nnact):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    try:
        version = subprocess.run([nnact, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        version = "not found"
    return (f"# nnact benchmarks\n\n{time.strftime('%Y-%m-%d %H:%M')} · {platform.node()} · {cpu} · "
            f"{os.cpu_count()} cores · load average at start {os.getloadavg()[0]:.2f}\n\nnnact: `{nnact}` ({version or 'no --version'}) · runs: {args.runs} · "
            f"start-up runs: {args.startup_runs} (Python peers 1/50 of that)\n\n"
            "Wall time is the median; MB/s is input MB (10^6 bytes) per second; peak RSS is the largest "
            "over the runs. gawk and mlr compute in double, everyone else in float32. Every row's "
            "output was checked against a float64 reference first (verify.py).\n\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nnact", default=os.path.join(os.path.dirname(BENCH), "build", "nnact"))
    ap.add_argument("--runs", type=int, default=3, help="timed runs per contender (median shown)")
    ap.add_argument("--startup-runs", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="100,000 rows and 10M npy values")
    ap.add_argument("--big", action="store_true", help="add the 1 GiB CSV/NDJSON RSS checks (slow)")
    ap.add_argument("--workloads", help="comma list of: " + ",".join(w.key for w in WORKLOADS))
    ap.add_argument("--contenders", help="comma list of: nnact,nnact-j1,loop,gawk,mlr,numpy,pandas,torch,polars,duckdb")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run")
    ap.add_argument("--results", default=os.path.join(BENCH, "results", "latest.md"))
    args = ap.parse_args()
    if args.quick:
        args.startup_runs = min(args.startup_runs, 200)

    os.makedirs(OUT, exist_ok=True)
    nnact = os.path.abspath(args.nnact)
    chosen = [c for c in contenders(nnact, build_loop())
              if not args.contenders or c.key in args.contenders.split(",")]
    workloads = [w for w in WORKLOADS if (args.workloads and w.key in args.workloads.split(","))
                 or (not args.workloads and (args.big or not w.big))]
    data = gen_data.generate(100_000 if args.quick else 1_000_000, 10_000_000 if args.quick else 100_000_000,
                             big=any(w.big for w in workloads))
    text, results = preamble(args, nnact), {}
    print(text, flush=True)
    for w in workloads:
        src = data[w.data]
        rows = []
        for c in chosen:
            if w.big and not c.key.startswith("nnact"):
                continue
            print(f"  {w.key}: {c.label} ...", file=sys.stderr, flush=True)
            rows.append(measure(w, c, src, args))
        results[w.key] = (rows, os.path.getsize(src))
        floor = statistics.median(spawn_times(["true"], src, 200)) if w.stdio else None
        section = table(w, rows, os.path.getsize(src), floor)
        print(section, flush=True)
        text += section + "\n"
    text += targets(results)
    print(targets(results))
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results, "w") as f:
        f.write(text)
    print(f"written to {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
