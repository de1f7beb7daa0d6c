"""Fault injection: every mutant of tests/mutants/inject.c is killed by some
case, and the injector reaches the case binaries only."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from mmapcheck.build import Toolchain
from mmapcheck.cases import collect
from mmapcheck.suite import Suite


RUN = Path(__file__).parent / "mutants" / "run.py"
_spec = importlib.util.spec_from_file_location("mutants_run", RUN)
mutants_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutants_run)


def test_every_mutant_is_killed_and_every_unkilled_case_says_why():
    proc = subprocess.run([sys.executable, str(RUN)], capture_output=True, text=True, timeout=900)
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
