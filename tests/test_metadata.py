"""Case headers: every real case passes the lint, and the lint catches what it must."""

import pytest
from mmapcheck.cases import collect



def test_every_case_has_one_claim_sources_and_known_tags():
    cases = collect()
    assert len(cases) >= 37
    problems = [p for c in cases for p in c.problems]
    assert problems == []
    for c in cases:
        assert c.claim.endswith("."), f"{c.id}: the claim is one sentence"
        assert c.call in {"mmap", "munmap", "mprotect", "msync", "ftruncate", "malloc",
                          "madvise", "mremap", "mlock", "mincore", "shm", "memfd", "maps"}, c.id


@pytest.mark.parametrize("header,problem", [
    (" * Claim: a.\n * Claim: b.\n * Source: s\n * Tags: mmap\n", "exactly one 'Claim:' line, found 2"),
    (" * Claim: a.\n * Tags: mmap\n", "at least one 'Source:' line"),
    (" * Claim: a.\n * Source: s\n", "needs a 'Tags:' line"),
    (" * Claim: a.\n * Source: s\n * Tags: mmap sparkly\n", "unknown tag 'sparkly'"),
    (" * Claim: a.\n * Source: s\n * Tags: mmap\n * Requires: unicorns\n", "unknown requirement 'unicorns'"),
])
def test_lint_finds_header_problems(sandbox, header, problem):
    path = sandbox.add_case("mmap/zz-case", "int main(void) { return 0; }", header=header)
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "mmap/zz-case")
    assert any(problem in p and p.startswith(f"{path}:1:") for p in case.problems), case.problems


def test_a_claim_in_the_body_is_not_read_as_metadata(sandbox):
    sandbox.add_case("mmap/zz-case", "/*\n * Claim: not a header.\n */\nint main(void) { return 0; }")
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "mmap/zz-case")
    assert case.claim == "mmap/zz-case is a test fixture that holds."
    assert case.problems == []


def test_a_file_name_that_is_not_an_id_is_flagged(sandbox):
    sandbox.add_case("mmap/Mmap07", "int main(void) { return 0; }")
    case = next(c for c in collect(sandbox.root / "cases") if c.id == "mmap/Mmap07")
    assert any("is not <call>/<words-with-dashes>" in p for p in case.problems)
