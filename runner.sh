#!/bin/sh
# runner.sh: runs built mmapcheck case binaries where there is no Python (a
# busybox guest, a BSD machine) and prints one KTAP stream that
# mmapcheck/stream.py parses:
#
#   # mmapcheck-platform: KEY=VALUE        (lines DIR/platform-info printed)
#   # mmapcheck-scratch: fs=TYPE           (the scratch directory's filesystem, or unknown)
#   # mmapcheck-scratch: dir=PATH
#   KTAP version 1
#   1..N
#   # mmapcheck-case: ID
#       <the case's stdout, indented 4 spaces; after its first line, when that
#        is a "KTAP version" line and the case's results do not meet its plan:>
#   # Subtest: ID
#   # mmapcheck-stderr: <one line of its stderr>
#   # mmapcheck-exit: ID status=0|N|timeout|signal:N time=S.SS|- leftover=a,b lines=N
#                    [left=processes] [output=truncated]   (only when they happened)
#                    (lines: how many stdout lines were sent, so that a reader can
#                    tell a line lost on the way, e.g. on a serial port)
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
#
# POSIX sh and utilities only (dash, busybox ash, FreeBSD sh): no `local`.
# Under software emulation every fork and exec costs ~10 ms, so the loop that
# runs a case forks once (the case) and uses builtins for everything else:
# JOBS lanes each run every JOBS-th case in a directory of their own, a
# watchdog per lane enforces the timeout, and the main shell prints each
# finished block, numbered in print order.
# `kill -KILL -PGID` and `kill -0 -PGID` are the XSI forms all three shells
# accept; busybox rejects the `--` of `kill -s KILL -- -PGID`.

usage() {
    echo "usage: sh runner.sh [-j JOBS] [-t TIMEOUT_S] [-s SCRATCH_DIR] DIR [CASE_ID ...]" >&2
    exit 2
}

jobs=1 timeout=10 scratch=${TMPDIR:-/tmp}
output_limit=1048576  # bytes of a case's stdout printed (mmapcheck/execute.py's OUTPUT_LIMIT)
while getopts j:t:s: opt; do
    case $opt in
        j) jobs=$OPTARG ;;
        t) timeout=$OPTARG ;;
        s) scratch=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
case $timeout in '' | *[!0-9.]* | *.*.* | .) usage ;; esac
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "runner.sh: no directory $1" >&2; exit 2; }
shift
export LC_ALL=C
# Whole seconds the watchdog waits, rounded up: it counts one-second ticks.
timeout_s=${timeout%%.*}
case $timeout in *.*[1-9]*) timeout_s=$((${timeout_s:-0} + 1)) ;; esac
[ "${timeout_s:-0}" -ge 1 ] || timeout_s=1

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

work=$(mktemp -d "$scratch/mmapcheck.XXXXXX") || exit 2
lanes=
cleanup() {
    trap '' INT TERM HUP
    [ -n "$lanes" ] && kill -TERM $lanes 2>/dev/null
    wait
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

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

# The lane's watchdog: kills the running case and its group once it has run
# for timeout_s ticks.  $L/running holds "PID [-PGID]" while a case runs.
watchdog() {
    seen= ticks=0
    while sleep 1; do
        wpid= wpgid=
        read -r wpid wpgid <"$L/running" 2>/dev/null
        # A case first seen has run for up to a tick: count whole ticks after it.
        [ "$wpid" = "$seen" ] || { seen=$wpid ticks=0; continue; }
        [ -n "$wpid" ] || continue
        ticks=$((ticks + 1))
        if [ $ticks -ge "$timeout_s" ]; then
            : >"$L/timedout.$wpid"
            [ -z "$wpgid" ] && [ $group_via = jobshell ] && read -r wpgid <"$L/pgid"
            kill -KILL $wpgid $wpid 2>/dev/null
        fi
    done
}

# Lane $1 of $jobs: runs cases $1, $1 + jobs, ... of the list in $L/cwd, writes
# each one's block to $work/block.N and tells the printer N through fd 3 (a
# write of a few bytes to a FIFO is atomic).
lane() {
    L=$work/lane$1 pid= pgid= wd=
    mkdir "$L" "$L/cwd" && cd "$L/cwd" || exit 1
    # A killed case lingers until the kernel has torn it down: reap it, so that
    # it is gone, not dying, once the runner has exited.
    trap '[ $group_via = jobshell ] && read -r pgid <"$L/pgid"
        [ -n "$pid" ] && { kill -KILL $pgid $pid 2>/dev/null; wait $pid 2>/dev/null; }
        kill $wd 2>/dev/null; exit 1' TERM
    watchdog 3>&- 4<&- &
    wd=$!
    n=0
    while IFS= read -r id <&4; do
        n=$((n + 1))
        [ $(((n - 1) % jobs + 1)) -eq "$1" ] || continue
        uptime_cs
        start=$cs
        case $group_via in
        setsid)
            TMPDIR=$L/cwd setsid "$dir/$id" 3>&- 4<&- </dev/null >"$L/out" 2>"$L/err" &
            pid=$! pgid=-$! ;;
        jobshell)
            # The inner shell's own messages (a job's signal) stay out of the case's stderr.
            : >"$L/pgid"
            TMPDIR=$L/cwd sh -c 'set -m; "$0" 2>"$2" & echo "-$!" >"$1"; wait $!' \
                "$dir/$id" "$L/pgid" "$L/err" 3>&- 4<&- </dev/null >"$L/out" 2>/dev/null &
            pid=$! pgid= ;;
        none)
            TMPDIR=$L/cwd "$dir/$id" 3>&- 4<&- </dev/null >"$L/out" 2>"$L/err" &
            pid=$! pgid= ;;
        esac
        echo "$pid $pgid" >"$L/running"
        wait $pid 2>/dev/null
        status=$?
        : >"$L/running"
        uptime_cs
        [ $group_via = jobshell ] && read -r pgid <"$L/pgid"
        notes=
        # The group outlives the case: something it forked is still running.
        if [ -n "$pgid" ] && kill -0 $pgid 2>/dev/null; then
            kill -KILL $pgid 2>/dev/null
            notes=" left=processes"
        fi
        if [ -e "$L/timedout.$pid" ]; then
            status=timeout
        elif [ $status -gt 128 ]; then
            status=signal:$((status - 128))  # the shell's 128+N; an exit(129..255) looks the same
        fi
        time=-
        [ "$start" != - ] && [ "$cs" != - ] &&
            time=$(((cs - start) / 100)).$(((cs - start) % 100 / 10))$(((cs - start) % 10))
        leftover=
        for f in * .[!.]* ..?*; do
            [ -e "$f" ] || [ -L "$f" ] || continue
            leftover=$leftover${leftover:+,}$f
        done
        if [ -n "$leftover" ]; then
            cd "$L" && chmod -R u+rwx cwd 2>/dev/null
            rm -rf cwd && mkdir cwd && cd cwd || exit 1
        fi
        # Does the case's output meet its plan with named results (see above)?
        planned= named=0
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
                1..[0-9]*) [ -n "$planned" ] || planned=${line#1..} planned=${planned%%[!0-9]*} ;;
                "ok "* | "not ok "*)
                    line=${line#not } line=${line#ok } num=${line%%" "*} name=${line#"$num"}
                    case $num in
                        '' | *[!0-9]*) ;;
                        *) case $name in " " | "") ;; *) named=$((named + 1)) ;; esac ;;
                    esac ;;
            esac
        done <"$L/out"
        {
            echo "# mmapcheck-case: $id"
            bytes=0 lines=0
            while IFS= read -r line || [ -n "$line" ]; do
                bytes=$((bytes + ${#line} + 1))
                if [ $bytes -le $output_limit ]; then
                    case $line in
                        "ok "*" #"* | "not ok "*" #"*)   # unnamed: "ok N # SKIP ..."
                            head=${line%%" #"*}
                            case ${head#not } in "ok "*[!0-9]*) ;; *) line="$head $id${line#"$head"}" ;; esac ;;
                    esac
                    printf '    %s\n' "$line"
                    lines=$((lines + 1))
                    [ $lines -eq 1 ] && [ "$planned" != "$named" ] && case $line in
                        "KTAP version "* | "TAP version "*) echo "# Subtest: $id" ;;
                    esac
                else
                    notes="$notes output=truncated"
                    break
                fi
            done <"$L/out"
            while IFS= read -r line || [ -n "$line" ]; do
                printf '# mmapcheck-stderr: %s\n' "$line"
            done <"$L/err"
            echo "# mmapcheck-exit: $id status=$status time=$time leftover=$leftover lines=$lines$notes"
            case $status in
                0) echo "ok $id" ;;
                4) echo "ok $id # SKIP" ;;
                timeout) echo "not ok $id # timed out after $timeout s" ;;
                *) echo "not ok $id" ;;
            esac
        } >"$work/block.$n"
        pid= pgid=
        echo "$n" >&3
    done
    kill $wd 2>/dev/null
}

if [ $# -gt 0 ]; then
    printf '%s\n' "$@"
else
    for f in "$dir"/*/*; do
        [ -f "$f" ] && [ -x "$f" ] && printf '%s\n' "${f#"$dir"/}"
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
echo "# mmapcheck-scratch: fs=$fs"
echo "# mmapcheck-scratch: dir=$scratch_dir"
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
printed=0
while [ $printed -lt $total ] && read -r k <&3; do
    printed=$((printed + 1))
    while IFS= read -r line; do
        case $line in
            "ok "*) line="ok $printed ${line#ok }" ;;
            "not ok "*) line="not ok $printed ${line#not ok }" ;;
        esac
        printf '%s\n' "$line"
    done <"$work/block.$k"
done
wait
lanes=
echo "# mmapcheck-done"
