"""An initramfs for kirk's qemu SUT (`kirk --sut default:com=qemu --com
qemu:...`), the way the kernel targets make theirs (targets/guest.py): static
busybox, a bundle installed into a staging directory (`make install
DESTDIR=STAGE` of a static build: the guest has no C library), and an init
that mounts what the cases need and leaves a root shell on the console.

kirk logs in by waiting for its `prompt` string on the console, and the
default, "#", is in the kernel's own banner ("#1 SMP ..."), long before any
shell: the shell's prompt here is PROMPT, which no boot message contains.
Kernel messages stay off the console, where they would mix with the tests'
output.  The cases' scratch directory is kirk's TMPDIR, /tmp unless set: a tmpfs, as
the kernel targets' scratch directory is, since expected/ entries depend on
the filesystem.

    python3 -m mmapcheck.kirk_guest STAGE INITRAMFS"""

import argparse
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import UsageError
from .safe_write import UMASK
from .targets.guest import BOOT_LINES, BUSYBOX, GUEST_MAX_MAP_COUNT, is_static_elf, write_initramfs

PROMPT = "mmapcheck-sut# "
FILES_LIMIT = 100_000  # files in the staging directory: the bundle has some 600


def init_script(prompt=PROMPT, setup=()):
    """The guest's /init: setup is what runs once kernel messages are off
    the console, before the shell (mmapcheck.lava_ramdisk loads modules there)."""
    return "\n".join(BOOT_LINES + (
        "mount -t tmpfs tmp /tmp",
        # as runner.py's guests: the cases read the limit, and the default
        # 65530 mappings take seconds per case under software emulation
        f"echo {GUEST_MAX_MAP_COUNT} > /proc/sys/vm/max_map_count",
        # Kernel messages on the console would land in a test's output, even
        # inside a line: kirk's "dmesg -D" is util-linux's, which busybox's
        # dmesg refuses, and its command line asks for ignore_loglevel.  Only
        # emergencies (a panic, which kirk watches for) still reach the console.
        "echo 0 > /sys/module/printk/parameters/ignore_loglevel; dmesg -n 1",
        *setup,
        f"export PS1='{prompt}' HOME=/",
        # the console as the shell's controlling terminal: kirk's Ctrl-C
        # reaches a command it stops; when the shell ends, so does the guest
        "setsid cttyhack sh",
        "poweroff -f")) + "\n"


def staged_files(stage):
    """{path in the guest: (mode, bytes)} of every file under stage, which
    holds only directories and files (make install makes no link)."""
    files = {}
    for top, dirs, names in os.walk(stage):
        for name in dirs + names:
            path = Path(top, name)
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise UsageError(f"{path}: not a regular file (make install makes none)")
            if len(files) >= FILES_LIMIT:
                raise UsageError(f"{stage}: more than {FILES_LIMIT} files: not a make install of the bundle")
            files[path.relative_to(stage).as_posix()] = (stat.S_IMODE(mode), path.read_bytes())
    return files


def check_static(run_lane):
    """The guest has no C library: the bundle's run-lane (built as its cases
    are) and busybox must be statically linked."""
    if not is_static_elf(run_lane):
        raise UsageError(f"{run_lane} is not statically linked, and the guest has no C library: "
                         'build with CC=musl-gcc CFLAGS="-O2 -Wall -Wextra -static"')
    if not is_static_elf(BUSYBOX):
        raise UsageError(f"no static busybox at {BUSYBOX}: apt-get install busybox-static")


def build_initramfs(stage, out):
    stage = Path(stage)
    runtests = sorted(stage.glob("**/libexec/mmapcheck/ltp/runtest/mmapcheck"))
    if not runtests:
        raise UsageError(f"{stage}: no <prefix>/libexec/mmapcheck/ltp/runtest/mmapcheck: "
                         "make install DESTDIR=STAGE first")
    check_static(runtests[0].parents[2] / "cases" / "run-lane")
    files = staged_files(stage)
    files.update({"bin/busybox": (0o755, BUSYBOX.read_bytes()), "init": (0o755, init_script().encode())})
    write_archive(out, files)
    return runtests[0].parents[4]  # PREFIX: <prefix>/libexec/mmapcheck/ltp/runtest/mmapcheck


def write_archive(out, files):
    """The cpio archive of files ({path: (mode, bytes)}) renamed into place at
    out, never written through a link there."""
    out = Path(out)
    if out.is_symlink():
        raise UsageError(f"{out} is a symbolic link: not writing through it")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.close(fd)
    try:
        write_initramfs(tmp, files)
        os.chmod(tmp, 0o666 & ~UMASK)  # as an ordinary write would have made it, not mkstemp's 0600
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m mmapcheck.kirk_guest",
                                description="an initramfs for kirk's qemu SUT holding an installed bundle")
    p.add_argument("stage", help="the DESTDIR of `make install` (of a static build)")
    p.add_argument("initramfs", help="the cpio archive to write")
    args = p.parse_args(argv)
    try:
        prefix = build_initramfs(args.stage, args.initramfs)
    except (UsageError, OSError) as e:
        print(f"mmapcheck.kirk_guest: {e}", file=sys.stderr)
        return 2
    print(f"{args.initramfs}: the bundle at /{prefix.relative_to(args.stage).as_posix()} "
          f"(LTPROOT=/{prefix.relative_to(args.stage).as_posix()}/libexec/mmapcheck/ltp), "
          f"prompt '{PROMPT.strip()}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
