#!/usr/bin/env python3
"""make stability: runs the whole suite N times (default 20) under each of three
conditions -- idle; every core busy with a CPU hog; most free memory held by
a memory hog -- and reports every case whose verdict or observation tokens
differ between runs (a "flip").  The hogs are bounded: they end when this
script closes their stdin, and by themselves after --hog-seconds.  Exits 1 on
any flip."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mmapcheck.build import Toolchain, build  # noqa: E402
from mmapcheck.cases import collect, lint_or_die  # noqa: E402
from mmapcheck.suite import Suite  # noqa: E402

# A hog ends when its stdin closes (we exit or die) or at its alarm.
CPU_HOG = """
import signal, sys, threading
signal.alarm({seconds})
threading.Thread(target=lambda: (sys.stdin.read(), __import__("os")._exit(0)), daemon=True).start()
print("ready", flush=True)
while True:
    pass
"""
MEMORY_HOG = """
import mmap, signal, sys
signal.alarm({seconds})
size = {size}
block = mmap.mmap(-1, size)  # anonymous, private
for offset in range(0, size, mmap.PAGESIZE):
    block[offset] = 1  # make every page resident
print("ready", flush=True)
sys.stdin.read()
"""


def available_memory():
    with open("/proc/meminfo") as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["MemAvailable"].split()[0]) * 1024


def start_hogs(source, count):
    hogs = [subprocess.Popen([sys.executable, "-c", source], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True) for _ in range(count)]
    for hog in hogs:
        if hog.stdout.readline().strip() != "ready":
            raise SystemExit("stability: a hog did not start")
    return hogs


def stop_hogs(hogs):
    for hog in hogs:
        hog.stdin.close()
        try:
            hog.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hog.kill()
            hog.wait()


def fingerprint(run):
    return (run.verdict, tuple(sorted(run.observed.items())))


def run_condition(name, cases, tc, runs):
    seen = {}
    for _ in range(runs):
        suite = Suite(tc).run(cases)
        for r in suite.runs:
            seen.setdefault(r.case.id, {}).setdefault(fingerprint(r), 0)
            seen[r.case.id][fingerprint(r)] += 1
    flips = {cid: prints for cid, prints in seen.items() if len(prints) > 1}
    print(f"{name}: {runs} runs of {len(cases)} cases, {len(flips)} flips")
    for cid, prints in sorted(flips.items()):
        print(f"  {cid}:")
        for (verdict, observed), count in sorted(prints.items(), key=lambda kv: -kv[1]):
            tokens = " ".join(f"{k}={v}" for k, v in observed)
            print(f"    {count:3}x {verdict} {tokens}")
    return len(flips)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--memory-fraction", type=float, default=0.8,
                        help="share of MemAvailable the memory hog holds")
    parser.add_argument("--hog-seconds", type=int, default=1800, help="a hog's own time limit")
    args = parser.parse_args()
    tc = Toolchain(cc=os.environ.get("CC", "cc"))
    cases = collect()
    lint_or_die(cases)
    build(cases, tc)
    flips = run_condition("idle", cases, tc, args.runs)
    hogs = start_hogs(CPU_HOG.format(seconds=args.hog_seconds), os.cpu_count() or 1)
    try:
        flips += run_condition(f"cpu load ({len(hogs)} busy processes)", cases, tc, args.runs)
    finally:
        stop_hogs(hogs)
    size = int(available_memory() * args.memory_fraction)
    hogs = start_hogs(MEMORY_HOG.format(seconds=args.hog_seconds, size=size), 1)
    try:
        flips += run_condition(f"memory pressure ({size >> 20} MiB held, "
                               f"{available_memory() >> 20} MiB left available)", cases, tc, args.runs)
    finally:
        stop_hogs(hogs)
    print(f"flips: {flips}")
    return 1 if flips else 0


if __name__ == "__main__":
    sys.exit(main())
