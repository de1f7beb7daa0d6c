"""Which feature macro each case needs beyond strict POSIX.1-2008, and for what.

    python3 tests/feature_macros.py [--write] [CASE_GLOB ...]

For each case (its own request removed) tries none, _DEFAULT_SOURCE, then
_GNU_SOURCE, and takes the first under which the case builds with gcc
`-std=c11 -D_POSIX_C_SOURCE=200809L -Werror` AND compiles, strict and with the
normal flags, to the same object code as with _GNU_SOURCE (everything glibc
shows): a request that only turns an #ifdef'd Linux branch into a skip is not
enough.  Prints "case: MACRO /* identifiers */" per case that needs one: the
names the smaller request did not declare or define (from gcc's errors and the
case's own #ifdef tests).  --write puts that `#define` after the case's header
comment.  Needs gcc; run by hand when a case changes what it uses.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mmapcheck import cases  # noqa: E402

INCLUDES = ["-I", str(ROOT / "harness"), "-I", str(ROOT / "harness/ksft")]
STRICT = ["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror",
          "-fsyntax-only", *INCLUDES, "-x", "c", "-"]
REQUESTS = [None, "_DEFAULT_SOURCE", "_GNU_SOURCE"]
STRICT_OBJECT = ["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-w", *INCLUDES,
                 "-c", "-x", "c", "-", "-o"]
NORMAL = ["gcc", "-O2", *INCLUDES, "-c", "-x", "c", "-", "-o"]
OWN_REQUEST = re.compile(r"^#define (_DEFAULT_SOURCE|_GNU_SOURCE|_XOPEN_SOURCE)\b.*\n", re.M)
MISSING = re.compile(r"implicit declaration of function '(\w+)'|'(\w+)' undeclared"
                     r"|unknown type name '(\w+)'|has no member named '(\w+)'")


def run(cmd, source, request):
    text = (f"#define {request}\n" if request else "") + source
    return subprocess.run(cmd, input=text.encode(), capture_output=True, cwd=ROOT,
                          env={**os.environ, "LC_ALL": "C"})


def missing(source, request=None):
    """The identifiers a strict build does not see (None: it builds)."""
    proc = run(STRICT, source, request)
    if proc.returncode == 0:
        return None
    err = proc.stderr.decode(errors="replace")
    names = [next(g for g in m.groups() if g) for m in MISSING.finditer(err)]
    return list(dict.fromkeys(names)) or [err.strip().splitlines()[0]]


def object_code(source, request):
    """The strict and the normal build's object code: a request that changes
    them changes the case (a Linux-only branch taken or not)."""
    code = []
    for flags in (STRICT_OBJECT, NORMAL):
        with tempfile.NamedTemporaryFile(suffix=".o") as out:
            run(flags + [out.name], source, request).check_returncode()
            code.append(Path(out.name).read_bytes())
    return code


def flipped(source, request, than):
    """The macros the case tests (#ifdef X, defined(X)) that `request` defines and `than` does not."""
    tested = dict.fromkeys(re.findall(r"^#\s*if(?:n?def\s+(\w+)|.*)", source, re.M))
    tested.update(dict.fromkeys(re.findall(r"defined\s*\(?\s*(\w+)", source)))
    probe = "".join(f"#ifdef {x}\nint {x}_defined_;\n#endif\n" for x in tested if x)

    def defined(req):
        p = run(["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-E", "-P", *INCLUDES, "-x", "c", "-"],
                '#include "mmapcheck.h"\n' + probe, req)
        return set(re.findall(rb"int (\w+)_defined_;", p.stdout))

    return [x.decode() for x in sorted(defined(request) - defined(than))]


def need(case):
    """(macro or None, what it is needed for); "?" if no request suffices."""
    # "#line" keeps __FILE__ and the messages on the case's own path.
    source = f'#line 1 "{case.path.relative_to(ROOT)}"\n' + OWN_REQUEST.sub("", case.path.read_text())
    before = object_code(source, "_GNU_SOURCE")
    lacking, previous = [], None  # what the previous, smaller request did not see
    for request in REQUESTS:
        still = missing(source, request)
        if still is None and object_code(source, request) == before:
            if request is None:
                return None, []
            names = lacking + [x for x in flipped(source, request, previous) if x not in lacking]
            return request, names
        lacking, previous = still or [], request
    return "?", lacking


def write(case, request, names):
    text = OWN_REQUEST.sub("", case.path.read_text())
    end = text.index("*/\n") + 3
    case.path.write_text(f"{text[:end]}#define {request}\t/* {', '.join(names)} */\n{text[end:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("globs", nargs="*")
    args = ap.parse_args()
    selected = cases.select(cases.collect(), args.globs)
    with concurrent.futures.ThreadPoolExecutor() as pool:
        results = list(pool.map(need, selected))
    counts = {}
    for case, (request, names) in zip(selected, results):
        counts[request] = counts.get(request, 0) + 1
        if request:
            print(f"{case.id}: {request} /* {', '.join(names)} */")
            if args.write and request != "?":
                write(case, request, names)
    print(", ".join(f"{k or 'none'}: {v}" for k, v in sorted(counts.items(), key=str)))
    return 1 if "?" in counts else 0


if __name__ == "__main__":
    sys.exit(main())
