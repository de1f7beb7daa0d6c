"""The valgrind target: each case, natively built and dynamically linked
(valgrind must see the dynamic libc), runs under valgrind's memcheck.  What is
tested is valgrind's emulation of the memory calls (coregrind's syscall
wrappers and its address-space manager), not the host kernel alone."""

import re
import shutil

from .. import UsageError
from .process import ProcessTarget


# Why these options:
#  -q                    only errors on stderr, so a clean case's stderr stays empty
#  --trace-children=yes  a case that execs (or re-execs itself) stays under valgrind
#  --vgdb=no             no vgdb FIFOs in TMPDIR, which is the case's private directory
#                        (a killed valgrind would leave them there)
#  --leak-check=no       cases leave mappings and buffers at exit on purpose; leak
#                        reports say nothing about the memory calls
# No --error-exitcode: cases pass bad pointers to the memory calls on purpose
# (EFAULT, ENOMEM claims), which memcheck reports as errors; an exit code of its
# own would turn those passing cases into "exit code disagrees" errors.  Its
# reports go to the case's stderr, which the report keeps (ktap/<id>.stderr),
# and so do valgrind's warnings ("unhandled syscall"), which show in the
# verdicts as the calls they break.  When valgrind itself gives up (its
# "FATAL:" lines, "the 'impossible' happened") the case is an error naming that.
VALGRIND_OPTIONS = ("-q", "--trace-children=yes", "--vgdb=no", "--leak-check=no")


class Valgrind(ProcessTarget):
    kind = "valgrind"
    id_suffix = "valgrind"

    @property
    def default_fs(self):
        from .native import filesystem_of
        return filesystem_of("/tmp")

    def wrap(self, argv):
        return ["valgrind", *VALGRIND_OPTIONS, *argv]

    def check(self, tc):
        if not shutil.which("valgrind"):
            raise UsageError("target valgrind needs: apt-get install valgrind")
        if "-static" in tc.cflags.split():
            raise UsageError("target valgrind needs dynamically linked cases: drop -static from --cflags")

    def own_failure(self, stderr):
        for line in stderr.splitlines():
            if "Valgrind: FATAL:" in line or "the 'impossible' happened" in line:
                return "valgrind itself gave up: " + re.sub(r"^--\d+:\d+: *", "", line).strip()
        return None
