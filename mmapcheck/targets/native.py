"""The native target: the cases run on this machine's kernel."""

from .process import ProcessTarget


class Native(ProcessTarget):
    kind = "native"

    @property
    def default_fs(self):
        return filesystem_of("/tmp")


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
