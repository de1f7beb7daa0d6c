"""Building an LD_PRELOAD library from the fault injector (inject.c) and the
files of mutants linked with it: make mutants links every file here, make
vacuity (tests/vacuity/) inject.c with its no-ops alone."""

import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_preload(tc, sources, lib):
    """sources (with inject.h) as the shared library lib, rebuilt when one is newer."""
    newest = max(p.stat().st_mtime for p in list(sources) + [HERE / "inject.h"])
    if not lib.exists() or lib.stat().st_mtime < newest:
        lib.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tc.cc, "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror",
                        "-o", str(lib)] + [str(p) for p in sources] + ["-ldl"], check=True)
    return lib
