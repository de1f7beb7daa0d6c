#!/bin/sh
# runner.sh: runs built mmapcheck case binaries where there is no Python (a
# busybox guest, a BSD machine) and prints one KTAP stream that
# mmapcheck/stream.py parses:
#
#   # mmapcheck-platform: KEY=VALUE        (lines DIR/platform-info printed)
#   # mmapcheck-scratch: fs=TYPE           (the scratch directory's filesystem, or unknown)
#   # mmapcheck-scratch: dir=PATH          (bytes other than A-Z a-z 0-9 . _ + - / as "?")
#   KTAP version 1
#   1..N
#   # mmapcheck-case: ID
#       <the case's stdout, indented 4 spaces; after its first line, when that
#        is a "KTAP version" line and the case's results do not meet its plan:>
#   # Subtest: ID
#   # mmapcheck-stderr: <one line of its stderr>
#   # mmapcheck-exit: ID status=0|N|timeout|signal:N time=S.SS|- leftover=a,b lines=N
#                    [left=processes] [output=truncated] [stderr=truncated]
#                    (the bracketed fields only when they happened; lines: how many
#                    stdout lines were sent, so that a reader can tell a line lost on
#                    the way, e.g. on a serial port; leftover: the names of the files
#                    the case left, bytes other than A-Z a-z 0-9 . _ + - replaced by
#                    "?", at most 16 names and then "...")
#                    output=truncated: the case printed more than 1048576 bytes on
#                    stdout; the lines sent are the whole lines within that limit, and
#                    the rest was never stored (the case was stopped by SIGPIPE or
#                    its timeout).  stderr=truncated: the same for its stderr.
#   ok N ID  |  ok N ID # SKIP  |  not ok N ID [# timed out after T s]
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
# "ok 1 ID # SKIP reason".
#
# Usage: sh runner.sh [-j JOBS] [-t TIMEOUT_S] [-s SCRATCH_DIR] DIR [CASE_ID ...]
# JOBS: 1 to 1024; TIMEOUT_S: seconds, more than 0 and at most 86400, with at
# most 3 decimals (the watchdog counts whole seconds: rounded up); a CASE_ID is
# CALL/CLAIM of lowercase letters, digits and "-".  Anything else: one line of
# usage on stderr and exit 2, before the stream starts.
#
# POSIX sh and utilities only (dash, busybox ash, FreeBSD sh): no `local`.
# Under software emulation every fork and exec costs ~10 ms, so the loop that
# runs a case forks three times (the case, and a `head -c` on each of its
# stdout and stderr, so that what it prints is capped before it reaches the
# disk) and uses builtins for everything else: JOBS lanes each run every
# JOBS-th case in a directory of their own, a watchdog per lane enforces the
# timeout, and one awk (POSIX) prints each finished case's block, numbered in
# print order.
# `kill -KILL -PGID` and `kill -0 -PGID` are the XSI forms all three shells
# accept; busybox rejects the `--` of `kill -s KILL -- -PGID`.

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
# Whole seconds the watchdog waits, rounded up: it counts one-second ticks.
case $timeout in *.*[1-9]*) timeout_s=$((timeout_s + 1)) ;; esac
[ "$timeout_s" -le 86400 ] || usage
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "runner.sh: no directory $1" >&2; exit 2; }
shift
for id; do is_case_id "$id" || usage; done
# A crashing case must not write a core file wherever the user's settings say
# (the soft limit: a case may still raise it).
ulimit -S -c 0 2>/dev/null || ulimit -c 0 2>/dev/null

# How a case gets a process group of its own, so that a timeout or its exit can
# kill everything it forked: setsid(1) (util-linux, busybox) where present: a
# background child of a shell without job control is no group leader, so
# setsid execs the case in place and its pid is the group's id.  Else a fresh
# sh with job control: FreeBSD sh (which has no setsid(1)) allows `set -m`
# with no terminal when not interactive; dash and busybox ash refuse ("can't
# access tty"), and no shell does job control in a subshell, hence the fresh
# sh, which writes the group's id to a file.  Else none: only the case itself
# is killed, and processes it leaves behind go unnoticed.
if command -v setsid >/dev/null 2>&1; then
    group_via=setsid
elif [ "$(sh -c 'set -m; case $- in *m*) echo yes ;; esac' </dev/null 2>/dev/null)" = yes ]; then
    group_via=jobshell
else
    group_via=none
fi

# cap N: copies the first N bytes of stdin to stdout and exits, so that the
# writer's next write gets SIGPIPE.  head -c is not POSIX, but GNU, busybox,
# FreeBSD, NetBSD and macOS have it; elsewhere dd reads a byte at a time.
if [ "$(printf ab | head -c 1 2>/dev/null)" = a ]; then
    cap() { exec head -c "$1"; }
else
    cap() { exec dd ibs=1 count="$1" 2>/dev/null; }
fi

work=$(mktemp -d "$scratch/mmapcheck.XXXXXX") || exit 2
lanes= printer=
# The lanes are told to stop by the file "stopping" and a TERM that interrupts
# their `wait`: a TERM alone could arrive before a lane has set its trap, and
# be lost.
cleanup() {
    trap '' INT TERM HUP PIPE
    if [ -n "$lanes" ]; then
        : >"$work/stopping"
        kill -TERM $lanes 2>/dev/null
    fi
    [ -n "$printer" ] && kill -TERM $printer 2>/dev/null
    wait
    # A lane killed outright (not by us) left its case and watchdog running.
    for lane_dir in "$work"/lane*; do
        [ -f "$lane_dir/running" ] && read -r phase p k <"$lane_dir/running" && case $phase in
            case) [ -z "$k" ] && [ -s "$lane_dir/pgid" ] && read -r k <"$lane_dir/pgid"
                kill -KILL $k $p ;;
            output) kill -KILL $k ;;  # the case itself is reaped: its pid is no longer its
        esac 2>/dev/null
        [ -f "$lane_dir/watchdog" ] && read -r phase p k <"$lane_dir/watchdog" && kill -KILL $k $p 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE  # the reader went away (ssh box mmapcheck-run | ...): stop the cases

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

# cs: hundredths of a second since boot, or - where /proc/uptime is absent.
uptime_cs() {
    cs=-
    [ -r /proc/uptime ] && read -r cs rest </proc/uptime
    case $cs in
        *.[0-9][0-9]) cs=$((${cs%.*} * 100 + 1${cs#*.} - 100)) ;;
        *) cs=- ;;
    esac
}

# The lane's watchdog, a separate sh: sh -c "$watchdog" watchdog LANE_DIR
# TICKS LANE_PID GROUP_VIA.  LANE_DIR/running holds what the lane waits for:
#   case PID [-PGID]            the case runs: after TICKS ticks, the case
#                               timed out: its group is killed
#   output PID HEAD_PID...      it exited and its output is being drained, which
#                               only a process it left outside its group can
#                               hold up: after TICKS ticks, the heads are killed
# and the case is marked timed out either way.  It stops by itself once that
# file is gone or the lane is (killing, in that case, what the lane left
# running), so that it cannot outlive its lane by more than a tick, whatever
# becomes of the KILL the lane sends it; its output goes nowhere, so that it
# never holds the stream open.
watchdog='L=$1 timeout_s=$2 lane=$3 group_via=$4 seen= ticks=0
# A lane killed is a zombie until the runner reaps it: where /proc
# says so, it is gone.
lane_alive() {
    kill -0 "$lane" 2>/dev/null || return 1
    state=
    { read -r pid comm state rest <"/proc/$lane/stat"; } 2>/dev/null
    [ "$state" != Z ]
}
while [ -e "$L/running" ] && lane_alive && sleep 1; do
    phase= wpid= wkill=
    { read -r phase wpid wkill <"$L/running"; } 2>/dev/null
    # A case first seen has run for up to a tick: count whole ticks after it.
    [ "$phase $wpid" = "$seen" ] || { seen="$phase $wpid" ticks=0; continue; }
    [ -n "$wpid" ] || continue
    ticks=$((ticks + 1))
    [ "$ticks" -ge "$timeout_s" ] || continue
    : >"$L/timedout.$wpid"
    if [ "$phase" = case ]; then
        [ -z "$wkill" ] && [ "$group_via" = jobshell ] && read -r wkill <"$L/pgid"
        wkill="$wkill $wpid"
    fi
    kill -KILL $wkill 2>/dev/null
done
# The lane was killed (not ended): end what it left running.
if [ -e "$L/running" ] && ! lane_alive; then
    phase= wpid= wkill=
    { read -r phase wpid wkill <"$L/running"; } 2>/dev/null
    [ "$phase" = case ] && [ -z "$wkill" ] && [ "$group_via" = jobshell ] && read -r wkill <"$L/pgid"
    [ "$phase" = case ] && wkill="$wkill $wpid"
    [ -n "$wpid" ] && kill -KILL $wkill 2>/dev/null
    rm -f "$L/running"
fi'

# Starts the lane's watchdog in a process group of its own (wd: its pid, wdg:
# -PGID), so that one KILL ends it and the `sleep` it may be waiting for.
# Without setsid(1) nor a job-control sh, wdg is empty and that sleep outlives
# the KILL by up to a second, holding nothing of the stream.
start_watchdog() {
    wdg=
    case $group_via in
    setsid)
        setsid sh -c "$watchdog" watchdog "$L" "$timeout_s" "$lane_pid" $group_via \
            </dev/null >/dev/null 2>&1 3>&- 4<&- &
        wd=$! wdg=-$! ;;
    jobshell)
        sh -c 'set -m; sh -c "$1" watchdog "$2" "$3" "$4" "$5" & echo "-$!" >"$0"; wait $!' \
            "$L/watchdog.pgid" "$watchdog" "$L" "$timeout_s" "$lane_pid" $group_via \
            </dev/null >/dev/null 2>&1 3>&- 4<&- &
        wd=$!
        # Its group must be known before anything can stop the lane.
        while [ ! -s "$L/watchdog.pgid" ] && kill -0 $wd 2>/dev/null; do :; done
        read -r wdg <"$L/watchdog.pgid" ;;
    none)
        sh -c "$watchdog" watchdog "$L" "$timeout_s" "$lane_pid" $group_via \
            </dev/null >/dev/null 2>&1 3>&- 4<&- &
        wd=$! ;;
    esac
}

# Kills, with KILL (no trap to race with), what the lane has running: the
# case's group, the heads draining its output, the watchdog; and reaps them,
# so that they are gone, not dying, once the runner has exited.
end_lane() {
    # On stderr: nothing, but bash's report of each job killed ("Killed").
    {
        if [ -n "$pid" ]; then
            [ $group_via = jobshell ] && read -r pgid <"$L/pgid"
            kill -KILL $pgid $pid
        fi
        [ -n "$heads" ] && kill -KILL $heads
        rm -f "$L/running"
        kill -KILL $wdg $wd
        rm -f "$L/watchdog"
        wait
    } 2>/dev/null
}

# Lane $1 of $jobs: runs cases $1, $1 + jobs, ... of the list on fd 4; the
# case's output goes to $work/out.N and err.N (N: its place in the list), the
# facts the lane finds (id, status, time, leftover, notes) to $work/facts.N; it
# tells the printer N through fd 3 (a write of a few bytes to a FIFO is atomic).
lane() {
    L=$work/lane$1 pid= pgid= heads= wd= wdg=
    # A TERM only interrupts a `wait`; "stopping" says what it meant.
    trap : TERM
    mkdir "$L" "$L/cwd" && cd "$L/cwd" && mkfifo "$L/out.fifo" "$L/err.fifo" || exit 1
    : >"$L/running"
    lane_pid=$(exec sh -c 'echo "$PPID"')
    start_watchdog
    echo "watchdog $wd $wdg" >"$L/watchdog"
    n=0
    while [ ! -e "$work/stopping" ] && IFS= read -r id <&4; do
        n=$((n + 1))
        [ $(((n - 1) % jobs + 1)) -eq "$1" ] || continue
        uptime_cs
        start=$cs
        cap $((output_limit + 1)) <"$L/out.fifo" >"$work/out.$n" 2>/dev/null 3>&- 4<&- &
        heads=$!
        cap $((output_limit + 1)) <"$L/err.fifo" >"$work/err.$n" 2>/dev/null 3>&- 4<&- &
        heads="$heads $!"
        case $group_via in
        setsid)
            TMPDIR=$L/cwd setsid "$dir/$id" 3>&- 4<&- </dev/null >"$L/out.fifo" 2>"$L/err.fifo" &
            pid=$! pgid=-$! ;;
        jobshell)
            # The inner shell's own messages (a job's signal) stay out of the case's stderr.
            : >"$L/pgid"
            TMPDIR=$L/cwd sh -c 'set -m; "$0" 2>"$2" & echo "-$!" >"$1"; wait $!' \
                "$dir/$id" "$L/pgid" "$L/err.fifo" 3>&- 4<&- </dev/null >"$L/out.fifo" 2>/dev/null &
            pid=$! pgid= ;;
        none)
            TMPDIR=$L/cwd "$dir/$id" 3>&- 4<&- </dev/null >"$L/out.fifo" 2>"$L/err.fifo" &
            pid=$! pgid= ;;
        esac
        echo "case $pid $pgid" >"$L/running"
        [ -e "$work/stopping" ] || wait $pid 2>/dev/null
        status=$?
        [ -e "$work/stopping" ] && break
        uptime_cs
        [ $group_via = jobshell ] && read -r pgid <"$L/pgid"
        notes=
        # The group outlives the case: something it forked is still running.
        if [ -n "$pgid" ] && kill -0 $pgid 2>/dev/null; then
            kill -KILL $pgid 2>/dev/null
            notes=" left=processes"
        fi
        # Reaped: from here on its pid may be another process's.
        ran=$pid pid=
        echo "output $ran $heads" >"$L/running"
        wait $heads 2>/dev/null
        [ -e "$work/stopping" ] && break
        heads=
        : >"$L/running"
        if [ -e "$L/timedout.$ran" ]; then
            status=timeout
        elif [ $status -gt 128 ]; then
            status=signal:$((status - 128))  # the shell's 128+N; an exit(129..255) looks the same
        fi
        time=-
        [ "$start" != - ] && [ "$cs" != - ] &&
            time=$(((cs - start) / 100)).$(((cs - start) % 100 / 10))$(((cs - start) % 10))
        leftover= count=0
        for f in * .[!.]* ..?*; do
            [ -e "$f" ] || [ -L "$f" ] || continue
            count=$((count + 1))
            if [ $count -le 16 ]; then
                safe_name "$f"
                leftover=$leftover${leftover:+,}$safe
            elif [ $count -eq 17 ]; then
                leftover=$leftover,...
            fi
        done
        if [ -n "$leftover" ]; then
            cd "$L" && chmod -R u+rwx cwd 2>/dev/null
            rm -rf cwd && mkdir cwd && cd cwd || exit 1
        fi
        printf '%s\n' "$id" "$status" "$time" "$leftover" "$notes" >"$work/facts.$n"
        echo "$n" >&3
    done
    end_lane
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

if [ -f "$dir/platform-info" ] && [ -x "$dir/platform-info" ]; then
    "$dir/platform-info" </dev/null 2>/dev/null | while IFS= read -r line || [ -n "$line" ]; do
        case $line in *=*) echo "# mmapcheck-platform: $line" ;; esac
    done
fi
scratch_dir=$(cd "$scratch" && pwd -P)
scratch_fs
safe_name "$scratch_dir"
echo "# mmapcheck-scratch: fs=$fs"
echo "# mmapcheck-scratch: dir=$safe"
echo "KTAP version 1"
echo "1..$total"

# fd 3: the FIFO, opened read-write so that opening never blocks and reads
# never see end-of-file between lanes (Linux and the BSDs allow <> on a FIFO).
mkfifo "$work/fifo" || exit 2
exec 3<>"$work/fifo"
[ "$jobs" -le "$total" ] || jobs=$total
i=1
while [ $i -le "$jobs" ]; do
    lane $i 4<"$work/list" &
    lanes="$lanes $!"
    i=$((i + 1))
done
# The printer's program (see below).  A block is as the header says; its ok
# line is numbered in print order.
printer_program='
BEGIN {
    work = ENVIRON["MC_WORK"]; limit = ENVIRON["MC_LIMIT"] + 0
    timeout = ENVIRON["MC_TIMEOUT"]; total = ENVIRON["MC_TOTAL"] + 0
}
{
    block($0)
    if (printed >= total) exit
}
function block(n,    f, id, status, time, leftover, notes, planned, named, line, rest, num, lines, bytes, head) {
    f = work "/facts." n
    getline id < f; getline status < f; getline time < f; getline leftover < f; getline notes < f
    close(f)
    # Does the output meet its plan with named results?  (See "# Subtest:" above.)
    f = work "/out." n
    planned = ""; named = 0
    while ((getline line < f) > 0) {
        if (line ~ /^1\.\.[0-9]/) {
            if (planned == "") { planned = substr(line, 4); sub(/[^0-9].*$/, "", planned) }
        } else if (line ~ /^(not )?ok /) {
            rest = line; sub(/^not /, "", rest); sub(/^ok /, "", rest)
            num = rest; sub(/ .*$/, "", num)
            rest = substr(rest, length(num) + 1)
            if (num != "" && num !~ /[^0-9]/ && rest != " " && rest != "") named++
        }
    }
    close(f)
    print "# mmapcheck-case: " id
    bytes = 0; lines = 0
    while ((getline line < f) > 0) {
        bytes += length(line) + 1
        if (bytes > limit) { notes = notes " output=truncated"; break }
        if (line ~ /^(not )?ok .* #/) {  # unnamed: "ok N # SKIP ..."
            head = line; sub(/ #.*$/, "", head)
            rest = head; sub(/^not /, "", rest)
            if (rest !~ /^ok .*[^0-9]/) line = head " " id substr(line, length(head) + 1)
        }
        print "    " line
        lines++
        if (lines == 1 && planned "" != named "" && line ~ /^(KTAP|TAP) version /) print "# Subtest: " id
    }
    close(f)
    f = work "/err." n
    bytes = 0
    while ((getline line < f) > 0) {
        bytes += length(line) + 1
        if (bytes > limit) { notes = notes " stderr=truncated"; break }
        print "# mmapcheck-stderr: " line
    }
    close(f)
    print "# mmapcheck-exit: " id " status=" status " time=" time " leftover=" leftover " lines=" lines notes
    printed++
    if (status == "0") print "ok " printed " " id
    else if (status == "4") print "ok " printed " " id " # SKIP"
    else if (status == "timeout") print "not ok " printed " " id " # timed out after " timeout " s"
    else print "not ok " printed " " id
    fflush()
}'
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
# numbered in print order, and it ends once every case is printed.
if [ "$total" -gt 0 ]; then
    MC_WORK=$work MC_LIMIT=$output_limit MC_TIMEOUT=$timeout MC_TOTAL=$total \
        awk $awk_input "$printer_program" <&3 3<&- 4<&- &
    printer=$!
    wait $printer
    status=$?
    printer=
    [ $status -eq 0 ] || exit $status
fi
wait
lanes=
echo "# mmapcheck-done"
