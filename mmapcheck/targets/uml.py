"""uml: Debian's user-mode Linux kernel (package user-mode-linux), a Linux
kernel that runs as a host process; booted once per run like kernel:VERSION."""

from .guest import GuestTarget, need


class UserModeLinux(GuestTarget):
    kind = "uml"
    id_suffix = "uml"
    ktap_device = "/dev/tty1"  # con1, wired to the runner's pipe
    disk_device = "/dev/ubda"
    ext4_modules = ["ext4"]

    def check(self, tc):
        super().check(tc)
        need("linux", "user-mode-linux")

    def kernel(self):
        from ..kernels import uml_kernel
        return uml_kernel()

    def command(self, kernel, initramfs, disk, cmdline):
        # con0 (the console) and the rest go to stderr, the console file; con1
        # carries the results on stdout.
        argv = [str(kernel.image), "mem=1024M", f"initrd={initramfs}", cmdline,
                "con=null", "con0=null,fd:2", "con1=null,fd:1"]
        if disk:
            argv.append(f"ubd0={disk}")
        return argv
