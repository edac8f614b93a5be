#!/usr/bin/python3
"""Run nnact on a Dask distributed cluster (README "Scale-out").

  nnact_dask.py [--scheduler ADDR] files PATH... --output-dir DIR -- NNACT_ARGS
      one task per input file (a directory stands for the regular files in it, sorted); each task
      runs `nnact NNACT_ARGS FILE --output-dir DIR` on a worker, so nnact writes each output
      atomically (temporary file, then rename). DIR must be reachable from the workers.
  nnact_dask.py [--scheduler ADDR] split FILE [--chunk-bytes N] [-o OUT] -- NNACT_ARGS
      one CSV, TSV or NDJSON file cut into byte ranges; a record belongs to the range holding its
      first byte, so each record goes to exactly one task. Every task after the first is also
      given the file's first line (a CSV/TSV header or not, nnact decides as it does for the whole
      file) and its output's first line is dropped. The outputs are joined in file order into OUT
      (written atomically; default standard output). Records must be one per line: a CSV line
      holding an odd number of '"' (a quoted field going on past a newline) fails its task.

ADDR defaults to $NNACT_SCHEDULER. Inputs must be at the same path on every worker (a shared file
system, or copies). Failed tasks are reported on stderr with nnact's exit code and message (for
split, the message's <stdin>:LINE is turned back into FILE:LINE); the exit status is the worst
nnact exit code (0 when every task succeeded, 2 for a usage error of this driver, 4 when the
scheduler cannot be reached).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

USAGE, DATA, IO = 2, 3, 4
SPLIT_FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".ndjson": "ndjson", ".jsonl": "ndjson"}
# Options the driver owns in split mode, or that need the whole input at once.
SPLIT_REFUSED = {"-o", "--output", "--output-dir", "-I", "--in-place", "--to", "--expect", "--files-from"}


class UsageError(Exception):
    pass


def run_nnact(argv, stdin=None):
    """Runs nnact; returns (exit code, stdout bytes, stderr text). Never raises."""
    try:
        done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=None if stdin is not None else subprocess.DEVNULL)
        return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")
    except OSError as error:
        return IO, b"", f"cannot run {argv[0]}: {error.strerror}\n"


def file_task(nnact, args, path, output_dir):
    code, _, err = run_nnact([nnact, *args, path, "--output-dir", output_dir])
    return {"path": path, "code": code, "stderr": err}


def read_range(path, start, end):
    """The records whose first byte lies in [start, end), and the offset of the first one."""
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            start += len(f.readline()) - 1  # the record holding byte start-1 is an earlier task's
        if start >= end:
            return b"", start
        f.seek(start)
        data = f.read(end - start)
        if data and not data.endswith(b"\n"):
            data += f.readline()
        return data, start


def lines_before(path, offset):
    with open(path, "rb") as f:
        return f.read(offset).count(b"\n")


def split_task(nnact, args, path, index, start, end, first_line, check_quotes):
    name = f"bytes {start}-{end}"
    try:
        data, first = read_range(path, start, end)
    except OSError as error:
        return {"path": path, "part": name, "code": IO, "stdout": b"", "stderr": f"{path}: {error.strerror}\n"}
    if not data:
        return {"path": path, "part": name, "code": 0, "stdout": b"", "stderr": ""}
    odd = None
    if check_quotes and b'"' in data:  # every line of a one-line record has an even count
        odd = next((i for i, line in enumerate(data.split(b"\n")) if line.count(b'"') % 2), None)
    if odd is not None:
        line = lines_before(path, first) + odd + 1
        return {"path": path, "part": name, "code": DATA, "stdout": b"", "stderr":
                f"{path}:{line}: a quoted field goes on past the end of the line; split needs one "
                "record per line (run nnact on the whole file instead)\n"}
    extra = first_line if index > 0 else b""
    code, out, err = run_nnact([nnact, *args], extra + data)
    if code != 0:  # <stdin>:LINE:COL of the task's input -> FILE:LINE:COL of the whole file
        base = lines_before(path, first) - (1 if extra else 0)
        err = re.sub(r"<stdin>:(\d+):", lambda m: f"{path}:"
                     f"{1 if extra and m.group(1) == '1' else base + int(m.group(1))}:", err)
    elif extra:
        out = out[out.find(b"\n") + 1:] if b"\n" in out else b""
    return {"path": path, "part": name, "code": code, "stdout": out, "stderr": err}


def input_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(os.path.join(path, n) for n in os.listdir(path)
                            if not n.startswith(".") and os.path.isfile(os.path.join(path, n)))
        else:
            files.append(path)
    return files


def split_format(path, args):
    if "--from" in args[:-1]:
        return args[args.index("--from") + 1]
    return SPLIT_FORMATS.get(os.path.splitext(path)[1].lower())


def submit(client, options, nnact_args):
    nnact = options.nnact
    if options.mode == "files":
        os.makedirs(options.output_dir, exist_ok=True)
        return [client.submit(file_task, nnact, nnact_args, os.path.abspath(p),
                              os.path.abspath(options.output_dir), pure=False)
                for p in input_files(options.paths)]
    path = os.path.abspath(options.file)
    refused = [a for a in nnact_args if a.split("=")[0] in SPLIT_REFUSED]
    if refused or re.search(r"--axis[ =]0\b", " ".join(nnact_args)):
        raise UsageError(f"split: {(refused or ['--axis 0'])[0]} needs the whole input; use files mode")
    fmt = split_format(path, nnact_args)
    if fmt not in ("csv", "tsv", "ndjson"):
        raise UsageError(f"split: {options.file}: needs CSV, TSV or NDJSON (give --from)")
    args = nnact_args if "--from" in nnact_args else [*nnact_args, "--from", fmt]
    with open(path, "rb") as f:
        first_line = f.readline()
    if not first_line.endswith(b"\n"):
        first_line += b"\n"
    size = os.path.getsize(path)
    starts = range(0, size, options.chunk_bytes)
    return [client.submit(split_task, nnact, args, path, i, s, min(s + options.chunk_bytes, size),
                          first_line if fmt != "ndjson" else b"", fmt != "ndjson", pure=False)
            for i, s in enumerate(starts)]


def gather(futures, options):
    """Waits for the tasks in order, writes split output, reports failures; returns the exit code."""
    worst, failed = 0, 0
    shown = {os.path.abspath(p): p for p in (input_files(options.paths) if options.mode == "files" else [options.file])}
    out, temp = None, None
    if options.mode == "split":
        if options.output in (None, "-"):
            out = sys.stdout.buffer
        else:
            directory = os.path.dirname(os.path.abspath(options.output))
            fd, temp = tempfile.mkstemp(prefix=".nnact_dask.", dir=directory)
            out = os.fdopen(fd, "wb")
    try:
        for future in futures:
            result = future.result()
            future.release()
            if result["code"] != 0:
                failed += 1
                worst = max(worst, result["code"])
                name = shown[result["path"]]  # the path as given, also in nnact's message
                part = f" ({result['part']})" if "part" in result else ""
                sys.stderr.write(f"nnact_dask: {name}{part}: exit {result['code']}\n")
                message = result["stderr"].replace(result["path"], name)
                sys.stderr.write("".join(f"  {line}\n" for line in message.splitlines()))
            elif out is not None and worst == 0:
                out.write(result["stdout"])
        if temp is not None:
            out.close()
            if worst == 0:
                os.replace(temp, options.output)
                temp = None
    finally:
        if temp is not None:
            os.unlink(temp)
    if failed:
        sys.stderr.write(f"nnact_dask: tasks: {len(futures) - failed} done, {failed} failed\n")
    return worst


def parse(argv):
    own, nnact_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="nnact_dask.py", description="nnact on a Dask cluster")
    parser.add_argument("--scheduler", default=os.environ.get("NNACT_SCHEDULER"),
                        help="scheduler address, tcp://HOST:PORT (default $NNACT_SCHEDULER)")
    parser.add_argument("--nnact", default="nnact", help="the nnact binary on the workers")
    modes = parser.add_subparsers(dest="mode", required=True)
    files = modes.add_parser("files", help="one task per input file")
    files.add_argument("paths", nargs="+")
    files.add_argument("--output-dir", required=True)
    split = modes.add_parser("split", help="one large CSV/TSV/NDJSON file in byte ranges")
    split.add_argument("file")
    split.add_argument("--chunk-bytes", type=int, default=64 << 20)
    split.add_argument("-o", "--output")
    options = parser.parse_args(own)
    if not options.scheduler:
        parser.error("no scheduler: give --scheduler tcp://HOST:PORT or set NNACT_SCHEDULER")
    if not nnact_args:
        parser.error("no nnact options: give them after --, e.g. -- --op relu")
    if options.mode == "split" and options.chunk_bytes < 1:
        parser.error("--chunk-bytes must be positive")
    return options, nnact_args


def main(argv):
    options, nnact_args = parse(argv)
    if os.sep in options.nnact:
        options.nnact = os.path.abspath(options.nnact)
    from distributed import Client  # after parsing: --help works without Dask
    try:
        client = Client(options.scheduler, timeout=30)
    except OSError as error:
        sys.stderr.write(f"nnact_dask: cannot reach the scheduler {options.scheduler}: {error}\n")
        return IO
    with client:
        try:
            return gather(submit(client, options, nnact_args), options)
        except UsageError as error:
            sys.stderr.write(f"nnact_dask: {error}\n")
            return USAGE
        except OSError as error:
            sys.stderr.write(f"nnact_dask: {error.filename}: {error.strerror}\n")
            return IO


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
