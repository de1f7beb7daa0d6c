#!/bin/sh
# runner.sh: runs built mmapcheck case binaries where there is no Python (a
# busybox guest, a BSD machine) and prints one KTAP stream that
# mmapcheck/stream.py parses:
#
#   # mmapcheck-platform: KEY=VALUE        (lines DIR/platform-info printed)
#   # mmapcheck-scratch: fs=TYPE           (the scratch directory's filesystem, or unknown)
#   # mmapcheck-scratch: dir=PATH          (bytes other than A-Z a-z 0-9 . _ + - / as "?")
#   # mmapcheck-judged: expected=OS|none   (the expected/ file applied to the ok lines)
#   KTAP version 1
#   1..N
#   # mmapcheck-case: ID
#       <the case's stdout, indented 4 spaces; after its first line, when that
#        is a "KTAP version" line and the case's results do not meet its plan:>
#   # Subtest: ID
#       <for an xfail, its result line is sent as the two lines
#            # mmapcheck-was: <the line as the case printed it>
#            ok 1 ID # XFAIL <reason>                              >
#   # mmapcheck-stderr: <one line of its stderr>
#   # mmapcheck-exit: ID status=0|N|timeout|signal:N time=S.SS|- leftover=a,b lines=N
#                    [left=processes] [output=truncated] [stderr=truncated]
#                    (the bracketed fields only when they happened; time: seconds
#                    from the case's fork to its exit ("-": unknown); lines: how many
#                    stdout lines were sent, so that a reader can tell a line lost on
#                    the way, e.g. on a serial port; leftover: the names of the files
#                    the case left, in byte order, bytes other than A-Z a-z 0-9 . _ + -
#                    replaced by "?", at most 16 names and then "...")
#                    output=truncated: the case printed more than 1048576 bytes on
#                    stdout; the lines sent are the whole lines within that limit, and
#                    the rest was never stored (the case was stopped by SIGPIPE or
#                    its timeout).  stderr=truncated: the same for its stderr.
#   ok N ID                               pass
#   ok N ID # SKIP [reason]               skip (the case's reason)
#   ok N ID # XFAIL reason (cite: ...)    xfail: a documented deviation, as expected
#   not ok N ID                           fail
#   not ok N ID # XPASS ...               xpass: a listed deviation did not happen
#   not ok N ID # timed out after T s     error
#   not ok N ID # error WHY               error: broken set-up, crash, left files or
#                                         processes behind, malformed KTAP
#                    (the verdict of mmapcheck/suite.py, against the entries of
#                    DIR/../expected/<os> that apply to this platform; text from a
#                    case or an entry: control characters as "?", cut at 1000 bytes)
#   # mmapcheck-done                       (only once every case is reported)
#
# It is KTAP the kernel's parser (tools/testing/kunit/kunit_parser.py) reads:
# the platform lines come before the version line, which it skips as console
# text, so that the plan follows the version line; each case's output is a
# nested KTAP document, which that parser ends after as many results as its
# plan says.  Where the case died before them (no plan, too few results),
# "# Subtest: ID" names the document, so that the parser ends it at "ok N ID"
# instead of taking that line for the case's own missing result; where the
# results are all there, no such line, since the case's own result line is
# named ID too.  The parser (Linux 6.1) reads no result without a name, so a
# case's unnamed result (kselftest's "ok 1 # SKIP reason") is sent named:
# "ok 1 ID # SKIP reason".  That parser counts the results of the innermost
# documents, so a documented deviation's own "not ok 1 ID" is sent as
# kselftest marks an expected failure, "ok 1 ID # XFAIL reason": a conforming
# kernel is then all passes and skips to it.
#
# Usage: sh runner.sh [-j JOBS] [-t TIMEOUT_S] [-s SCRATCH_DIR] DIR [CASE_ID ...]
# JOBS: 1 to 1024; TIMEOUT_S: seconds, more than 0 and at most 86400, with at
# most 3 decimals; a CASE_ID is
# CALL/CLAIM of lowercase letters, digits and "-".  Anything else: one line of
# usage on stderr and exit 2, before the stream starts.
#
# POSIX sh and utilities only (dash, busybox ash, FreeBSD sh): no `local`.
# Under software emulation every fork of a shell costs milliseconds, so the
# shell here forks a constant number of times: JOBS lanes (DIR/run-lane, C
# built with the cases) each run every JOBS-th case in a directory of their
# own, with its own process group, its output capped and its timeout; one awk
# (POSIX, runner-printer.awk beside this file) prints each finished case's
# block, numbered in print order.
# `kill -KILL -PGID` is the XSI form dash, busybox ash and FreeBSD sh accept.

export LC_ALL=C  # before any pattern: [a-z] is ASCII, ${#x} counts bytes

usage() {
    echo "usage: sh runner.sh [-j JOBS (1-1024)] [-t TIMEOUT_S (0-86400]] [-s SCRATCH_DIR] DIR [CASE_ID (call/claim: a-z 0-9 -) ...]" >&2
    exit 2
}

is_case_id() {
    case $1 in
        *[!a-z0-9/-]* | */*/* | /* | */) return 1 ;;
        ?*/?*) return 0 ;;
    esac
    return 1
}

jobs=1 timeout=10 scratch=${TMPDIR:-/tmp}
output_limit=1048576  # bytes of a case's stdout, and of its stderr, kept (mmapcheck/execute.py's OUTPUT_LIMIT)
while getopts :j:t:s: opt; do
    case $opt in
        j) jobs=$OPTARG ;;
        t) timeout=$OPTARG ;;
        s) scratch=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
# Digits only, no leading 0 (the shell would read 08 as octal), few enough
# that the shell's arithmetic cannot overflow: then compared as numbers.
case $jobs in '' | *[!0-9]* | 0*) usage ;; esac
[ ${#jobs} -le 4 ] && [ "$jobs" -le 1024 ] || usage
timeout_s=${timeout%%.*}
case $timeout in
    '' | *[!0-9.]* | *.*.* | .* | *. | *.????*) usage ;;
    0.*[1-9]*) ;;
    0*) usage ;;
esac
[ ${#timeout_s} -le 5 ] && [ "$timeout_s" -le 86400 ] || usage
# At most 86400 with its decimals: 86400.5 is refused.
case $timeout in *.*[1-9]*) [ "$timeout_s" -lt 86400 ] || usage ;; esac
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "runner.sh: no directory $1" >&2; exit 2; }
shift
for id; do is_case_id "$id" || usage; done
# A crashing case must not write a core file wherever the user's settings say
# (the soft limit: a case may still raise it).
ulimit -S -c 0 2>/dev/null || ulimit -c 0 2>/dev/null

# A lane, the loop that runs every JOBS-th case: DIR/run-lane, built with the
# cases from harness/run-lane.c (what it writes: see there).
run_lane=$dir/run-lane
[ -f "$run_lane" ] && [ -x "$run_lane" ] || { echo "runner.sh: no $run_lane: build it with the cases (make)" >&2; exit 2; }
# The printer's program, beside this file (bin/mmapcheck-run sources this file
# and names the directory in mmapcheck_libexec).
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
printer_awk=${mmapcheck_libexec:-$here}/runner-printer.awk
[ -f "$printer_awk" ] || { echo "runner.sh: no $printer_awk: it goes beside runner.sh" >&2; exit 2; }

work=$(mktemp -d "$scratch/mmapcheck.XXXXXX") || exit 2
lanes= printer=
# A TERM makes a lane kill its case's group and exit; a lane that is not yet
# run-lane (forked, not yet executed: the TERM is lost with this shell's
# handler in it) finds "stop" when it starts and exits.
cleanup() {
    trap '' INT TERM HUP PIPE
    : >"$work/stop"
    [ -n "$lanes" ] && kill -TERM $lanes 2>/dev/null
    [ -n "$printer" ] && kill -TERM $printer 2>/dev/null
    # A printer started but not yet in $printer ends at its input's end: once
    # the lanes are gone, if this shell no longer holds the FIFO.
    exec 3>&-
    wait
    # A lane killed outright (not by us) left its case running: its group's id
    # is in the lane's "running".
    for lane_dir in "$work"/lane*; do
        [ -f "$lane_dir/running" ] && read -r g <"$lane_dir/running" && [ -n "$g" ] && kill -KILL -$g 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
take_signals() {
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    trap 'exit 141' PIPE  # the reader went away (ssh box mmapcheck-run | ...): stop the cases
    [ -z "$deferred" ] || exit "$deferred"
}
# While a lane or the printer starts, a signal only records its status: its
# trap, run between `... &` and the assignment of $!, would leave that process
# out of cleanup's kill, and cleanup's wait would wait for it for ever.
defer_signals() {
    trap 'deferred=130' INT
    trap 'deferred=143' TERM
    trap 'deferred=129' HUP
    trap 'deferred=141' PIPE
}
deferred=
take_signals

# A name as the stream may carry it, in $safe: bytes other than A-Z a-z 0-9
# . _ + - / become "?", so that no newline or control character (nor a space
# or comma, which separate fields and names) reaches the stream.
safe_name() {
    name=$1 safe=
    case $name in *[!A-Za-z0-9._+/-]*) ;; *) safe=$name; return ;; esac
    while [ -n "$name" ]; do
        rest=${name#?}
        case ${name%"$rest"} in [A-Za-z0-9._+/-]) safe=$safe${name%"$rest"} ;; *) safe=$safe'?' ;; esac
        name=$rest
    done
}

# The filesystem holding the scratch directory (expected/ entries may depend
# on it): that of the longest mount point above it, from /proc/self/mounts
# (Linux) or mount(8): "DEV on DIR (TYPE, ...)" (the BSDs, macOS) or
# "DEV on DIR type TYPE (...)" (Linux without /proc).
scratch_fs() {
    fs=unknown best= mounts=/proc/self/mounts
    if [ ! -r $mounts ]; then
        mounts=$work/mounts
        mount >"$mounts" 2>/dev/null
    fi
    while read -r dev mnt type more rest; do
        case $mnt in on) mnt=$type type=$more more=${rest%% *} ;; esac
        case $type in
            type) type=$more ;;
            "("*) type=${type#"("} type=${type%,} type=${type%")"} ;;
        esac
        case $mnt in
            /) ;;
            *) case $scratch_dir/ in "$mnt"/*) ;; *) continue ;; esac ;;
        esac
        [ ${#mnt} -ge ${#best} ] && best=$mnt fs=$type
    done <"$mounts"
}

# The cases: those named, or every executable DIR/CALL/CLAIM whose name is a
# case id (a file named otherwise, e.g. with a newline, is no case).
if [ $# -gt 0 ]; then
    printf '%s\n' "$@"
else
    for f in "$dir"/*/*; do
        id=${f#"$dir"/}
        is_case_id "$id" && [ -f "$f" ] && [ -x "$f" ] && printf '%s\n' "$id"
    done | sort
fi >"$work/list"
total=0
while IFS= read -r id; do total=$((total + 1)); done <"$work/list"

# The platform's facts, printed and kept for the expected outcomes.
os= release= machine= page_size= libc=
if [ -f "$dir/platform-info" ] && [ -x "$dir/platform-info" ]; then
    "$dir/platform-info" </dev/null 2>/dev/null >"$work/platform"
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in *=*) echo "# mmapcheck-platform: $line" ;; *) continue ;; esac
        case $line in
            os=*) os=${line#*=} ;;
            release=*) release=${line#*=} ;;
            machine=*) machine=${line#*=} ;;
            page_size=*) page_size=${line#*=} ;;
            libc=*) libc=${line#*=} ;;
        esac
    done <"$work/platform"
fi
# The documented deviations that apply here: DIR/../expected/<os>, the
# expected/ file of this OS (the checkout's, beside build/; the bundle's,
# beside libexec/mmapcheck/cases/), read by the printer as runner.py reads it.
case $os in
    '' | *[!A-Za-z0-9]*) expected= ;;
    *) expected=$dir/../expected/$(printf '%s' "$os" | tr A-Z a-z)
       [ -f "$expected" ] && [ ! -h "$expected" ] || expected= ;;
esac
scratch_dir=$(cd "$scratch" && pwd -P)
scratch_fs
safe_name "$scratch_dir"
echo "# mmapcheck-scratch: fs=$fs"
echo "# mmapcheck-scratch: dir=$safe"
judged=none
[ -z "$expected" ] || judged=${expected##*/}
echo "# mmapcheck-judged: expected=$judged"
echo "KTAP version 1"
echo "1..$total"

# fd 3: the FIFO, opened read-write so that opening never blocks, and held by
# this shell and every lane, so that the printer sees no end-of-file between
# lanes (Linux and the BSDs allow <> on a FIFO).
mkfifo "$work/fifo" || exit 2
exec 3<>"$work/fifo"
[ "$jobs" -le "$total" ] || jobs=$total
i=1
defer_signals
while [ $i -le "$jobs" ]; do
    "$run_lane" $i "$jobs" "$timeout" $((output_limit + 1)) "$work" "$dir" <"$work/list" &
    lanes="$lanes $!"
    i=$((i + 1))
done
take_signals
# mawk reads its input until its buffer is full, not a line at a time as it
# comes, unless told: -W interactive (which other awks refuse or ignore).
case $(awk -W version 2>/dev/null </dev/null) in
    *mawk*) awk_input="-W interactive" ;;
    *) awk_input= ;;
esac

# The printer: one awk for the whole run, so that each case's output is read
# with buffered I/O (the shell's read takes two system calls per byte, a large
# part of a case's cost under software emulation), and a process that has no
# children: a child's exit, a SIGCHLD, made busybox ash's blocked printf return
# EINTR (its handler lacks SA_RESTART) and drop the line it was writing to a
# slow channel.  For each N in order of arrival it prints the case's block,
# numbered in print order, and it ends once every case is printed.  It reads
# the FIFO read-only: were the runner and its lanes killed outright, their end
# is its input's end, and it exits.
if [ "$total" -gt 0 ]; then
    defer_signals
    MC_WORK=$work MC_LIMIT=$output_limit MC_TIMEOUT=$timeout MC_TOTAL=$total \
    MC_EXPECTED=$expected MC_RELEASE=$release MC_MACHINE=$machine MC_PAGE_SIZE=$page_size \
    MC_LIBC=$libc MC_FS=$fs \
        awk $awk_input -f "$printer_awk" <"$work/fifo" 3<&- &
    printer=$!
    take_signals
    wait $printer
    status=$?
    printer=
    [ $status -eq 0 ] || exit $status
fi
wait
lanes=
echo "# mmapcheck-done"
