"""mmapcheck's runner: one module per concern.  runner.py is the command line;
this package holds what it does:

    cases       case files' headers: collection and selection
    build       compiling the cases
    ktap        parsing a case's output and classifying its outcome
    expected    expected/<os> and expected/<target>: documented deviations, the verdict table
    execute     running one binary: process group, timeout, environment
    suite       running a set of cases on a target and keeping the results
    targets/    where cases run, one module per target (native, qemu, uml, gvisor, ...)
    stream      runner.sh's combined KTAP stream, parsed as it arrives
    ingest      a captured stream (a log) into a report; ingest_kirk: kirk's JSON report
    kirk_guest  the initramfs for kirk's qemu SUT: busybox and an installed bundle
    kernels     Debian kernels: fetched with a private apt configuration, cached
    kernel_specs  LINE[-FLAVOUR][@ARCH]: the suite, architecture and metapackage a spec names
    kernel_apt  the private apt configuration, one state per (suite, architecture)
    kernel_fetch  a kernel downloaded, unpacked and moved into the cache
    kernel_record  Kernel and a cache entry's kernel.json
    kernel_cache  a cache entry's hashes, checked before it is used
    summary     a summary.json from elsewhere, checked field by field before compare uses it
    reports     summary.json, report.md, junit.xml, KTAP files
    kcidb       report directories as one KCIDB (KernelCI) submission: runner.py export --kcidb
    escape      text from elsewhere made safe for Markdown tables, XML, JSON, a terminal
    safe_write  outputs written under fresh names and renamed into place, never through a link
    matrix      the suite on several targets: reports/matrix.md
    coverage    the man pages' ERRORS entries against the cases
    cli         the command line (no pytest import)
    pytest_plugin  the pytest front end (conftest.py registers it)
"""

from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "cases"
HARNESS_DIR = ROOT / "harness"
EXPECTED_DIR = ROOT / "expected"
REPORTS_DIR = ROOT / "reports"
DEFAULT_TIMEOUT = 10.0  # seconds a case may run


class UsageError(Exception):
    """Bad input from the user or the repository's data: exit status 2."""
