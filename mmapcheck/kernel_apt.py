"""The private apt configuration kernels and man pages are fetched through.

The system's Debian mirror and keyring are used, never /etc/apt's lists, state
or architectures: each (suite, Debian architecture) has its own sources file
and state under <cache>/apt/ (<suite>/ for amd64, <suite>@<arch>/ for the
others), so the lists of two architectures never mix and nothing is asked of
dpkg (no `dpkg --add-architecture`).  A suite is read together with its
-security suite, where kernel updates land; apt-get update runs at most once a
day per (suite, architecture)."""

import os
import pwd
import re
import shutil
import time
from pathlib import Path

from . import UsageError
from .kernel_image import HelperFailed, run_helper, telling_line, write_atomically

DEVELOPMENT_SUITE = "sid"       # no -security suite
UPDATE_INTERVAL_S = 24 * 3600   # apt-get update of a (suite, architecture) at most this often
DEFAULT_MIRROR = "http://deb.debian.org/debian"
DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security"
DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"


def system_mirrors():
    """(archive URL, security URL, keyring) the system's apt sources use for Debian."""
    mirror, security, keyring = None, None, None
    for uri, suites, signed_by in system_sources():
        if "debian" not in uri:
            continue
        if any(s.endswith("-security") for s in suites):
            security = security or uri
        else:
            mirror = mirror or uri
        keyring = keyring or signed_by
    if not keyring and Path(DEFAULT_KEYRING).exists():
        keyring = DEFAULT_KEYRING
    return mirror or DEFAULT_MIRROR, security or DEFAULT_SECURITY_MIRROR, keyring


def system_sources(etc=Path("/etc/apt")):
    """(uri, suites, signed-by) of each deb entry in sources.list and sources.list.d."""
    files = [etc / "sources.list"] + sorted((etc / "sources.list.d").glob("*.list"))
    for f in files:
        for line in read_or_empty(f).splitlines():
            m = re.match(r"\s*deb\s+(?:\[([^]]*)\]\s+)?(\S+)\s+(\S+)", line)
            if m:
                signed = re.search(r"signed-by=(\S+)", m.group(1) or "")
                yield m.group(2).rstrip("/"), [m.group(3)], signed and signed.group(1)
    for f in sorted((etc / "sources.list.d").glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", read_or_empty(f)):
            fields = dict(re.findall(r"^([A-Za-z-]+):[ \t]*(.*)$", stanza, re.M))
            if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes") != "no":
                for uri in fields.get("URIs", "").split():
                    yield uri.rstrip("/"), fields.get("Suites", "").split(), fields.get("Signed-By")


def read_or_empty(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


class Apt:
    """apt-get / apt-cache on one suite and one Debian architecture, with state
    under <root>/<suite>/ (amd64) or <root>/<suite>@<arch>/."""

    def __init__(self, suite, root, arch="amd64"):
        if not shutil.which("apt-get"):
            raise UsageError("apt-get not found: Debian kernels are fetched with apt "
                             "(give a path to a kernel image instead)")
        self.suite, self.root, self.arch = suite, root, arch
        name = suite if arch == "amd64" else f"{suite}@{arch}"
        self.where = suite if arch == "amd64" else f"{suite}, {arch}"   # for messages
        self.state = root / name
        mirror, security, keyring = system_mirrors()
        options = f"[signed-by={keyring}] " if keyring else ""
        entries = [f"deb {options}{mirror} {suite} main"]
        if suite != DEVELOPMENT_SUITE:
            entries.append(f"deb {options}{security} {suite}-security main")
        for d in ("lists/partial", "cache/archives/partial"):
            (self.state / d).mkdir(parents=True, exist_ok=True)
        self.sources = root / f"{name}.list"
        if read_or_empty(self.sources) != "\n".join(entries) + "\n":
            write_atomically(self.sources, ("\n".join(entries) + "\n").encode())
        if not (self.state / "status").is_file():
            write_atomically(self.state / "status", b"")
        self.options = []
        for key, value in {
                "Dir::Etc::SourceList": self.sources, "Dir::Etc::SourceParts": "/dev/null",
                "Dir::Etc::Preferences": "/dev/null", "Dir::Etc::PreferencesParts": "/dev/null",
                "Dir::State::Lists": self.state / "lists", "Dir::Cache": self.state / "cache",
                "Dir::State::status": self.state / "status",
                # as root apt would drop to _apt, which cannot write into our cache
                "APT::Sandbox::User": pwd.getpwuid(os.getuid()).pw_name,
                # the architecture of the lists, whatever dpkg's are
                "APT::Architecture": arch, "APT::Architectures": arch,
                "Acquire::Languages": "none"}.items():
            self.options += ["-o", f"{key}={value}"]

    def run(self, tool, *args, cwd=None):
        """tool's output; a failure is one line: the command, the suite, apt's telling line."""
        command = " ".join([tool] + [a for a in args if not a.startswith("-")][:1])
        try:
            return run_helper([tool, *self.options, *args], f"{command} ({self.where})",
                              cwd=cwd).decode(errors="replace")
        except HelperFailed as e:
            if tool == "apt-cache":   # the lists are there: the package is not
                raise UsageError(f"{e} ({self.where} has no {args[-1]}?)")
            raise

    def update(self):
        stamp = self.state / "updated"
        if stamp.exists():
            updated = stamp.stat().st_mtime
            if updated > self.sources.stat().st_mtime and time.time() - updated < UPDATE_INTERVAL_S:
                return
        self.run("apt-get", "-q", "--error-on=any", "update")
        write_atomically(stamp, b"")

    def depends(self, package):
        """The candidate version of package and the package names it depends on."""
        fields = self.show(package)
        return fields.get("Version", "?"), [name for name, _ in depends_of(fields)]

    def show(self, package):
        """The fields of package's stanza (package may be NAME=VERSION): the candidate's."""
        out = self.run("apt-cache", "show", "--no-all-versions", package)
        return dict(re.findall(r"^([A-Za-z-]+): (.*)$", out, re.M))

    def versions(self, package):
        """[(version, archive)] of package in these lists, newest first (apt-cache
        madison's order), e.g. ("6.1.192-3", "bookworm-security"); [] when there is none."""
        found = []
        for line in self.run("apt-cache", "madison", package).splitlines():
            fields = [f.strip() for f in line.split("|")]
            if len(fields) == 3 and fields[0] == package and fields[2].endswith(" Packages"):
                where = fields[2].split()
                found.append((fields[1], where[1].split("/")[0] if len(where) > 1 else "?"))
        return found

    def download(self, packages, into):
        return self.download_from(packages, into)[0]

    def download_from(self, packages, into):
        """The .debs downloaded into into, and the archives apt says they came from
        (its "Get:1 http://... bookworm-security/main ..." lines)."""
        out = self.run("apt-get", "-q", "download", *packages, cwd=into)
        archives = re.findall(r"^Get:\S+ \S+ ([^/\s]+)/", out, re.M)
        return sorted(into.glob("*.deb")), sorted(set(archives), key=archives.index)


def depends_of(fields):
    """[(name, exact version or None)] of a stanza's Depends, the first of each alternative."""
    found = []
    for dep in fields.get("Depends", "").split(","):
        first = dep.split("|")[0].strip()
        if first:
            m = re.fullmatch(r"(\S+)(?:\s*\(\s*=\s*([^)\s]+)\s*\))?.*", first)
            found.append((m.group(1), m.group(2)))
    return found


def apt_error(stderr):
    """apt's most telling line: the first E:, else W:, else the last one."""
    return telling_line(stderr) or "apt failed"
