#!/usr/bin/python3
"""The benchmark harness of issue 5 (`make bench`): nnact and its peers on the same files, side by side.

For each workload every contender runs --runs times, in rounds (A B C A B C ...: paired runs, so
a burst of load on this shared machine hits every contender alike); the table shows the median wall
time, MB/s (input bytes / median time, MB = 10^6 bytes), the peak RSS over the runs (GNU time's %M)
and the time relative to nnact and to the C++ loop (the floor). The closing table checks every target
of issues 5 and 14 with PASS/MISS. The first run's output is verified (verify.py)
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
import threading
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
    # gen_data key of the same numbers laid out as the multi-line input whose throughput this
    # workload is held to: the contender "nnact-twin" runs nnact on it, paired with the others.
    twin: str = None
    peers: bool = True  # False: nnact's rows only (the peers take minutes on these inputs)

    @property
    def fmt(self):
        return {"one_line": "csv", "csv_1g": "csv", "ndjson_1g": "ndjson", "csv_line": "csv",
                "txt_line": "txt", "csv_line_rows": "csv", "txt_line_rows": "txt"}.get(self.data, self.data)


WORKLOADS = [
    Workload("csv_leaky", "CSV → CSV, leaky_relu alpha 0.01", "csv", "leaky_relu"),
    Workload("csv_gelu", "CSV → CSV, gelu (exact)", "csv", "gelu"),
    Workload("ndjson_leaky", "NDJSON → NDJSON, leaky_relu alpha 0.01", "ndjson", "leaky_relu"),
    Workload("json_leaky", "JSON document of rows → JSON, leaky_relu alpha 0.01 (twin: the same rows as CSV)",
             "json", "leaky_relu", twin="csv"),
    Workload("csv_line", "one-line CSV → CSV, leaky_relu alpha 0.01 (twin: the same values 8 to a line)",
             "csv_line", "leaky_relu", twin="csv_line_rows", peers=False),
    Workload("txt_line", "one-line txt → txt, leaky_relu alpha 0.01 (twin: the same values 8 to a line)",
             "txt_line", "leaky_relu", twin="txt_line_rows", peers=False),
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
        if w.data not in ("csv", "one_line"):
            raise NotApplicable("n/a: multi-line CSV only")
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
        Contender("nnact-twin", f"nnact (-j {os.cpu_count()}) on the multi-line twin", nnact_argv(None), nnact_missing),
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
        except OSError as err:
            return 127, 0.0, None, str(err)
        # A blocking wait, the timeout on a timer: Popen.wait(timeout) polls with sleeps that
        # grow to 50 ms, so every wall time came out rounded up to the next poll.
        killed = threading.Event()
        timer = threading.Timer(timeout, lambda: (killed.set(), p.kill()))
        timer.start()
        p.wait()
        wall = time.perf_counter() - start
        timer.cancel()
        if killed.is_set():
            return -9, 0.0, None, "timeout"
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


def measure(w, chosen, data, args):
    """The rows of one workload's table: every contender in `chosen`, in rounds of paired runs."""
    rows, active = [], []  # active: (row, argv, src, out, stdio) of those that run
    for c in chosen:
        if (c.key == "nnact-twin" and not w.twin) or ((w.big or not w.peers) and not c.key.startswith("nnact")):
            continue
        row = Row(c.key, c.label)
        rows.append(row)
        src = data[w.twin] if c.key == "nnact-twin" else data[w.data]
        try:
            row.note = c.missing() or ""
            if row.note:
                continue
            # The twin is another format's file: its output keeps that format's extension.
            out = os.path.join(OUT, f"{w.key}.{c.key}{os.path.splitext(src)[1] if c.key == 'nnact-twin' else '.' + w.fmt}")
            stdio = w.stdio or c.to_stdout
            argv = c.argv(w, None if w.stdio else src, None if stdio else out)
        except NotApplicable as e:
            row.note = str(e)
            continue
        active.append((row, argv, src, out, stdio))
    for n in range(1 if w.big else args.runs):
        for row, argv, src, out, stdio in list(active):
            print(f"  {w.key}: {row.label} (run {n + 1}) ...", file=sys.stderr, flush=True)
            if os.path.exists(out):
                os.remove(out)
            rc, wall, rss, err = run_once(argv, src if w.stdio else None, out if stdio else None, args.timeout)
            if rc != 0:
                row.note, row.times = f"failed: exit {rc}: {err}", []
            elif n == 0 and (wrong := verify.check(w.op, src, out)):
                row.note = f"wrong output: {wrong}"
            else:
                row.times.append(wall)
                row.rss_kib = None if rss is None else max(row.rss_kib or 0, rss)
                continue
            active.remove((row, argv, src, out, stdio))
    if w.stdio:
        for row, argv, src, _, _ in active:
            c = next(c for c in chosen if c.key == row.key)
            reps = max(10, args.startup_runs // 50) if c.slow_start else args.startup_runs
            row.times, row.note = spawn_times(argv, src, reps), f"{reps} runs"
    return rows


def same_for_every_jobs(w, nnact, data, args):
    """Whether nnact's output is the same bytes for -j 1, the default -j and -j 4 (one more run):
    None when not checked (no output files of both nnact rows), else (True/False, what was compared)."""
    outs = [os.path.join(OUT, f"{w.key}.{k}.{w.fmt}") for k in ("nnact", "nnact-j1")]
    if w.stdio or not all(os.path.exists(o) for o in outs):
        return None
    j4 = os.path.join(OUT, f"{w.key}.nnact-j4.{w.fmt}")
    alpha = ["--alpha", "0.01"] if w.op == "leaky_relu" else []
    argv = [nnact, "--op", w.op] + alpha + ["-j", "4", data[w.data], "-o", j4]
    print(f"  {w.key}: nnact -j 4 (output identity) ...", file=sys.stderr, flush=True)
    if run_once(argv, None, None, args.timeout)[0] != 0:
        return False, "-j 4 failed"
    outs.append(j4)
    first = open(outs[0], "rb").read()
    return all(open(o, "rb").read() == first for o in outs[1:]), "-j 1, -j 4, default"


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


def targets(results, same):
    """The targets of issues 5 and 14, checked against this run's rows (reported, never enforced).
    results: workload key -> (rows, input bytes); same: workload key -> same_for_every_jobs()."""
    def get(wkey, key):
        return next((r for r in results.get(wkey, ([], 0))[0] if r.key == key and r.median), None)

    def why(wkey, key):  # why a row has no figure: its note, or that it was not run
        r = next((r for r in results.get(wkey, ([], 0))[0] if r.key == key), None)
        return r.note if r and r.note else f"{wkey} {key} not run"

    checks = []

    def check(name, needed, ok, figure):
        """needed: (wkey, contender key) pairs whose figures the target uses."""
        missing = [why(*n) for n in needed if get(*n) is None]
        if missing:
            checks.append(f"| {name} | — | {'; '.join(missing)} |")
        else:
            checks.append(f"| {name} | {'PASS' if ok() else 'MISS'} | {figure()} |")

    t = lambda wkey, key: get(wkey, key).median
    ratio = lambda a, b: t(*a) / t(*b)
    nj, n1, loop = ("csv_leaky", "nnact"), ("csv_leaky", "nnact-j1"), ("csv_leaky", "loop")
    check("CSV leaky_relu, -j 1 ≤ 0.6× the C++ loop (floor)", [n1, loop], lambda: ratio(n1, loop) <= 0.6,
          lambda: f"{ratio(n1, loop):.2f}× ({t(*n1):.3f} s vs {t(*loop):.3f} s)")
    check("CSV leaky_relu, default -j ≤ 0.35× the C++ loop (floor)", [nj, loop], lambda: ratio(nj, loop) <= 0.35,
          lambda: f"{ratio(nj, loop):.2f}× ({t(*nj):.3f} s vs {t(*loop):.3f} s)")
    for key, name, factor in (("polars", "Polars", 3), ("duckdb", "DuckDB", 5)):
        peer = ("csv_leaky", key)
        check(f"CSV leaky_relu, ≥ {factor}× faster than {name}", [nj, peer],
              lambda peer=peer, factor=factor: ratio(peer, nj) >= factor,
              lambda peer=peer: f"{ratio(peer, nj):.2f}× ({t(*peer):.3f} s vs {t(*nj):.3f} s)")
    r, numpy = ("npy_relu", "nnact"), ("npy_relu", "numpy")
    check("npy float32 relu ≥ 2× faster than NumPy (load + maximum + save), ≤ 32 MiB RSS", [r, numpy],
          lambda: ratio(numpy, r) >= 2 and get(*r).rss_kib is not None and get(*r).rss_kib <= 32 * 1024,
          lambda: f"{ratio(numpy, r):.2f}× ({t(*r):.3f} s vs {t(*numpy):.3f} s), "
                  f"RSS {(get(*r).rss_kib or 0) / 1024:.1f} MiB vs {(get(*numpy).rss_kib or 0) / 1024:.0f} MiB")
    g, torch = ("npy_gelu", "nnact"), ("npy_gelu", "torch")
    check("npy float32 gelu ≥ 5× faster than PyTorch (load + gelu + save)", [g, torch], lambda: ratio(torch, g) >= 5,
          lambda: f"{ratio(torch, g):.2f}× ({t(*g):.3f} s vs {t(*torch):.3f} s)")
    j, jt = ("json_leaky", "nnact"), ("json_leaky", "nnact-twin")
    check("JSON document of rows ≥ 0.8× the CSV throughput of the same numbers", [j, jt],
          lambda: ratio(jt, j) >= 0.8, lambda: f"{ratio(jt, j):.2f}× ({t(*j):.3f} s vs CSV {t(*jt):.3f} s)")
    for wkey, name in (("csv_line", "CSV"), ("txt_line", "txt")):
        one, twin = (wkey, "nnact"), (wkey, "nnact-twin")
        size = results.get(wkey, ([], 0))[1] / 1e6
        # Same values and op: the twin's time over the one-line time is the throughput ratio.
        check(f"one-line {name} ({size:.0f} MB), element-wise: ≤ 32 MiB RSS and ≥ 0.9× the throughput of "
              "the same values 8 to a line", [one, twin],
              lambda one=one, twin=twin: get(*one).rss_kib <= 32 * 1024 and ratio(twin, one) >= 0.9,
              lambda one=one, twin=twin: f"RSS {get(*one).rss_kib / 1024:.1f} MiB, throughput {ratio(twin, one):.2f}× "
                                         f"({t(*one):.3f} s vs {t(*twin):.3f} s)")
    s = ("startup", "nnact")
    check("start-up ≤ 2 ms median", [s], lambda: t(*s) <= 0.002, lambda: f"{t(*s) * 1000:.2f} ms")
    nnact_rows = [(w, r) for w, (rows, _) in results.items() for r in rows
                  if r.key.startswith("nnact") and r.rss_kib and w not in ("csv_line", "txt_line")]
    worst = max(nnact_rows, key=lambda wr: wr[1].rss_kib, default=None)
    big = [w for w in ("csv_1g", "ndjson_1g") if w in results]
    checks.append(f"| peak RSS ≤ 32 MiB on every streaming workload{' (1 GiB inputs included)' if big else ' (1 GiB: make bench BIG=1)'} | "
                  + ("— | no nnact row |" if worst is None else
                     f"{'PASS' if worst[1].rss_kib <= 32 * 1024 else 'MISS'} | max {worst[1].rss_kib / 1024:.1f} MiB ({worst[0]}, {worst[1].label}) |"))
    checked = {w: v for w, v in same.items() if v is not None}
    differ = [w for w, (ok, _) in checked.items() if not ok]
    checks.append("| outputs identical for every -j (1, 4, default) | " +
                  ("— | not checked |" if not checked else
                   f"{'MISS' if differ else 'PASS'} | {len(checked)} workloads compared"
                   f"{', differ: ' + ', '.join(differ) if differ else ''} |"))
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
    ap.add_argument("--quick", action="store_true", help="100,000 rows, 10M npy values, 10 MB lines")
    ap.add_argument("--rows", type=int, help="CSV/NDJSON/JSON rows (default 1,000,000)")
    ap.add_argument("--npy-values", type=int, help="npy values (default 100,000,000: 400 MB)")
    ap.add_argument("--line-bytes", type=int, help="size of the one-line CSV and txt (default 100 MB)")
    ap.add_argument("--big", action="store_true", help="add the 1 GiB CSV/NDJSON RSS checks (slow)")
    ap.add_argument("--workloads", help="comma list of: " + ",".join(w.key for w in WORKLOADS))
    ap.add_argument("--contenders", help="comma list of: nnact,nnact-j1,nnact-twin,loop,gawk,mlr,numpy,pandas,torch,polars,duckdb")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run")
    ap.add_argument("--results", default=os.path.join(BENCH, "results", "latest.md"))
    args = ap.parse_args()
    if args.quick:
        args.startup_runs = min(args.startup_runs, 200)
    args.rows = args.rows or (100_000 if args.quick else 1_000_000)
    args.npy_values = args.npy_values or (10_000_000 if args.quick else 100_000_000)
    args.line_bytes = args.line_bytes or (10_000_000 if args.quick else 100_000_000)

    os.makedirs(OUT, exist_ok=True)
    nnact = os.path.abspath(args.nnact)
    chosen = [c for c in contenders(nnact, build_loop())
              if not args.contenders or c.key in args.contenders.split(",")]
    workloads = [w for w in WORKLOADS if (args.workloads and w.key in args.workloads.split(","))
                 or (not args.workloads and (args.big or not w.big))]
    data = gen_data.generate(args.rows, args.npy_values, big=any(w.big for w in workloads), line_bytes=args.line_bytes)
    text, results, same = preamble(args, nnact), {}, {}
    print(text, flush=True)
    for w in workloads:
        src = data[w.data]
        rows = measure(w, chosen, data, args)
        if any(c.key == "nnact" for c in chosen):
            same[w.key] = same_for_every_jobs(w, nnact, data, args)
        results[w.key] = (rows, os.path.getsize(src))
        floor = statistics.median(spawn_times(["true"], src, 200)) if w.stdio else None
        section = table(w, rows, os.path.getsize(src), floor)
        print(section, flush=True)
        text += section + "\n"
    text += targets(results, same)
    print(targets(results, same))
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results, "w") as f:
        f.write(text)
    print(f"written to {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
