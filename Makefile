# mmapcheck.  POSIX make: works with GNU make and BSD make (bmake).
#   make            build every case into build/
#   make check      run every case on this machine (or TARGET=kernel:6.1, uml, gvisor,
#                   qemu-user:aarch64:65536, valgrind, ...); report in reports/<platform>/
#   make test       the project's own tests (tests/), then the whole suite
#   make portcheck  every case built by gcc, clang, musl-gcc, strict POSIX (gcc, clang),
#                   the kernel's kselftest.h and BSD make, warnings as errors
#   make bench      the runner's wall time against the cases' own times
#   make mutants    the suite once per injected kernel/libc bug: the kill matrix
#   make stability  the suite 20 times, idle, under CPU load and memory pressure
#   make matrix     the suite on native, kernels 5.10-7.2, uml, gvisor, qemu-user, valgrind:
#                   reports/matrix.md
#   make clean-cache  remove the downloaded kernels (~/.cache/mmapcheck, or $MMAPCHECK_CACHE)
# Variables: CC, CFLAGS, BUILD, PYTHON, and KSFT_DIR=<linux>/tools/testing/selftests
# to build against the kernel's own kselftest.h instead of harness/ksft/.

PYTHON = python3
CC = cc
CFLAGS = -O2 -Wall -Wextra
BUILD = build
KSFT_DIR =
RUNS = 20
TARGET = native
TOOLCHAIN = --cc "$(CC)" --cflags "$(CFLAGS)" --build-dir "$(BUILD)" --ksft-dir "$(KSFT_DIR)"

all:
	$(PYTHON) runner.py build $(TOOLCHAIN)

check:
	$(PYTHON) runner.py run --target "$(TARGET)" $(TOOLCHAIN)

bench:
	$(PYTHON) runner.py bench --target "$(TARGET)" $(TOOLCHAIN)

matrix:
	$(PYTHON) runner.py matrix $(TOOLCHAIN)

test:
	sh tests/run.sh

portcheck:
	PYTHON="$(PYTHON)" KSFT_DIR="$(KSFT_DIR)" sh tests/portcheck.sh

mutants:
	CC="$(CC)" BUILD="$(BUILD)" $(PYTHON) tests/mutants/run.py

stability:
	$(PYTHON) tests/stability.py --runs $(RUNS)

clean:
	rm -rf build

clean-cache:
	$(PYTHON) -m mmapcheck.kernels --clean

.PHONY: all check bench matrix test portcheck mutants stability clean clean-cache
