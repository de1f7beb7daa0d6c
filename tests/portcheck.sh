#!/bin/sh
# make portcheck: every case and harness file built in each mode with warnings
# as errors: gcc, clang, musl-gcc (static); strict POSIX.1-2008 (-std=c11
# -D_POSIX_C_SOURCE=200809L plus only each case's own feature macros, front
# end only) with gcc and clang; the kernel's own kselftest.h; and the Makefile
# under BSD make.
# One line per mode; exits 1 if any mode fails.  A mode whose tool is not
# installed is skipped (make test installs them as root).
set -u
cd "$(dirname "$0")/.." || exit 2
PYTHON=${PYTHON:-python3}
NORMAL="-O2 -Wall -Wextra"
# The strict modes ask one question, whether each source compiles with only
# POSIX's declarations visible, so they stop after the front end
# (-fsyntax-only): code generation and linking of the same sources are what
# the gcc and clang modes check (skipping them here saves a minute of make test).
STRICT="-std=c11 -D_POSIX_C_SOURCE=200809L -fsyntax-only $NORMAL"
KERNEL_SOURCE=/usr/src/linux-source-6.1.tar.xz
failed=0
note=

summary() {	# mode, status, what
	printf 'portcheck: %-13s %-7s %s\n' "$1" "$2" "$3"
}

mode() {	# mode, tool, command...
	name=$1 tool=$2
	shift 2
	if ! command -v "$tool" >/dev/null 2>&1; then
		summary "$name" skipped "$tool is not installed"
		return
	fi
	start=$(date +%s)
	out=$("$@" 2>&1)
	status=$?
	took="$(($(date +%s) - start))s"
	if [ $status -eq 0 ] && ! printf '%s\n' "$out" | grep -qi 'warning'; then
		summary "$name" ok "$took: $(printf '%s\n' "$out" | tail -n 1)${note:+ ($note)}"
	else
		printf '%s\n' "$out" | sed "s/^/$name: /" >&2
		summary "$name" FAILED "$took"
		failed=1
	fi
}

build() {	# mode, cc, cflags, build directory, runner options...
	name=$1 cc=$2 cflags=$3 dir=$4
	shift 4
	mode "$name" "$cc" $PYTHON runner.py build --werror --cc "$cc" --cflags "$cflags" \
		--build-dir "$dir" "$@"
}

# Where cc is gcc (Debian), the gcc mode is the default build (make, runner.py
# run): built once, its warnings kept beside each binary for --werror.
gcc_cc=gcc gcc_dir=build/port-gcc
if [ "$(readlink -f "$(command -v cc)")" = "$(readlink -f "$(command -v gcc)")" ]; then
	gcc_cc=cc gcc_dir=build
fi
build gcc "$gcc_cc" "$NORMAL" "$gcc_dir"
build clang clang "$NORMAL" build/port-clang
# musl-gcc builds as the kernel targets' guests run the cases, static
# (mmapcheck/targets/guest.py static_toolchain()): one musl build serves both.
guest() {	# the guest toolchain's field $1
	$PYTHON -c 'import sys; from mmapcheck.build import Toolchain
from mmapcheck.targets.guest import static_toolchain
print(getattr(static_toolchain(Toolchain()), sys.argv[1]))' "$1"
}
build musl-gcc musl-gcc "$(guest cflags)" "$(guest build_dir)"
note="front end only: no binaries"
build strict-gcc gcc "$STRICT" build/port-strict-gcc
build strict-clang clang "$STRICT" build/port-strict-clang
note=

# The kernel's kselftest.h: KSFT_DIR, else the one in Debian's linux-source.
ksft_dir=${KSFT_DIR:-}
if [ -z "$ksft_dir" ] && [ -f "$KERNEL_SOURCE" ]; then
	ksft_dir=$PWD/build/kernel-ksft-6.1	# the path tests/test_build.py passes: same build
	[ -f "$ksft_dir/kselftest.h" ] || { mkdir -p "$ksft_dir" && tar -xJOf "$KERNEL_SOURCE" \
		linux-source-6.1/tools/testing/selftests/kselftest.h >"$ksft_dir/kselftest.h"; }
fi
if [ -n "$ksft_dir" ]; then
	build kernel-ksft gcc "$NORMAL" build/port-kernel-ksft --ksft-dir "$ksft_dir"
else
	summary kernel-ksft skipped "no KSFT_DIR and no $KERNEL_SOURCE"
fi

# BSD make drives the same build as the gcc mode (up to date: nothing rebuilt;
# the gcc mode has judged its warnings).
mode bmake bmake bmake -s all PYTHON="$PYTHON" CC="$gcc_cc" CFLAGS="$NORMAL" BUILD="$gcc_dir"

exit $failed
