"""How often runner.sh misses a TERM that arrives just after one of its lanes
died (the race test_runner_sh.py's lane-killed test met about once in a
hundred runs under bash): runs that scene N times per shell and counts the
runs that did not end within 5 s.

    python3 tests/stress/runner_sh_term_race.py [N]    (default 200)

Its figures are in issue 12's closing note; it is a measurement, not a test."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

RUNNER = Path(__file__).resolve().parent.parent.parent / "runner.sh"
HANG = r'''#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) { FILE *f = fopen(getenv("HANG_READY"), "w"); fclose(f);
  puts("KTAP version 1"); fflush(stdout); for (;;) pause(); }'''


def lanes_of(pid):
    found = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[1] == str(pid):
            found.append(int(p))
    return found


SHELLS = {"bash": ["bash"], "dash": ["dash"], "busybox": ["busybox", "sh"]}


def one_run(shell, cases, work):
    ready = work / "ready"
    os.mkfifo(ready)
    proc = subprocess.Popen(SHELLS[shell] + [str(RUNNER), "-j", "1", "-t", "600", "-s", str(work), str(cases), "mmap/hang"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work,
                            env=dict(os.environ, HANG_READY=str(ready)))
    with open(ready) as fifo:
        fifo.read()
    for lane in lanes_of(proc.pid):  # the lane, and the watchdog's starter where it has one
        os.kill(lane, signal.SIGKILL)
    proc.terminate()
    try:
        proc.communicate(timeout=5)
        return True
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return False
    finally:
        subprocess.run(["pkill", "-KILL", "-f", str(cases / "mmap" / "hang")])


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp, "cases")
        (cases / "mmap").mkdir(parents=True)
        src = Path(tmp, "hang.c")
        src.write_text(HANG)
        subprocess.run(["cc", "-o", str(cases / "mmap" / "hang"), str(src)], check=True)
        for shell, argv in SHELLS.items():
            if not shutil.which(argv[0]):
                continue
            missed = 0
            for i in range(runs):
                work = Path(tmp, f"{shell}-{i}")
                work.mkdir()
                missed += not one_run(shell, cases, work)
                shutil.rmtree(work, ignore_errors=True)
            print(f"{shell}: {missed}/{runs} runs did not end within 5 s of the TERM")


if __name__ == "__main__":
    main()
