#!/usr/bin/env python3
"""make vacuity: does each case notice when the call its claim is about does
nothing?  Hand-written mutants are written with their case in view; this
check is not.  For every case:

1. Trace.  The case runs once under tests/vacuity/noop.c's "trace" (an
   LD_PRELOAD library built from the fault injector tests/mutants/inject.c
   and noop.c only), which reports on stderr each memory-mapping call the
   case's process and its children make through the C library: munmap,
   mprotect, pkey_mprotect, msync, madvise, posix_madvise, mremap, mlock,
   mlock2, munlock, mlockall, munlockall, mincore, ftruncate, truncate,
   fcntl(F_ADD_SEALS) (named fcntl_add_seals), shm_unlink, remap_file_pages, and those made
   through syscall() by number (harness/mc_linux_calls.h): mseal,
   process_madvise, cachestat, pkey_free.  mmap is not no-op'd ("mmap flags
   aside"), nor memfd_create, shm_open, memfd_secret, pkey_alloc and
   map_shadow_stack: no success without an address, a descriptor or a key.  This run is also the baseline: it
   has the same library loaded as the no-op runs, and it changes nothing.
2. No-op.  A case that passes is run again with its claim's call replaced by
   one that returns success and does nothing (noop.c says what that is for
   mincore, mremap and fcntl).  It must then end in fail or error: killed.
   A pass or a skip under the no-op is a SURVIVOR: the case can pass without
   the call acting, so its pass says nothing.

The claim's call is, in this order:
  - the case's "Claim-call:" header line, where the id does not say it
    (an undo case names the one advice it is about, e.g. madvise_dodump:
    the advice it undoes must still act, see noop.c);
  - the call its claim name starts with (mlock/munlockall-unlocks-all:
    munlockall; madvise/posix-madvise-...: posix_madvise; maps/munmap-...:
    munmap), the longest that matches;
  - memfd/: fcntl_add_seals when the name has the word "seal", else
    memfd_create;
  - the case's directory (cases/<call>/): maps/ is mmap's, shm/ shm_open's,
    malloc/ free()'s.
A claim about a call with no no-op (mmap, memfd_create, shm_open, free) is
listed as "not applicable" with that reason, never as a pass; so is a case
that makes its claim's call through syscall() with a number the injector does not hand on, out of an LD_PRELOAD
library's reach.  A case whose claim's call is never traced at all is a
survivor.  A case that does not pass here to begin with (skip, xfail, fail)
is "not checkable here", with its baseline verdict.

A claim that a no-op genuinely satisfies ("munlock() of memory never locked
succeeds") says why in a "Noop-satisfies:" header line: it is still run
under the no-op, and if the no-op kills it after all the exemption is stale
and the check fails.

    run.py [--short] [CASE ...]

The full form (make vacuity) also runs each passing case under the no-op of
every other call it makes and lists, for information, the no-ops it
survives: those are not failures (a set-up munmap() a case does not depend
on is fine).  --short runs the claim's call only (make test).  The last line
totals the cases; the exit status is 1 on a survivor or a stale exemption,
2 on bad input.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import mmapcheck  # noqa: E402
from mmapcheck.build import Toolchain  # noqa: E402
from mmapcheck.cases import collect, lint_or_die, select  # noqa: E402
from mmapcheck.suite import Suite  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mutants"))
from preload import build_preload  # noqa: E402

HERE = Path(__file__).resolve().parent
INJECTOR = HERE.parent / "mutants"

NOOPABLE = ("munmap", "mprotect", "pkey_mprotect", "msync", "madvise", "posix_madvise", "mremap",
            "mlock", "mlock2", "munlock", "mlockall", "munlockall", "mincore", "ftruncate",
            "truncate", "fcntl_add_seals", "shm_unlink", "mseal", "process_madvise", "cachestat", "pkey_free",
            "remap_file_pages",
            "madvise_dodump", "madvise_dofork", "madvise_keeponfork")
# No-ops of one advice: traced as madvise() itself (noop.c says why they exist).
TRACED_AS = {"madvise_dodump": "madvise", "madvise_dofork": "madvise", "madvise_keeponfork": "madvise"}
NO_NOOP = {
    "mmap": "mmap is not no-op'd: a success needs an address, and its flags are the claim",
    "memfd_create": "memfd_create has no no-op: a success needs a descriptor",
    "shm_open": "shm_open has no no-op: a success needs a descriptor",
    "memfd_secret": "memfd_secret has no no-op: a success needs a descriptor",
    "pkey_alloc": "pkey_alloc has no no-op: a success needs a key",
    "map_shadow_stack": "map_shadow_stack has no no-op: a success needs an address",
    "free": "free() is the C library's own; it makes no call the shim sees",
}
DIRECTORY_CALL = {"maps": "mmap", "shm": "shm_open", "malloc": "free"}

TRACE_LINE = re.compile(r"^mmapcheck-trace: ([a-z0-9_]{1,32})$", re.M)
KEPT_LINE = re.compile(r"^mmapcheck-noop-kept: /([^/\n]{1,250})$", re.M)
SHM_DIR = Path("/dev/shm")


def printable(text, limit=200):
    """Text from a case, made safe for one line of a terminal."""
    text = text[:limit]
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def claim_call(case):
    """The call the case's claim is about (see the module docstring)."""
    if case.claim_call:
        return case.claim_call
    name = case.id.split("/", 1)[1]
    known = sorted(NOOPABLE, key=len, reverse=True)  # MADV_FREE is not free()
    for call in known:
        if name.startswith(call.replace("_", "-") + "-"):
            return call
    if case.call == "memfd":
        return "fcntl_add_seals" if "seal" in name.split("-") else "memfd_create"
    return DIRECTORY_CALL.get(case.call, case.call)


def unknown_claim_calls(cases):
    return [f"{c.path}:1: 'Claim-call: {c.claim_call}' is not a call this check knows "
            f"({', '.join(NOOPABLE + tuple(NO_NOOP))})"
            for c in cases if c.claim_call and c.claim_call not in NOOPABLE + tuple(NO_NOOP)]


def through_syscall(case, call):
    """Whether the case makes the call with syscall(SYS_<call>, ...)."""
    return re.search(rf"\bsyscall\s*\(\s*SYS_{re.escape(call)}\b", case.path.read_text(errors="replace"))


def build_library(tc):
    """inject.c with noop.c alone (no bug mutants) as one LD_PRELOAD library."""
    return build_preload(tc, [INJECTOR / "inject.c", HERE / "noop.c"], tc.build_dir / "vacuity" / "noop.so")


def remove_kept_names(run):
    """Unlinks the shm names a no-op'd shm_unlink() left (they are the case's own)."""
    for name in KEPT_LINE.findall(run.stderr):
        if name not in (".", ".."):
            try:
                os.unlink(SHM_DIR / name)
            except OSError:
                pass


def run_under(tc, lib, mutant, cases):
    """{case id: CaseRun} of the cases run with one mutant of noop.so active."""
    suite = Suite(tc, env={"LD_PRELOAD": str(lib), "MMAPCHECK_MUTANT": mutant.replace("_", "-")})
    suite.run(cases)
    for run in suite.runs:
        remove_kept_names(run)
    if suite.interrupted:
        raise KeyboardInterrupt
    return {run.case.id: run for run in suite.runs}


def killed(run):
    return run is not None and run.outcome in ("fail", "error")


def check(cases, tc, full=False, out=print):
    """Runs the check on the cases and prints one line per case, then the
    totals.  Returns {"survivors": [ids], "stale": [ids], "killed": [ids],
    "exempt": [ids], "not_applicable": [ids], "not_checkable": [ids]}."""
    lib = build_library(tc)
    baseline = run_under(tc, lib, "trace", cases)
    traced = {cid: set(TRACE_LINE.findall(run.stderr)) for cid, run in baseline.items()}
    plan, lines = {}, {}
    for case in cases:
        base, call = baseline[case.id], claim_call(case)
        if base.verdict != "pass":
            lines[case.id] = ("not_checkable", f"not checkable here: baseline {base.verdict} "
                              f"({printable(base.reason)})")
        elif call not in NOOPABLE:
            lines[case.id] = ("not_applicable", f"not applicable: {NO_NOOP[call]}")
        elif TRACED_AS.get(call, call) not in traced[case.id] and through_syscall(case, call):
            lines[case.id] = ("not_applicable", f"not applicable: calls {call} through syscall(), "
                              "out of an LD_PRELOAD library's reach")
        elif TRACED_AS.get(call, call) not in traced[case.id]:
            lines[case.id] = ("survivors", f"SURVIVES: never calls {call} through the C library, "
                              "so its no-op cannot reach it")
        else:
            for other in (traced[case.id] | {call}) if full else [call]:
                plan.setdefault(other, []).append(case)
    results = {}
    for call in sorted(plan):
        for cid, run in run_under(tc, lib, "noop_" + call, plan[call]).items():
            results[(cid, call)] = run
    for case in cases:
        if case.id in lines:
            continue
        call = claim_call(case)
        run = results[(case.id, call)]
        what = f"{run.outcome}: {printable(run.reason)}" if run.reason else run.outcome
        if killed(run) and case.noop_satisfies:
            lines[case.id] = ("stale", f"STALE EXEMPTION: killed by noop of {call} ({what}), yet "
                              f"Noop-satisfies: {case.noop_satisfies}")
        elif killed(run):
            lines[case.id] = ("killed", f"killed by noop of {call} ({what})")
        elif case.noop_satisfies:
            lines[case.id] = ("exempt", f"exempt: {case.noop_satisfies}")
        else:
            lines[case.id] = ("survivors", f"SURVIVES noop of {call} ({what})")
    verdicts = {key: [] for key in ("killed", "exempt", "stale", "survivors", "not_applicable",
                                    "not_checkable")}
    for case in cases:
        kind, text = lines[case.id]
        verdicts[kind].append(case.id)
        others = sorted(other for other in traced[case.id] - {claim_call(case)}
                        if (case.id, other) in results and not killed(results[(case.id, other)]))
        also = f"; also survives noop of: {', '.join(others)}" if others else ""
        out(f"{case.id}: {text}{also}")
    if verdicts["exempt"]:
        out("\nexempted (Noop-satisfies:):")
        for case in cases:
            if case.id in verdicts["exempt"]:
                out(f"  {case.id}: {case.noop_satisfies}")
    for kind, title in (("survivors", "survivors"), ("stale", "stale exemptions")):
        if verdicts[kind]:
            out(f"\n{title}: {', '.join(verdicts[kind])}")
    checked = sum(len(verdicts[k]) for k in ("killed", "exempt", "stale", "survivors"))
    out(f"\nchecked {checked}, killed {len(verdicts['killed'])}, exempted {len(verdicts['exempt'])}, "
        f"not applicable {len(verdicts['not_applicable'])}, "
        f"not checkable here {len(verdicts['not_checkable'])}, "
        f"survivors {len(verdicts['survivors'])}, stale exemptions {len(verdicts['stale'])} "
        f"(of {len(cases)} cases)")
    return verdicts


def main(argv=None):
    parser = argparse.ArgumentParser(description="each case under a no-op of its claim's call")
    parser.add_argument("--short", action="store_true", help="only the no-op of the claim's call")
    parser.add_argument("cases", nargs="*", metavar="CASE")
    args = parser.parse_args(argv)
    tc = Toolchain(cc=os.environ.get("CC", "cc"),
                   build_dir=Path(os.environ.get("BUILD", mmapcheck.ROOT / "build")).resolve())
    all_cases = collect()
    lint_or_die(all_cases)
    bad = unknown_claim_calls(all_cases)
    if bad:
        raise mmapcheck.UsageError("bad case headers:\n  " + "\n  ".join(bad))
    cases = select(all_cases, args.cases)
    start = time.monotonic()
    verdicts = check(cases, tc, full=not args.short)
    print(f"({'short' if args.short else 'full'} form, {time.monotonic() - start:.0f} s)")
    return 1 if verdicts["survivors"] or verdicts["stale"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except mmapcheck.UsageError as e:
        print(f"vacuity: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("vacuity: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # run.py | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
