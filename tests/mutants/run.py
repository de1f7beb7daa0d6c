#!/usr/bin/env python3
"""make mutants: runs the whole suite once per mutant of tests/mutants/inject.c
(a fault injector loaded only into the case binaries) and prints the kill
matrix: for each mutant, the cases that turned from pass into fail.  A mutant
runs only on the cases that pass without it and import (call through the
dynamic linker, where LD_PRELOAD reaches) a function it replaces: no other
case can turn from pass into fail.  Then the
mutants no case kills and the cases no mutant kills (each must say why in a
"Not-mutated:" header line), and last "killed K/N".  Exits 1 unless every
mutant is killed and every unkilled case has its reason.

    run.py [--mutant NAME ...] [CASE ...]   only these mutants, only these cases (ids or globs)
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import mmapcheck  # noqa: E402
from mmapcheck.build import Toolchain  # noqa: E402
from mmapcheck.cases import collect, lint_or_die, select  # noqa: E402
from mmapcheck.suite import Suite  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preload import build_preload  # noqa: E402

HERE = Path(__file__).resolve().parent


def build_injector(tc):
    """inject.c and every file of mutants beside it, as one LD_PRELOAD library."""
    return build_preload(tc, sorted(HERE.glob("*.c")), tc.build_dir / "mutants" / "inject.so")


def injector_says(lib, what):
    out = subprocess.run(["/bin/true"], env=dict(os.environ, LD_PRELOAD=str(lib), MMAPCHECK_MUTANT=what),
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    return dict(line.split("\t", 1) for line in out.splitlines())


def list_mutants(lib):
    return sorted(injector_says(lib, "--list").items())


def replaced_functions(lib):
    """{mutant name: the set of functions it replaces}."""
    return {name: set(fns.split()) for name, fns in injector_says(lib, "--replaces").items()}


# A case that starts another program may reach a replaced function through it.
STARTS_PROGRAMS = {"execv", "execve", "execvp", "execl", "execlp", "execle", "fexecve", "posix_spawn",
                   "posix_spawnp", "system", "popen"}


def imported_functions(binaries):
    """{binary: the functions it imports from shared libraries}, or None for a
    binary (read as 'any function') when nm cannot tell or it starts other programs."""
    found = {str(b): None for b in binaries}
    try:  # one nm for all: a process per binary costs more than the reading
        proc = subprocess.run(["nm", "-D", "--undefined-only", "--print-file-name"] + list(found),
                              capture_output=True, text=True)
    except OSError:
        return found
    names = {}
    for line in proc.stdout.splitlines():
        path, _, symbol = line.partition(":")
        if symbol.split():
            names.setdefault(path, set()).add(symbol.split()[-1].partition("@")[0])
    for path, imported in names.items():
        if path in found and not imported & STARTS_PROGRAMS:
            found[path] = imported
    return found


# glibc calls the allocator through the dynamic linker from inside itself (so
# that a program may replace malloc), so every case reaches these.
LIBC_CALLS_ITSELF = {"free"}


def reachable(mutant_replaces, imports):
    return imports is None or bool(mutant_replaces & (imports | LIBC_CALLS_ITSELF))


def main(argv=None):
    parser = argparse.ArgumentParser(description="the suite once per injected bug")
    parser.add_argument("--mutant", action="append", help="only this mutant (repeatable)")
    parser.add_argument("cases", nargs="*", metavar="CASE")
    args = parser.parse_args(argv)
    tc = Toolchain(cc=os.environ.get("CC", "cc"),
                          build_dir=Path(os.environ.get("BUILD", mmapcheck.ROOT / "build")).resolve())
    all_cases = collect()
    lint_or_die(all_cases)
    cases = select(all_cases, args.cases)
    lib = build_injector(tc)
    mutants = list_mutants(lib)
    replaces = replaced_functions(lib)
    if args.mutant:
        known = {name for name, _ in mutants}
        unknown = [m for m in args.mutant if m not in known]
        if unknown:
            raise mmapcheck.UsageError(f"unknown mutant '{unknown[0]}' (run.py lists them all)")
        mutants = [(name, bug) for name, bug in mutants if name in args.mutant]
    baseline = Suite(tc).run(cases)
    passing = [r.case for r in baseline.runs if r.outcome == "pass"]
    print(f"baseline: {len(passing)} of {len(cases)} cases pass without a mutant\n")
    imported = imported_functions(tc.build_dir / c.id for c in passing)
    imports = {c.id: imported[str(tc.build_dir / c.id)] for c in passing}
    width = max(len(name) for name, _ in mutants)
    killed_by, survivors, runs = {}, [], 0
    for name, bug in mutants:
        exposed = [c for c in passing if reachable(replaces[name], imports[c.id])]
        suite = Suite(tc, env={"LD_PRELOAD": str(lib), "MMAPCHECK_MUTANT": name}).run(exposed)
        runs += len(exposed)
        kills = sorted(r.case.id for r in suite.runs if r.outcome == "fail")
        broke = sorted(r.case.id for r in suite.runs if r.outcome == "error")
        for cid in kills:
            killed_by.setdefault(cid, []).append(name)
        if not kills:
            survivors.append(name)
        print(f"{name:{width}}  {bug}")
        print(f"{'':{width}}  killed by: {', '.join(kills) or 'NOTHING (survivor)'}")
        if broke:
            print(f"{'':{width}}  also broke the set-up of: {', '.join(broke)}")
    unreached = [c for c in cases if c.id not in killed_by]
    print("\ncases no mutant kills:")
    unexplained = []
    for c in unreached:
        print(f"  {c.id}: {c.not_mutated or 'NO MUTANT AND NO Not-mutated: REASON'}")
        if not c.not_mutated:
            unexplained.append(c.id)
    if not unreached:
        print("  (none)")
    if survivors:
        print(f"\nsurvivors: {', '.join(survivors)}")
    print(f"\n{runs} case runs ({len(passing)} passing cases x {len(mutants)} mutants"
          f" = {len(passing) * len(mutants)}; the others call no function the mutant replaces)")
    print(f"\nkilled {len(mutants) - len(survivors)}/{len(mutants)}")
    return 1 if survivors or unexplained else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except mmapcheck.UsageError as e:
        print(f"mutants: {e}", file=sys.stderr)
        sys.exit(2)
