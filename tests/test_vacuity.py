"""The vacuity check (tests/vacuity/run.py): no case passes when the call its
claim is about does nothing, and the check itself tells a vacuous case from
one that is not."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mmapcheck.build import Toolchain
from mmapcheck.cases import collect

RUN = Path(__file__).parent / "vacuity" / "run.py"
_spec = importlib.util.spec_from_file_location("vacuity_run", RUN)
vacuity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vacuity)
_spec = importlib.util.spec_from_file_location("tests_conftest", Path(__file__).parent / "conftest.py")
tests_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tests_conftest)

# The zz-unlink fixture's shared memory names carry this run's pid: a test run
# beside this one, whose fixture holds its own name for a moment, is not seen.
SHM_NAME_PREFIX = f"vacuity-test-{os.getpid()}-"

CASE_LINE = re.compile(r"^([a-z0-9-]+/[a-z0-9-]+): (killed by noop of [a-z0-9_]+ |exempt: |not applicable: "
                       r"|not checkable here: baseline |SURVIVES|STALE EXEMPTION)")
TOTALS = re.compile(r"^checked (\d+), killed (\d+), exempted (\d+), not applicable (\d+), "
                    r"not checkable here (\d+), survivors (\d+), stale exemptions (\d+) \(of (\d+) cases\)$", re.M)


class ClosingNote:
    """Prints the short form's totals and exemptions at the end of the pytest run."""

    def __init__(self, lines):
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.section("vacuity (short form)")
        for line in self.lines:
            terminalreporter.write_line(line)


def test_short_form_every_case_is_killed_exempt_or_explained(request):
    proc = subprocess.run([sys.executable, str(RUN), "--short"], capture_output=True, text=True, timeout=1800)
    out = proc.stdout
    totals = TOTALS.search(out)
    assert totals, out[-3000:] + proc.stderr
    note = [totals.group(0)] + [line for line in out.splitlines() if line.startswith("  ")]
    request.config.pluginmanager.register(ClosingNote(note), "vacuity-closing-note")
    case_lines = [line for line in out.splitlines() if re.match(r"^[a-z0-9-]+/", line)]
    assert all(CASE_LINE.match(line) for line in case_lines), [l for l in case_lines if not CASE_LINE.match(l)]
    assert len(case_lines) == len(collect())
    checked, killed, exempted, na, unchecked, survivors, stale, total = map(int, totals.groups())
    assert checked + na + unchecked == total == len(collect())
    assert killed >= 100
    assert [line for line in case_lines if "SURVIVES" in line or "STALE" in line] == [], "survivors: see above"
    assert (survivors, stale, proc.returncode) == (0, 0, 0), out[-3000:]


VACUOUS = """
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(munmap(p, pg), 0);	/* believes the return value: vacuous */
	return mc_finish();
}
"""

CHECKED = """
int main(void)
{
	size_t pg;
	char *p;
	unsigned char vec;
	int ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, pg));
	errno = 0;
	ret = mincore(p, pg, &vec);	/* the range must be gone */
	mc_check(ret == -1 && errno == ENOMEM, "mincore() after munmap(): %d, %s", ret, mc_errno_name(errno));
	return mc_finish();
}
"""

UNLINKED = """
int main(void)
{
	char name[64];
	int fd, again;

	mc_begin();
	snprintf(name, sizeof(name), "/mmapcheck-vacuity-test-%ld", (long)getpid());
	fd = (int)SAFE(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
	SAFE(ftruncate(fd, 4096));	/* a set-up the claim does not depend on */
	SAFE(shm_unlink(name));
	again = shm_open(name, O_RDWR, 0600);
	mc_check(again == -1, "the name still opens after shm_unlink()");
	if (again != -1)
		SAFE(close(again));
	SAFE(close(fd));
	return mc_finish();
}
"""

THROUGH_SYSCALL = """
#include <sys/syscall.h>

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(syscall(SYS_munmap, p, pg));
	mc_check(mc_probe_read(p).signo != 0, "the page still reads after munmap()");
	return mc_finish();
}
"""

# A call newer than the C library, made through syscall() by number (harness/mc_linux_calls.h).
# Refused on every kernel: EINVAL for the unknown flag, or ENOSYS before Linux 6.10.
SYSCALLED = """
int main(void)
{
	size_t pg;
	char *p;
	long ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ret = mc_mseal(p, pg, 0x80);
	mc_check(ret == -1, "mseal() with an unknown flag returned %ld", ret);
	SAFE(munmap(p, pg));
	return mc_finish();
}
"""


def add_case(sandbox, case_id, body, extra=""):
    path = sandbox.root / "cases" / f"{case_id}.c"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"/*\n * Claim: {case_id} is a test fixture.\n * Source: tests/test_vacuity.py\n"
                    f" * Tags: munmap\n{extra} */\n#define _DEFAULT_SOURCE\n#include \"mmapcheck.h\"\n{body}")


@pytest.fixture(scope="module")
def sandbox_results(tmp_path_factory):
    """One check over eight sandbox cases: one trace run, then a no-op run per call they make."""
    sandbox = tests_conftest.Sandbox(tmp_path_factory.mktemp("vacuity"))
    add_case(sandbox, "munmap/zz-vacuous", VACUOUS)
    add_case(sandbox, "munmap/zz-checked", CHECKED)
    add_case(sandbox, "munmap/zz-exempt", VACUOUS, " * Noop-satisfies: a fixture whose claim is the return value\n")
    add_case(sandbox, "munmap/zz-stale", CHECKED, " * Noop-satisfies: a fixture that claims too much\n")
    add_case(sandbox, "mmap/zz-mmap", VACUOUS)
    add_case(sandbox, "munmap/zz-syscall", THROUGH_SYSCALL)
    add_case(sandbox, "shm/zz-unlink", UNLINKED.replace("vacuity-test-", SHM_NAME_PREFIX), " * Claim-call: shm_unlink\n")
    add_case(sandbox, "mseal/zz-syscalled", SYSCALLED)
    cases = [c for c in collect(sandbox.root / "cases") if "/zz-" in c.id]
    assert [p for c in cases for p in c.problems] == []
    lines = []
    verdicts = vacuity.check(cases, Toolchain(build_dir=sandbox.root / "build"), full=True, out=lines.append)
    return verdicts, "\n".join(lines)


def test_a_case_that_believes_the_return_value_survives(sandbox_results):
    verdicts, out = sandbox_results
    assert verdicts["survivors"] == ["munmap/zz-vacuous"], out
    assert re.search(r"^munmap/zz-vacuous: SURVIVES noop of munmap \(pass\)$", out, re.M), out


def test_a_case_that_observes_the_effect_is_killed(sandbox_results):
    verdicts, out = sandbox_results
    assert verdicts["killed"] == ["mseal/zz-syscalled", "munmap/zz-checked", "shm/zz-unlink"], out
    assert re.search(r"^munmap/zz-checked: killed by noop of munmap \(fail: .*mincore", out, re.M), out


def test_an_exemption_is_honoured_and_a_stale_one_reported(sandbox_results):
    verdicts, out = sandbox_results
    assert verdicts["exempt"] == ["munmap/zz-exempt"], out
    assert verdicts["stale"] == ["munmap/zz-stale"], out
    assert "munmap/zz-exempt: a fixture whose claim is the return value" in out
    assert re.search(r"^checked 6, killed 3, exempted 1, not applicable 2, not checkable here 0, survivors 1, "
                     r"stale exemptions 1 \(of 8 cases\)$", out, re.M), out


def test_an_mmap_claim_and_a_call_through_syscall_are_listed_not_applicable(sandbox_results):
    verdicts, out = sandbox_results
    assert verdicts["not_applicable"] == ["mmap/zz-mmap", "munmap/zz-syscall"], out
    assert "mmap/zz-mmap: not applicable: mmap is not no-op'd" in out
    assert "munmap/zz-syscall: not applicable: calls munmap through syscall()" in out


def test_a_call_made_through_syscall_by_number_is_traced_and_no_opd_like_a_named_one(sandbox_results):
    verdicts, out = sandbox_results
    assert re.search(r"^mseal/zz-syscalled: killed by noop of mseal \(fail: .*unknown flag returned 0", out, re.M), out


def test_a_name_a_no_op_shm_unlink_kept_is_removed_after_the_case(sandbox_results):
    verdicts, out = sandbox_results
    assert re.search(r"^shm/zz-unlink: killed by noop of shm_unlink \(fail: .*still opens", out, re.M), out
    assert list(Path("/dev/shm").glob(f"mmapcheck-{SHM_NAME_PREFIX}*")) == []


def test_the_full_form_lists_the_other_no_ops_a_case_survives(sandbox_results):
    verdicts, out = sandbox_results
    assert re.search(r"^shm/zz-unlink: killed by noop of shm_unlink .*\); also survives noop of: ftruncate$",
                     out, re.M), out
    assert re.search(r"^munmap/zz-checked: killed by noop of munmap .*\)$", out, re.M), out  # mincore's no-op kills too


@pytest.mark.parametrize("case_id,expected", [
    ("mlock/munlockall-unlocks-all", "munlockall"),
    ("mlock/mlock2-unknown-flag-einval", "mlock2"),
    ("mlock/munmap-removes-lock", "munmap"),
    ("mlock/range-resident-and-counted-locked", "mlock"),
    ("madvise/posix-madvise-unmapped-enomem", "posix_madvise"),
    ("maps/munmap-middle-splits-region", "munmap"),
    ("maps/prot-shown-in-perms", "mmap"),
    ("memfd/write-seal-shared-writable-map-eperm", "fcntl_add_seals"),
    ("memfd/create-name-too-long-einval", "memfd_create"),
    ("shm/mapping-shared-between-processes", "shm_open"),
    ("msync/addr-unaligned-einval", "msync"),
])
def test_the_claims_call_is_derived_from_the_id(case_id, expected):
    case = next(c for c in collect() if c.id == case_id)
    assert (case.claim_call or vacuity.claim_call(case)) == expected


@pytest.mark.parametrize("extra,problem", [
    (" * Noop-satisfies:\n", "'Noop-satisfies:' needs its reason"),
    (" * Noop-satisfies: a\n * Noop-satisfies: b\n", "at most one 'Noop-satisfies:' line, found 2"),
    (" * Claim-call: fcntl(F_ADD_SEALS)\n", "'Claim-call:' names one call"),
])
def test_lint_of_the_vacuity_header_lines(sandbox, extra, problem):
    add_case(sandbox, "munmap/zz-case", "int main(void) { return 0; }\n", extra)
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "munmap/zz-case")
    assert any(problem in p for p in case.problems), case.problems


def test_a_claim_call_the_check_does_not_know_is_bad_input(sandbox):
    add_case(sandbox, "munmap/zz-case", "int main(void) { return 0; }\n", " * Claim-call: munmapp\n")
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "munmap/zz-case")
    assert case.problems == []
    assert "'Claim-call: munmapp' is not a call this check knows" in vacuity.unknown_claim_calls([case])[0]
