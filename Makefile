# mmapcheck.  POSIX make: works with GNU make and BSD make (bmake).
#   make            build every case into build/
#   make check      run every case on this machine (or TARGET=kernel:6.1, uml, gvisor,
#                   qemu-user:aarch64:65536, valgrind, ...); report in reports/<platform>/
#   make test       the project's own tests (tests/), then the whole suite
#   make portcheck  every case built by gcc, clang, musl-gcc, strict POSIX (gcc, clang),
#                   the kernel's kselftest.h and BSD make, warnings as errors
#   make bench      the runner's wall time against the cases' own times
#   make mutants    the suite once per injected kernel/libc bug: the kill matrix
#   make vacuity    each case under a no-op of every memory-mapping call it makes: the
#                   no-op of its claim's call must turn it fail or error
#   make stability  the suite 20 times, idle, under CPU load and memory pressure
#   make matrix     the suite on native, kernels 5.10-7.2, uml, gvisor, qemu-user, valgrind:
#                   reports/matrix.md
#   make compare    every report in reports/ (or COMPARE="dir ...") beside the documented
#                   behaviour of the BSDs and macOS: reports/compare.md and compare.html
#   make clean-cache  remove the downloaded kernels (~/.cache/mmapcheck, or $MMAPCHECK_CACHE)
#   make install    the built cases, runner.sh and an LTP runtest file into
#                   $(DESTDIR)$(PREFIX) (no Python needed here nor where they run):
#                     bin/mmapcheck-run        runs all or named cases: one KTAP stream
#                     bin/mmapcheck-ltp        one case, with LTP's exit codes (for kirk)
#                     libexec/mmapcheck/       runner.sh, cases/<call>/<claim>, cases/platform-info,
#                                              cases/run-lane, expected/<os> (runner.sh marks the
#                                              documented deviations that apply as XFAIL)
#                     share/mmapcheck/runtest/mmapcheck   the LTP runtest file
#   make dist       builds, then $(BUILD)/mmapcheck-<git describe>-<os>-<machine>.tar.gz:
#                   the same tree in one directory, run in place as <dir>/bin/mmapcheck-run
# Variables: CC, CFLAGS, BUILD, PYTHON, and KSFT_DIR=<linux>/tools/testing/selftests
# to build against the kernel's own kselftest.h instead of harness/ksft/;
# DESTDIR, PREFIX (/usr/local) for install, DIST_PREFIX (/opt/mmapcheck): the
# PREFIX the tarball's runtest file names.

PYTHON = python3
CC = cc
CFLAGS = -O2 -Wall -Wextra
BUILD = build
KSFT_DIR =
RUNS = 20
PREFIX = /usr/local
DESTDIR =
DIST_PREFIX = /opt/mmapcheck
TARGET = native
COMPARE = reports/*/
TOOLCHAIN = --cc "$(CC)" --cflags "$(CFLAGS)" --build-dir "$(BUILD)" --ksft-dir "$(KSFT_DIR)"

all:
	$(PYTHON) runner.py build $(TOOLCHAIN)

check:
	$(PYTHON) runner.py run --target "$(TARGET)" $(TOOLCHAIN)

bench:
	$(PYTHON) runner.py bench --target "$(TARGET)" $(TOOLCHAIN)

matrix:
	$(PYTHON) runner.py matrix $(TOOLCHAIN)

compare:
	$(PYTHON) runner.py compare $(COMPARE) --documented freebsd netbsd openbsd darwin

test:
	sh tests/run.sh

portcheck:
	PYTHON="$(PYTHON)" KSFT_DIR="$(KSFT_DIR)" sh tests/portcheck.sh

mutants:
	CC="$(CC)" BUILD="$(BUILD)" $(PYTHON) tests/mutants/run.py

vacuity:
	CC="$(CC)" BUILD="$(BUILD)" $(PYTHON) tests/vacuity/run.py

stability:
	$(PYTHON) tests/stability.py --runs $(RUNS)

# The case list is the sources: a binary of a removed case is never installed.
# The runtest file's commands are absolute, so that kirk finds them under PREFIX;
# bin/mmapcheck-run finds libexec/ next to itself, so a bundle runs wherever it is.
install:
	@set -e; d="$(DESTDIR)$(PREFIX)"; lx="$$d/libexec/mmapcheck"; \
	for f in cases/*/*.c platform-info run-lane; do id=$${f#cases/}; id=$${id%.c}; \
		[ -f "$(BUILD)/$$id" ] && [ -x "$(BUILD)/$$id" ] || \
		{ echo "make install: $(BUILD)/$$id is not built: run make first" >&2; exit 1; }; \
	done; \
	rm -rf "$$lx"; mkdir -p "$$d/bin" "$$lx/cases" "$$d/share/mmapcheck/runtest"; \
	cp runner.sh "$$lx/runner.sh"; cp "$(BUILD)/platform-info" "$(BUILD)/run-lane" "$$lx/cases/"; \
	mkdir "$$lx/expected"; cp expected/* "$$lx/expected/"; \
	{ echo "# mmapcheck: one line per case: TAG COMMAND ARGS (LTP runtest format, for kirk)"; \
	for f in cases/*/*.c; do id=$${f#cases/}; id=$${id%.c}; \
		mkdir -p "$$lx/cases/$${id%/*}"; cp "$(BUILD)/$$id" "$$lx/cases/$$id"; \
		echo "$${id%%/*}_$${id#*/} $(PREFIX)/bin/mmapcheck-ltp $$id"; \
	done; } >"$$d/share/mmapcheck/runtest/mmapcheck"; \
	{ echo '#!/bin/sh'; \
	echo '# mmapcheck-run [-j JOBS] [-t TIMEOUT_S] [-s SCRATCH_DIR] [CASE_ID ...]: runs the'; \
	echo '# installed cases, all or those named, and prints one KTAP stream (runner.sh).'; \
	echo 'lx=$$(cd "$$(dirname "$$0")/../libexec/mmapcheck" && pwd) || exit 2'; \
	echo 'while getopts :j:t:s: opt; do :; done  # only to find where the case ids start (runner.sh checks them)'; \
	echo 'options=$$((OPTIND - 1)) i=0'; \
	echo 'for arg; do  # the cases directory goes between the options and the ids'; \
	echo '    [ $$i -eq $$options ] && set -- "$$@" "$$lx/cases"'; \
	echo '    set -- "$$@" "$$arg"; shift; i=$$((i + 1))'; \
	echo 'done'; \
	echo '[ $$i -eq $$options ] && set -- "$$@" "$$lx/cases"'; \
	echo 'OPTIND=1'; \
	echo '. "$$lx/runner.sh"  # in this shell, so that `busybox sh mmapcheck-run` runs it in busybox'; \
	} >"$$d/bin/mmapcheck-run"; \
	{ echo '#!/bin/sh'; \
	echo '# mmapcheck-ltp CASE_ID: one installed case for LTP'"'"'s runner (kirk), in a directory'; \
	echo '# of its own; exit 0 TPASS, 1 TFAIL, kselftest'"'"'s skip (4) TCONF (32), else TBROK (2).'; \
	echo 'export LC_ALL=C'; \
	echo 'case $$#:$${1-} in 1:*[!a-z0-9/-]* | 1:*/*/* | 1:/* | 1:*/) ;; 1:?*/?*) id=$$1 ;; esac'; \
	echo '[ -n "$${id-}" ] || { echo "usage: mmapcheck-ltp CASE_ID (call/claim: a-z 0-9 -)" >&2; exit 2; }'; \
	echo 'ulimit -S -c 0 2>/dev/null || ulimit -c 0 2>/dev/null  # no core file, whatever the user'"'"'s settings'; \
	echo 'cases=$$(cd "$$(dirname "$$0")/../libexec/mmapcheck/cases" && pwd) || exit 2'; \
	echo 'work=$$(mktemp -d "$${TMPDIR:-/tmp}/mmapcheck.XXXXXX") || exit 2'; \
	echo '(cd "$$work" && export TMPDIR="$$work" && exec "$$cases/$$id" </dev/null)'; \
	echo 'status=$$?'; \
	echo 'rm -rf "$$work"'; \
	echo 'case $$status in 0 | 1) exit $$status ;; 4) exit 32 ;; *) exit 2 ;; esac'; \
	} >"$$d/bin/mmapcheck-ltp"; \
	chmod 755 "$$d/bin/mmapcheck-run" "$$d/bin/mmapcheck-ltp" "$$lx/runner.sh"; \
	echo "installed $$(grep -c -v '^#' "$$d/share/mmapcheck/runtest/mmapcheck") cases into $$d"

# The bundle's runtest file names DIST_PREFIX: unpacked there, kirk runs it as is.
dist: all
	@set -e; v=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	name=mmapcheck-$$v-$$(uname -s | tr A-Z a-z)-$$(uname -m); stage="$(BUILD)/.dist"; \
	rm -rf "$$stage"; \
	$(MAKE) -s install BUILD="$(BUILD)" DESTDIR="$$stage" PREFIX="$(DIST_PREFIX)" >/dev/null; \
	mv "$$stage$(DIST_PREFIX)" "$$stage/$$name"; \
	(cd "$$stage" && tar -cf - "$$name") | gzip -9 >"$(BUILD)/$$name.tar.gz"; \
	rm -rf "$$stage"; echo "$(BUILD)/$$name.tar.gz"

clean:
	rm -rf build

clean-cache:
	$(PYTHON) -m mmapcheck.kernels --clean

.PHONY: all check bench matrix compare test portcheck mutants vacuity stability clean clean-cache install dist
