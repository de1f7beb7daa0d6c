#!/bin/sh
# lava/run-offline.sh [DIR]: job-qemu.yaml run on this machine by lava-run,
# offline: the kernel (the kernel:6.1-cloud target's, from the cache), the
# ramdisk and the test definition come from local paths.  As root (lava-run
# insists); needs lava-dispatcher, musl-tools, busybox-static, qemu-system-x86
# and git.  DIR (default build/lava) receives:
#   stage/            the bundle installed for the ramdisk (PREFIX=/opt/mmapcheck)
#   ramdisk.cpio      busybox, the bundle, the overlay disk's modules
#   device.yaml       qemu-mmapcheck.jinja2 rendered with lava-server's templates
#   testdefs/         a git repository holding lava/mmapcheck.yaml, as a lab's would
#   job.yaml          job-qemu.yaml with those paths
#   output/           lava-run's output directory (its result.yaml, the overlay, ...)
#   job.log           the job's log, as lava-run writes it: runner.py ingest reads it
# Environment: PYTHON (python3), KERNEL (6.1-cloud), JOB_ID (1).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${1:-$top/build/lava}
PYTHON=${PYTHON:-python3}
KERNEL=${KERNEL:-6.1-cloud}
build=build/static-x86_64-musl

die() { echo "run-offline.sh: $*" >&2; exit 2; }
command -v lava-run >/dev/null 2>&1 || die "lava-run not found: apt-get install lava-dispatcher"
command -v git >/dev/null 2>&1 || die "git not found: apt-get install git"
[ "$(id -u)" = 0 ] || die "lava-run runs as root only"
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$top"

# The cases built static (the guest has no C library), installed, and the ramdisk.
make -s BUILD="$build" CC=musl-gcc CFLAGS="-O2 -Wall -Wextra -static" >/dev/null
rm -rf "$out/stage" "$out/testdefs" "$out/output"
make -s install BUILD="$build" DESTDIR="$out/stage" PREFIX=/opt/mmapcheck >/dev/null
kernel=$("$PYTHON" -m mmapcheck.lava_ramdisk kernel "$KERNEL")
"$PYTHON" -m mmapcheck.lava_ramdisk ramdisk --kernel "$KERNEL" "$out/stage" "$out/ramdisk.cpio" >/dev/null
# The device dictionary, rendered with lava-server's templates (jinja2: Debian's python3).
/usr/bin/python3 -m mmapcheck.lava_ramdisk device "$here/qemu-mmapcheck.jinja2" "$out/device.yaml" >/dev/null

# The test definition from a git repository, as a lab takes it: one made of this checkout's file.
mkdir -p "$out/testdefs/lava"
cp "$here/mmapcheck.yaml" "$out/testdefs/lava/mmapcheck.yaml"
(cd "$out/testdefs" && git init -q && git add lava/mmapcheck.yaml &&
	git -c user.name=mmapcheck -c user.email=mmapcheck@localhost commit -q -m "mmapcheck's test definition")

sed -e "s|\"@KERNEL@\"|\"file://$kernel\"|" -e "s|\"@RAMDISK@\"|\"file://$out/ramdisk.cpio\"|" \
	-e "s|\"@REPOSITORY@\"|\"$out/testdefs\"|" "$here/job-qemu.yaml" >"$out/job.yaml"

# libguestfs makes the overlay disk in an appliance of its own: started
# directly (no libvirt), under software emulation (a /dev/kvm without a real
# KVM module hangs it).
echo "run-offline.sh: lava-run --job-id ${JOB_ID:-1} ...; the job's log: $out/job.log" >&2
status=0
LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
	lava-run --job-id "${JOB_ID:-1}" --output-dir "$out/output" --device "$out/device.yaml" "$out/job.yaml" \
	2>"$out/job.log" || status=$?
"$PYTHON" -m mmapcheck.ingest_lava "$out/job.log" || true
exit $status
