"""The native target: the cases run on this machine's kernel."""

import platform as pyplatform
import subprocess
import tempfile

from . import UsageError
from .execute import withheld_env
from .expected import version_tuple


NATIVE_LIBC = {"linux": "glibc"}  # a report of another libc gets its own directory


def probe_platform(tc):
    """Facts about where the cases run, from build/platform-info and Python."""
    plat = {"target": "native"}  # the only target so far
    try:
        out = subprocess.run([str(tc.build_dir / "platform-info")], stdout=subprocess.PIPE,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise UsageError(f"cannot run {tc.build_dir / 'platform-info'}: {e}")
    for line in out.splitlines():
        key, _, value = line.partition("=")
        plat[key] = value
    plat["page_size"] = int(plat.get("page_size", 0))
    plat["tmpdir"] = tempfile.gettempdir()
    plat["tmpdir_fs"] = filesystem_of(plat["tmpdir"])
    plat["env_withheld"] = " ".join(withheld_env())
    os_name = plat.get("os", pyplatform.system()).lower()
    libc_family = plat.get("libc", "").split("-")[0]
    parts = [os_name, ".".join(map(str, version_tuple(plat.get("release")))) or "unknown",
             plat.get("machine", "unknown")]
    if libc_family and NATIVE_LIBC.get(os_name, libc_family) != libc_family:
        parts.append(libc_family)
    if plat["target"] != "native":
        parts.append(plat["target"])
    plat["id"] = "-".join(parts)
    return plat


def filesystem_of(path):
    """The type of the filesystem holding path (Linux /proc/mounts), else 'unknown'."""
    best, fstype = "", "unknown"
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 3:
                    mnt = fields[1].replace("\\040", " ")
                    if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                        best, fstype = mnt, fields[2]
    except OSError:
        pass
    return fstype
