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
#                     bin/mmapcheck-ltp        one case as an LTP test (for kirk)
#                     libexec/mmapcheck/       runner.sh, runner-printer.awk, cases/<call>/<claim>,
#                                              cases/platform-info, cases/run-lane, expected/<os>
#                                              (runner.sh marks the documented deviations that
#                                              apply as XFAIL)
#                     libexec/mmapcheck/ltp/   an LTP root for kirk: runtest/mmapcheck and
#                                              testcases/bin/mmapcheck-ltp
#   make dist       builds, then $(BUILD)/mmapcheck-<git describe>-<os>-<machine>.tar.gz:
#                   the same tree in one directory, run in place as <dir>/bin/mmapcheck-run
# Variables: CC, CFLAGS, BUILD, PYTHON, and KSFT_DIR=<linux>/tools/testing/selftests
# to build against the kernel's own kselftest.h instead of harness/ksft/;
# DESTDIR, PREFIX (/usr/local) for install.

PYTHON = python3
CC = cc
CFLAGS = -O2 -Wall -Wextra
BUILD = build
KSFT_DIR =
RUNS = 20
PREFIX = /usr/local
DESTDIR =
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
# The scripts are bundle/'s.  libexec/mmapcheck/ltp is an LTP root for kirk
# (LTPROOT): runtest/mmapcheck names the command bare, as LTP's runtest files
# do, and kirk finds it in testcases/bin, which is on its PATH; so the tree
# runs wherever it is (under DESTDIR, unpacked from the tarball).
install:
	@set -e; d="$(DESTDIR)$(PREFIX)"; lx="$$d/libexec/mmapcheck"; ltp="$$lx/ltp"; \
	for f in cases/*/*.c platform-info run-lane; do id=$${f#cases/}; id=$${id%.c}; \
		[ -f "$(BUILD)/$$id" ] && [ -x "$(BUILD)/$$id" ] || \
		{ echo "make install: $(BUILD)/$$id is not built: run make first" >&2; exit 1; }; \
	done; \
	rm -rf "$$lx"; mkdir -p "$$d/bin" "$$lx/cases" "$$ltp/runtest" "$$ltp/testcases/bin"; \
	cp runner.sh runner-printer.awk "$$lx/"; cp "$(BUILD)/platform-info" "$(BUILD)/run-lane" "$$lx/cases/"; \
	mkdir "$$lx/expected"; cp expected/* "$$lx/expected/"; \
	{ echo "# mmapcheck: one line per case: TAG COMMAND ARGS (LTP runtest format, for kirk)"; \
	for f in cases/*/*.c; do id=$${f#cases/}; id=$${id%.c}; \
		mkdir -p "$$lx/cases/$${id%/*}"; cp "$(BUILD)/$$id" "$$lx/cases/$$id"; \
		echo "$${id%%/*}_$${id#*/} mmapcheck-ltp $$id"; \
	done; } >"$$ltp/runtest/mmapcheck"; \
	cp bundle/mmapcheck-run bundle/mmapcheck-ltp "$$d/bin/"; \
	cp bundle/ltp-testcase "$$ltp/testcases/bin/mmapcheck-ltp"; \
	chmod 755 "$$d/bin/mmapcheck-run" "$$d/bin/mmapcheck-ltp" "$$lx/runner.sh" "$$ltp/testcases/bin/mmapcheck-ltp"; \
	echo "installed $$(grep -c -v '^#' "$$ltp/runtest/mmapcheck") cases into $$d"

# The tree in one directory named as the tarball, which runs wherever it is unpacked.
dist: all
	@set -e; v=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	name=mmapcheck-$$v-$$(uname -s | tr A-Z a-z)-$$(uname -m); stage="$(BUILD)/.dist"; \
	rm -rf "$$stage"; \
	$(MAKE) -s install BUILD="$(BUILD)" DESTDIR="$$stage" PREFIX="/$$name" >/dev/null; \
	(cd "$$stage" && tar -cf - "$$name") | gzip -9 >"$(BUILD)/$$name.tar.gz"; \
	rm -rf "$$stage"; echo "$(BUILD)/$$name.tar.gz"

clean:
	rm -rf build

clean-cache:
	$(PYTHON) -m mmapcheck.kernels --clean

.PHONY: all check bench matrix compare test portcheck mutants vacuity stability clean clean-cache install dist
