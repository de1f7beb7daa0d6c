"""Fault injection: every mutant of tests/mutants/inject.c is killed by some
case, and the injector reaches the case binaries only."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from mmapcheck.build import Toolchain, build
from mmapcheck.cases import collect
from mmapcheck.suite import Suite


RUN = Path(__file__).parent / "mutants" / "run.py"
_spec = importlib.util.spec_from_file_location("mutants_run", RUN)
mutants_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutants_run)


def test_every_mutant_is_killed_and_every_unkilled_case_says_why():
    # No time limit of its own: the cases' timeouts bound it, and CI bounds the whole run.
    # The short form (make mutants prints the whole kill matrix) decides the same two things.
    proc = subprocess.run([sys.executable, str(RUN), "--short"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    killed, total = map(int, re.search(r"^killed (\d+)/(\d+)$", proc.stdout, re.M).groups())
    assert killed == total >= 30
    assert "NOTHING (survivor)" not in proc.stdout
    assert "NO MUTANT AND NO Not-mutated: REASON" not in proc.stdout


def test_the_injector_is_loaded_into_cases_not_into_the_runner(sandbox):
    lib = mutants_run.build_injector(Toolchain())
    sandbox.add_case("mmap/zz-maps", "int main(void) { char line[512]; int seen = 0;\n"
                     "  FILE *f = fopen(\"/proc/self/maps\", \"r\"); mc_begin();\n"
                     "  while (fgets(line, sizeof(line), f)) seen |= strstr(line, \"inject.so\") != NULL;\n"
                     "  fclose(f); mc_observe(\"injected\", \"%d\", seen); return mc_finish(); }")
    tc = Toolchain(build_dir=sandbox.root / "build")
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "mmap/zz-maps")
    suite = Suite(tc, env={"LD_PRELOAD": str(lib), "MMAPCHECK_MUTANT": "munmap-noop"})
    suite.run([case])
    assert suite.runs[0].observed == {"injected": "1"}
    assert "inject.so" not in Path("/proc/self/maps").read_text()


def test_a_mutant_runs_only_on_the_cases_that_import_what_it_replaces(sandbox):
    sandbox.add_case("mmap/zz-maps-only", "int main(void) { void *p; mc_begin();\n"
                     "  p = mmap(NULL, 1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n"
                     "  mc_check(p != MAP_FAILED, \"mmap\"); return mc_finish(); }")
    sandbox.add_case("mmap/zz-seals", "int main(void) { mc_begin();\n"
                     "  mc_check(mc_mseal(NULL, 0, 0x80) == -1, \"mseal\"); return mc_finish(); }")
    sandbox.add_case("mmap/zz-starts-a-program", "int main(void) { mc_begin();\n"
                     "  if (fork() == 0) { execl(\"/bin/true\", \"true\", (char *)NULL); _exit(1); }\n"
                     "  return mc_finish(); }")
    tc = Toolchain(build_dir=sandbox.root / "build")
    cases = [c for c in collect(sandbox.root / "cases") if c.id.startswith("mmap/zz-")]
    assert build(cases, tc) == {}
    lib = mutants_run.build_injector(Toolchain())
    replaces = mutants_run.replaced_functions(lib)
    assert replaces["mlock-noop"] == {"mlock"}
    assert all(replaces.values()), "a mutant that replaces nothing"
    syscalled = mutants_run.syscalled_functions(lib)
    assert {"mseal", "pkey_mprotect"} <= syscalled and "mmap" not in syscalled
    imported = mutants_run.imported_functions((tc.build_dir / c.id for c in cases), syscalled)
    maps_only = imported[str(tc.build_dir / "mmap/zz-maps-only")]
    # A call made through syscall() by number reaches the mutant's function of its name.
    assert mutants_run.reachable({"mseal"}, imported[str(tc.build_dir / "mmap/zz-seals")])
    assert not mutants_run.reachable({"mseal"}, maps_only)
    assert "mmap" in maps_only and "mlock" not in maps_only
    assert not mutants_run.reachable(replaces["mlock-noop"], maps_only)
    assert mutants_run.reachable({"mmap"}, maps_only)
    # The allocator is called from inside the C library; a program started may call anything.
    assert mutants_run.reachable({"free"}, maps_only)
    assert imported[str(tc.build_dir / "mmap/zz-starts-a-program")] is None


class FakeMatrix(mutants_run.KillMatrix):
    """A kill matrix whose runs look up a known answer instead of running cases."""

    def __init__(self, truth):
        super().__init__(None, None)
        self.truth = truth  # {mutant: the case ids it kills}

    def attempt(self, mutant, cases):
        for c in cases:
            self.tried.add((mutant, c.id))
            if c.id in self.truth.get(mutant, ()):
                self.kills.setdefault(mutant, set()).add(c.id)


class FakeCase:
    def __init__(self, cid, not_mutated=""):
        self.id, self.not_mutated = cid, not_mutated


def test_the_short_form_finds_a_killer_wherever_the_full_matrix_has_one_in_fewer_runs():
    calls = ("mmap", "munmap", "mlock")
    mutants = [f"{call}-m{i}" for call in calls for i in range(6)] + ["lone"]
    replaces = {m: {m.split("-")[0]} for m in mutants} | {"lone": {"mmap"}}
    # Each mutant kills two cases of its own call; mmap-m0 kills all of them first, so the
    # other mmap mutants' killers are found only among cases that already have one.
    truth = {f"{call}-m{i}": {f"{call}/c{2 * i}", f"{call}/c{2 * i + 1}"} for call in calls for i in range(6)}
    truth["mmap-m0"] = {f"mmap/c{i}" for i in range(12)}
    truth["lone"] = {"maps/c3", "mmap/explained"}  # a case elsewhere, and one with a reason
    truth["munmap-m5"] |= {"maps/c7"}
    truth["mlock-m4"] |= truth["mlock-m5"]
    truth["mlock-m5"] = {"munmap/c0"}  # only a case of another call, killed before
    cases = [FakeCase(f"{call}/c{i}") for call in calls for i in range(12)] + [FakeCase("mmap/explained", "why")]
    cases += [FakeCase(f"maps/c{i}", "" if i in (3, 7, 9) else "why") for i in range(12)]
    matrix = FakeMatrix(truth)
    mutants_run.short_form(mutants, {m: cases for m in mutants}, replaces, matrix)
    assert set(matrix.kills) == set(mutants)
    needing = [c for c in cases if not c.not_mutated]
    assert [c.id for c in needing if not matrix.killed(c)] == ["maps/c9"]  # no mutant kills it
    assert len(matrix.tried) < len(mutants) * len(cases) / 2


def test_the_witnesses_name_a_killer_for_every_mutant_and_case_and_the_short_form_runs_only_them():
    truth = {"mmap-m0": {"mmap/c0", "mmap/c1", "mmap/c2"}, "mmap-m1": {"mmap/c2"},
             "munmap-m0": {"munmap/c0", "mmap/c1"}, "lone": {"munmap/c1"}}
    pairs = mutants_run.choose_witnesses(truth)
    assert {m for m, _ in pairs} == set(truth)
    assert {c for _, c in pairs} == set().union(*truth.values())
    assert len(pairs) < sum(map(len, truth.values()))
    cases = [FakeCase(cid) for cid in ("mmap/c0", "mmap/c1", "mmap/c2", "munmap/c0", "munmap/c1")]
    replaces = {m: {m.split("-")[0]} for m in truth} | {"lone": {"mmap"}}
    witnesses = {}
    for mutant, cid in pairs:
        witnesses.setdefault(mutant, set()).add(cid)
    matrix = FakeMatrix(truth)
    mutants_run.short_form(list(truth), {m: cases for m in truth}, replaces, matrix, witnesses)
    assert len(matrix.tried) == len(pairs)
    # A witness that no longer kills (the case changed since) costs a search, not a verdict.
    witnesses["mmap-m1"] = {"mmap/c0"}
    matrix = FakeMatrix(truth)
    mutants_run.short_form(list(truth), {m: cases for m in truth}, replaces, matrix, witnesses)
    assert set(matrix.kills) == set(truth) and all(matrix.killed(c) for c in cases)
    assert len(matrix.tried) > len(pairs)


def test_the_witnesses_file_is_read_as_written(tmp_path):
    path = tmp_path / "witnesses"
    mutants_run.write_witnesses({"a-m": {"mmap/x", "mmap/y"}, "b-m": {"mmap/y"}, "c-m": set()}, path)
    assert mutants_run.read_witnesses(path) == {"a-m": {"mmap/x"}, "b-m": {"mmap/y"}}
    assert mutants_run.read_witnesses(tmp_path / "missing") == {}
