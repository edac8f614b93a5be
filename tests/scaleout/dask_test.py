#!/usr/bin/python3
"""scale-out/nnact_dask.py on a real Dask cluster (README "Scale-out", issue 17).

Starts `dask scheduler` and two `dask worker` processes on 127.0.0.1 (separate processes, TCP,
free ports) with the command lines the README shows, then checks against one local nnact run:
files mode and split mode (CSV with a header, quoted delimiters and "" escapes, CRLF; NDJSON),
byte for byte, for several chunk sizes; failed tasks' reports and exit codes; a quoted newline
refused; the README's examples as shown; the Hadoop/Spark filter commands on a split input.
The cluster is torn down however the test ends. Exit 77 (ctest: skipped) without Dask.

usage: dask_test.py NNACT SOURCE_DIR
"""
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

NNACT, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
DRIVER = os.path.join(SOURCE, "scale-out", "nnact_dask.py")
PYTHON = "/usr/bin/python3"
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def readme_section(name):
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index(f"\n## {name}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def examples(section):
    """The "    $ command" lines and the indented output under each, as readme_batch_test.cpp."""
    found, current = [], None
    for line in section.split("\n"):
        if line.startswith("    $ "):
            current = [line[6:], ""]
            found.append(current)
        elif current is not None and line.startswith("    "):
            current[1] += line[4:] + "\n"
        else:
            current = None
    return found


def prompt_lines(section, prompt):
    return [line[4 + len(prompt):] for line in section.split("\n") if line.startswith(f"    {prompt} ")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sh(command, cwd, env=None, stdin=None):
    done = subprocess.run(["sh", "-c", command], cwd=cwd, env=env, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.returncode, done.stdout


def driver(args, cwd, env):
    done = subprocess.run([PYTHON, DRIVER, "--nnact", NNACT, *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return done.returncode, done.stdout, done.stderr.decode()


def local(args, cwd):
    done = subprocess.run([NNACT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return done.returncode, done.stdout, done.stderr.decode()


def make_inputs(work):
    rng = random.Random(17)
    runs = os.path.join(work, "runs")
    os.makedirs(runs)
    for i in range(6):
        with open(os.path.join(runs, f"r{i}.csv"), "w") as f:
            f.write("x,y\n" + "".join(f"{rng.uniform(-4, 4):.7g},{rng.gauss(0, 2):.9g}\n" for _ in range(50)))
    shutil.copy(os.path.join(SOURCE, "samples", "mixed.csv"), runs)
    with open(os.path.join(work, "big.csv"), "w", newline="") as f:
        f.write('id,x,"la,bel",y\r\n')
        for i in range(3000):
            f.write(f'{i},{rng.uniform(-6, 6):.6g},"t ""{i}"", ok",{rng.gauss(0, 3):.9g}\r\n')
        f.write(f'3000,{rng.uniform(-6, 6):.6g},"last",-1.5')  # no final newline
    with open(os.path.join(work, "big.ndjson"), "w") as f:
        for i in range(3000):
            f.write('{"a":%.6g,"b":[%.5g,"s"],"c":"x"}\n' % (rng.uniform(-5, 5), rng.gauss(0, 1)))
        f.write("\n{\"a\":-1}\n")
    with open(os.path.join(work, "nohead.csv"), "w") as f:
        f.write("".join(f"{rng.uniform(-4, 4):.7g},{rng.gauss(0, 2):.9g}\n" for _ in range(2000)))


def test_files_mode(work, env):
    code, _, err = local(["--op", "gelu", "--approximate", "tanh", *sorted(
        os.path.join("runs", n) for n in os.listdir(os.path.join(work, "runs"))), "-f", "x,y",
        "--output-dir", "local_out"], work)
    assert code == 0, err
    code, _, err = driver(["files", "runs", "--output-dir", "dask_out", "--", "--op", "gelu",
                           "--approximate", "tanh", "-f", "x,y"], work, env)
    check(code == 0 and err == "", f"files: driver exit 0, quiet (got {code}: {err!r})")
    names = sorted(os.listdir(os.path.join(work, "local_out")))
    check(names == sorted(os.listdir(os.path.join(work, "dask_out"))) and len(names) == 7,
          "files: one output per input")
    same = all(open(os.path.join(work, "local_out", n), "rb").read() ==
               open(os.path.join(work, "dask_out", n), "rb").read() for n in names)
    check(same, "files: every output byte-identical to the local nnact run")

    with open(os.path.join(work, "bad.csv"), "w") as f:
        f.write("x,y\n1,2\n3,oops\n")
    _, _, local_err = local(["--op", "relu", "bad.csv"], work)
    code, _, err = driver(["files", "runs/r0.csv", "bad.csv", "runs/r1.csv", "--output-dir", "kept",
                           "--", "--op", "relu"], work, env)
    check(code == 3, f"files: a failed task makes the driver exit 3 (got {code})")
    check(f"nnact_dask: bad.csv: exit 3\n  {local_err}" in err and "tasks: 2 done, 1 failed" in err,
          f"files: the report holds the file, exit code and nnact's message ({err!r})")
    check(sorted(os.listdir(os.path.join(work, "kept"))) == ["r0.csv", "r1.csv"],
          "files: the other outputs are written, none for the failed input")
    code, _, err = driver(["files", "missing.csv", "--output-dir", "kept", "--", "--op", "relu"], work, env)
    check(code == 4 and "missing.csv" in err, f"files: an unreadable input gives exit 4 ({err!r})")


def test_split_mode(work, env):
    cases = [("big.csv", ["--op", "elu", "-f", "x,y"]), ("big.ndjson", ["--op", "selu"]),
             ("nohead.csv", ["--op", "softmax", "-j", "1"]), ("big.csv", ["--op", "crelu", "-f", "2"])]
    for name, args in cases:
        code, expected, err = local([*args, name], work)
        assert code == 0, err
        size = os.path.getsize(os.path.join(work, name))
        for chunk in (size // 3 + 1, 1999):  # 3 tasks, then about 60 (a dozen records each)
            code, got, err = driver(["split", name, "--chunk-bytes", str(chunk), "--", *args], work, env)
            check(code == 0 and got == expected,
                  f"split {name} {' '.join(args)} in {chunk}-byte ranges: same bytes as one run ({err[:300]!r})")
    # One task per byte: most ranges hold no record start, a few hold one each.
    code, expected, _ = local(["--op", "relu", "-f", "x", "runs/mixed.csv"], work)
    code, got, err = driver(["split", "runs/mixed.csv", "--chunk-bytes", "1", "--", "--op", "relu", "-f", "x"],
                            work, env)
    check(code == 0 and got == expected, f"split in 1-byte ranges: same bytes as one run ({err[:300]!r})")

    os.mkdir(os.path.join(work, "out"))
    code, _, err = driver(["split", "big.csv", "--chunk-bytes", "5000", "-o", "out/split.csv", "--",
                           "--op", "relu", "-f", "x,y"], work, env)
    with open(os.path.join(work, "out", "split.csv"), "rb") as f:
        check(code == 0 and f.read() == local(["--op", "relu", "-f", "x,y", "big.csv"], work)[1],
              "split -o: the file holds the joined output")

    lines = open(os.path.join(work, "big.csv"), newline="").read().split("\n")
    lines[2222] = lines[2222].replace(",-", ",-x", 1) if ",-" in lines[2222] else lines[2222] + "x"
    with open(os.path.join(work, "bad_big.csv"), "w", newline="") as f:
        f.write("\n".join(lines))
    _, _, local_err = local(["--op", "relu", "-f", "x,y", "bad_big.csv"], work)
    code, out, err = driver(["split", "bad_big.csv", "--chunk-bytes", "5000", "-o", "out/bad.csv", "--",
                             "--op", "relu", "-f", "x,y"], work, env)
    check(code == 3 and re.search(r"nnact_dask: bad_big.csv \(bytes \d+-\d+\): exit 3\n", err)
          and f"  {local_err}" in err and local_err.startswith("nnact: bad_big.csv:2223:"),
          f"split: the failed range is reported with nnact's own message and line ({err!r} vs {local_err!r})")
    check(not os.path.exists(os.path.join(work, "out", "bad.csv")) and
          not [n for n in os.listdir(os.path.join(work, "out")) if n.startswith(".nnact_dask")],
          "split: no output file and no temporary left after a failure")

    with open(os.path.join(work, "multiline.csv"), "w") as f:
        f.write('x,note\n1,"two\nlines"\n-2,plain\n')
    code, _, err = driver(["split", "multiline.csv", "--chunk-bytes", "8", "--", "--op", "relu",
                           "-f", "x"], work, env)
    check(code == 3 and "multiline.csv:2: a quoted field goes on past the end of the line" in err,
          f"split: a quoted newline is refused with its line ({err!r})")
    code, _, err = driver(["split", "big.csv", "--", "--op", "softmax", "--axis", "0"], work, env)
    check(code == 2 and "--axis 0" in err, f"split: --axis 0 is a usage error ({err!r})")


def test_readme(work, env, section):
    scratch = os.path.join(work, "readme")
    os.makedirs(os.path.join(scratch, "build"))
    os.symlink(NNACT, os.path.join(scratch, "build", "nnact"))
    shutil.copytree(os.path.join(SOURCE, "samples"), os.path.join(scratch, "samples"))
    shutil.copytree(os.path.join(SOURCE, "scale-out"), os.path.join(scratch, "scale-out"))
    found = examples(section)
    check(len(found) >= 3, "README Scale-out: has its examples")
    for command, expected in found:
        _, out = sh(command, scratch, env)
        got = out.decode()
        check(got == expected, f"README: {command}" + ("" if got == expected else f"\n      got: {got!r}"))

    # Hadoop Streaming's mapper and Spark's pipe command, run on each of two line splits.
    rng = random.Random(5)
    data = "".join(f"{rng.uniform(-3, 3):.6g},{rng.gauss(0, 1):.6g}\n" for _ in range(400)).encode()
    cut = data.index(b"\n", len(data) // 2) + 1
    path_env = dict(env, PATH=os.path.dirname(NNACT) + os.pathsep + env["PATH"])
    mapper = re.search(r"-mapper '([^']+)'", prompt_lines(section, "hadoop$")[0]).group(1)
    pipe = re.search(r'\.pipe\("([^"]+)"\)', prompt_lines(section, "pyspark>")[0]).group(1)
    _, whole = sh(mapper, work, path_env, data)
    for command in (mapper, pipe):
        parts = [sh(command, work, path_env, part) for part in (data[:cut], data[cut:])]
        check(all(code == 0 for code, _ in parts) and b"".join(out for _, out in parts) == whole
              and whole.count(b"\n") == 400, f"README: `{command}` on two splits gives the whole output")


def start(command, log, cwd):
    return subprocess.Popen(command, shell=True, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def stop(processes):
    for p in processes:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in processes:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def main():
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: Dask distributed is not installed (apt-get install python3-distributed)")
        return 77
    if not shutil.which("dask"):
        print("skipped: the `dask` command is not on PATH (python3-distributed)")
        return 77
    began = time.monotonic()
    section = readme_section("Scale-out")
    scheduler_cmd = prompt_lines(section, "scheduler$")[0]
    worker_cmd = prompt_lines(section, "worker$")[0]
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    # The README's command lines, on loopback with a free port; worker files in the scratch dir.
    scheduler_cmd = scheduler_cmd.replace("8786", str(port)) + " --host 127.0.0.1"
    worker_cmd = worker_cmd.replace("scheduler-host:8786", f"127.0.0.1:{port}") + " --host 127.0.0.1"
    work = tempfile.mkdtemp(prefix="nnact_dask_test.")
    processes = []
    log = open(os.path.join(work, "cluster.log"), "w")
    try:
        processes.append(start(scheduler_cmd, log, work))
        for i in range(2):
            processes.append(start(f"{worker_cmd} --local-directory w{i}", log, work))
        from distributed import Client
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=40)
            workers = client.scheduler_info()["workers"]
            check(len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers),
                  f"cluster: a scheduler and two TCP workers, up in {time.monotonic() - began:.1f} s")
        env = dict(os.environ, NNACT_SCHEDULER=address)
        make_inputs(work)
        test_files_mode(work, env)
        test_split_mode(work, env)
        test_readme(work, env, section)
        with Client(address, timeout=30) as client:
            check(len(client.scheduler_info()["workers"]) == 2, "cluster: both workers still up")
    except Exception:
        log.flush()
        print(open(os.path.join(work, "cluster.log")).read()[-4000:])
        raise
    finally:
        stop(processes)
        log.close()
        if not failures:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failed; {time.monotonic() - began:.1f} s" + (f"; files kept in {work}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
