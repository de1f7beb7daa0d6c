#!/bin/sh
# make test: the runner's and harness's own tests, then the whole suite on this
# kernel.  pytest comes from Debian (python3-pytest), which installs for
# /usr/bin/python3; the python3 first on PATH may lack it, so look for one that has it.
set -u
cd "$(dirname "$0")/.." || exit 2

# Debian packages the tests use: pytest; clang and musl-gcc for the compiler
# matrix; bmake for the BSD make check; linux-source-6.1 for the kernel's kselftest.h.
# manpages-dev: the ERRORS entries the coverage test reads; util-linux: setpriv, prlimit, unshare.
# qemu-system-x86, busybox-static, lz4, zstd: the suite on a Debian kernel (kmod: its depmod,
# which every ordinary Debian system has, is used on the fetched modules); runsc: on gVisor.
# chromium: the comparison page checked in a real browser; dash: the installed runner;
# python3-yaml: the example CI workflow parsed; python3-jsonschema: the KCIDB export checked
# against KernelCI's schema (tests/test_kcidb.py; the runner itself needs no package).
# lava-dispatcher, git: LAVA's lava-run on the example job (its test definition comes from a
# git repository); lava-dispatcher's libguestfs needs a kernel in /boot for its appliance,
# which .ci/run installs (linux-image-amd64) and this script does not: installing a kernel is
# no test's business on a developer's machine.
PACKAGES="python3-pytest clang musl-tools bmake linux-source-6.1 manpages-dev util-linux
	qemu-system-x86 busybox-static lz4 zstd kmod runsc chromium dash python3-yaml python3-jsonschema
	lava-dispatcher git"

find_python() {
	for py in ${PYTHON:-} python3 /usr/bin/python3; do
		if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import pytest' 2>/dev/null; then
			echo "$py"
			return 0
		fi
	done
	return 1
}

missing=""
for pkg in $PACKAGES; do
	dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing="$missing $pkg"
done
if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "make test: installing$missing"
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; } >/dev/null \
			|| echo "make test: apt-get failed; tests that need$missing will skip" >&2
	else
		echo "make test: as root, install what the tests use: apt-get install -y$missing" >&2
	fi
fi

py=$(find_python) || {
	echo "make test: no python3 with pytest found; install it: apt-get install -y python3-pytest" >&2
	exit 2
}
# The suite's own run writes its report under build/, not over the published
# reports/<platform>/ (those are made by `make matrix`).
exec "$py" -m pytest -p no:cacheprovider --reports build/test-reports "$@" tests runner.py
