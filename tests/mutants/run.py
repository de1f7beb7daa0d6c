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

    run.py [--short] [--mutant NAME ...] [CASE ...]   only these mutants, only these cases (ids or globs)

--short (make test) decides the same two things in a fraction of the runs,
and so prints a partial kill matrix: it stops trying a mutant once it has a
killer, and a case once it has one (or a "Not-mutated:" reason); see
short_form() for the order.  It starts from tests/mutants/witnesses, pairs of
a mutant and a case it killed, which the whole matrix (run over every case and
mutant) writes: a few pairs that name a killer for every mutant and every
case.  Each pair is run, never trusted; a pair that no longer kills, and a
case or mutant added since, cost only a longer search.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import mmapcheck  # noqa: E402
from mmapcheck.build import Toolchain  # noqa: E402
from mmapcheck.cases import collect, lint_or_die, select  # noqa: E402
from mmapcheck.suite import Suite  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preload import build_preload  # noqa: E402

HERE = Path(__file__).resolve().parent
WITNESSES = HERE / "witnesses"


def build_injector(tc):
    """inject.c and every file of mutants beside it, as one LD_PRELOAD library."""
    return build_preload(tc, sorted(HERE.glob("*.c")), tc.build_dir / "mutants" / "inject.so")


def injector_says_lines(lib, what):
    return subprocess.run(["/bin/true"], env=dict(os.environ, LD_PRELOAD=str(lib), MMAPCHECK_MUTANT=what),
                          stdout=subprocess.PIPE, text=True, check=True).stdout.splitlines()


def injector_says(lib, what):
    return dict(line.split("\t", 1) for line in injector_says_lines(lib, what))


def list_mutants(lib):
    return sorted(injector_says(lib, "--list").items())


def syscalled_functions(lib):
    """The functions cases call through syscall(), which the injector hands to the mutant's function."""
    return set(injector_says_lines(lib, "--syscalled"))


def replaced_functions(lib):
    """{mutant name: the set of functions it replaces}."""
    return {name: set(fns.split()) for name, fns in injector_says(lib, "--replaces").items()}


# A case that starts another program may reach a replaced function through it.
STARTS_PROGRAMS = {"execv", "execve", "execvp", "execl", "execlp", "execle", "fexecve", "posix_spawn",
                   "posix_spawnp", "system", "popen"}


def imported_functions(binaries, syscalled=frozenset()):
    """{binary: the functions it imports from shared libraries, and the
    syscalled ones when it imports syscall()}, or None for a binary (read as
    'any function') when nm cannot tell or it starts other programs."""
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
            found[path] = imported | (syscalled if "syscall" in imported else set())
    return found


# glibc calls the allocator through the dynamic linker from inside itself (so
# that a program may replace malloc), so every case reaches these.
LIBC_CALLS_ITSELF = {"free"}


def reachable(mutant_replaces, imports):
    return imports is None or bool(mutant_replaces & (imports | LIBC_CALLS_ITSELF))


def about(case, mutant, replaces):
    """Whether the case's call (its directory, or the first word of its claim's
    name) is one the mutant names or replaces: where its killer most likely is."""
    words = {case.id.split("/")[0], case.id.split("/")[1].split("-")[0]}
    return bool(words & (replaces | {mutant.split("-")[0]}))


class KillMatrix:
    """Which cases each mutant turned from pass into fail (kills) or error (broke)."""

    def __init__(self, tc, lib):
        self.tc, self.lib = tc, lib
        self.kills, self.broke, self.tried = {}, {}, set()

    def attempt(self, mutant, cases):
        cases = [c for c in cases if (mutant, c.id) not in self.tried]
        if not cases:
            return
        suite = Suite(self.tc, env={"LD_PRELOAD": str(self.lib), "MMAPCHECK_MUTANT": mutant}).run(cases)
        self.tried |= {(mutant, c.id) for c in cases}
        for r in suite.runs:
            if r.outcome in ("fail", "error"):
                (self.kills if r.outcome == "fail" else self.broke).setdefault(mutant, set()).add(r.case.id)

    def killed(self, case):
        return any(case.id in kills for kills in self.kills.values())

    def attempt_until_killed(self, mutant, cases, chunk=8):
        """The cases a few at a time, until one kills the mutant."""
        for i in range(0, len(cases), chunk):
            if mutant in self.kills:
                return
            self.attempt(mutant, cases[i:i + chunk])


def read_witnesses(path=WITNESSES):
    """{mutant: case ids} from the witnesses file; none where it is missing."""
    pairs = {}
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return pairs
    for line in lines:
        if line.strip() and not line.startswith("#"):
            mutant, _, case = line.partition(" ")
            pairs.setdefault(mutant, set()).add(case.strip())
    return pairs


def choose_witnesses(kills):
    """From a whole kill matrix ({mutant: case ids}), pairs that name a killer
    for every mutant and every case killed: for each mutant, the case it kills
    that the fewest mutants kill (that case's killer too, then); then a killer
    for each case still without one."""
    killers = {}
    for mutant, cases in kills.items():
        for cid in cases:
            killers.setdefault(cid, []).append(mutant)
    pairs = set()
    for mutant, cases in sorted(kills.items()):
        if cases:
            pairs.add((mutant, min(sorted(cases), key=lambda cid: len(killers[cid]))))
    covered = {cid for _, cid in pairs}
    for cid, mutants in sorted(killers.items()):
        if cid not in covered:
            pairs.add((sorted(mutants)[0], cid))
    return sorted(pairs)


def write_witnesses(kills, path=WITNESSES):
    lines = [f"{mutant} {cid}" for mutant, cid in choose_witnesses(kills)]
    path.write_text("# Written by make mutants (tests/mutants/run.py over every case and mutant):\n"
                    "# a mutant and a case it killed, where run.py --short starts.  Never edit.\n"
                    + "\n".join(lines) + "\n")


def short_form(mutants, exposed, replaces, matrix, witnesses=None):
    """Enough runs to find a killer for every mutant and for every case without
    a Not-mutated: reason, if there is one.  First the witnesses, each mutant
    on the cases it killed last time; then each mutant on the cases about the
    call it breaks, those still without a killer first; then, for a mutant
    still without a killer, the rest of its cases; then each case still
    without a killer under every mutant that reaches it, until one kills it."""
    def needs_killer(c):
        return not c.not_mutated and not matrix.killed(c)

    for name in mutants:
        witnessed = (witnesses or {}).get(name, ())
        matrix.attempt(name, [c for c in exposed[name] if c.id in witnessed])

    def likely_first(name, cases):
        """Cases that killed a mutant breaking the same function come first."""
        siblings = [m for m in matrix.kills if replaces[m] & replaces[name]]
        return sorted(cases, key=lambda c: not any(c.id in matrix.kills[m] for m in siblings))

    for name in mutants:
        near = [c for c in exposed[name] if about(c, name, replaces[name])]
        matrix.attempt(name, [c for c in near if needs_killer(c)])
        matrix.attempt_until_killed(name, likely_first(name, near))
    for name in mutants:
        matrix.attempt_until_killed(name, likely_first(name, exposed[name]))
    for name in mutants:
        matrix.attempt(name, [c for c in exposed[name] if needs_killer(c)])


def main(argv=None):
    parser = argparse.ArgumentParser(description="the suite once per injected bug")
    parser.add_argument("--short", action="store_true",
                        help="only as many runs as it takes to find a killer for each mutant and each case")
    parser.add_argument("--mutant", action="append", help="only this mutant (repeatable)")
    parser.add_argument("cases", nargs="*", metavar="CASE")
    args = parser.parse_args(argv)
    start = time.monotonic()
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
    imported = imported_functions((tc.build_dir / c.id for c in passing), syscalled_functions(lib))
    imports = {c.id: imported[str(tc.build_dir / c.id)] for c in passing}
    exposed = {name: [c for c in passing if reachable(replaces[name], imports[c.id])] for name, _ in mutants}
    matrix = KillMatrix(tc, lib)
    if args.short:
        short_form([name for name, _ in mutants], exposed, replaces, matrix, read_witnesses())
    else:
        for name, _ in mutants:
            matrix.attempt(name, exposed[name])
        if not args.mutant and not args.cases:
            write_witnesses(matrix.kills)
    width = max(len(name) for name, _ in mutants)
    killed_by, survivors = {}, []
    for name, bug in mutants:
        kills, broke = sorted(matrix.kills.get(name, ())), sorted(matrix.broke.get(name, ()))
        for cid in kills:
            killed_by.setdefault(cid, []).append(name)
        if not kills:
            survivors.append(name)
        print(f"{name:{width}}  {bug}")
        print(f"{'':{width}}  killed by: {', '.join(kills) or 'NOTHING (survivor)'}")
        if broke:
            print(f"{'':{width}}  also broke the set-up of: {', '.join(broke)}")
    runs = len(matrix.tried)
    unreached = [c for c in cases if c.id not in killed_by]
    print("\ncases no mutant kills:" if not args.short else
          "\ncases no mutant killed (the short form tries a case with a Not-mutated: reason only as a"
          " killer of last resort):")
    unexplained = []
    for c in unreached:
        print(f"  {c.id}: {c.not_mutated or 'NO MUTANT AND NO Not-mutated: REASON'}")
        if not c.not_mutated:
            unexplained.append(c.id)
    if not unreached:
        print("  (none)")
    if survivors:
        print(f"\nsurvivors: {', '.join(survivors)}")
    why_fewer = ("the short form runs a mutant only until it and each case have a killer"
                 if args.short else "the others call no function the mutant replaces")
    print(f"\n{runs} case runs ({len(passing)} passing cases x {len(mutants)} mutants"
          f" = {len(passing) * len(mutants)}; {why_fewer}; {time.monotonic() - start:.0f} s)")
    print(f"\nkilled {len(mutants) - len(survivors)}/{len(mutants)}")
    return 1 if survivors or unexplained else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except mmapcheck.UsageError as e:
        print(f"mutants: {e}", file=sys.stderr)
        sys.exit(2)
