#!/bin/sh
# runner.sh: runs built mmapcheck case binaries where there is no Python (a
# busybox guest, a BSD machine) and prints one KTAP stream that
# mmapcheck/stream.py parses:
#
#   KTAP version 1
#   # mmapcheck-platform: KEY=VALUE        (lines DIR/platform-info printed)
#   1..N
#   # mmapcheck-case: ID
#       <the case's stdout, indented 4 spaces>
#   # mmapcheck-stderr: <one line of its stderr>
#   # mmapcheck-exit: ID status=0|N|timeout|signal:N time=S.SS|- leftover=a,b
#                    [left=processes] [output=truncated]   (only when they happened)
#   ok N ID  |  ok N ID # SKIP  |  not ok N ID [# timed out after T s]
#   # mmapcheck-done                       (only once every case is reported)
#
# Usage: sh runner.sh [-j JOBS] [-t TIMEOUT_S] [-s SCRATCH_DIR] DIR [CASE_ID ...]
# POSIX sh and utilities only (dash, busybox ash, FreeBSD sh): no `local`.
# `kill -KILL -PGID` and `kill -0 -PGID` are the XSI forms all three accept;
# busybox rejects the `--` that the `kill -s KILL -- -PGID` form needs.
# Workers and cases start with SIGINT/SIGQUIT ignored (POSIX, for `&` in a
# shell without job control); an interrupt reaches them as SIGTERM/SIGKILL.

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
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "runner.sh: no directory $1" >&2; exit 2; }
shift
export LC_ALL=C

# How a case gets a process group of its own, so that a timeout or its exit can
# kill everything it forked: setsid(1) (util-linux, busybox) where present: run
# in the background of a shell without job control the child is no group
# leader, so setsid execs the case in place and its pid is the group's id.
# Else a fresh sh with job control: FreeBSD sh allows `set -m` with no
# terminal when not interactive (dash and busybox ash refuse: "can't access
# tty"); sh's subshells never do job control, hence the fresh sh.  Else none:
# only the case itself is killed and leftover processes go unnoticed.
if command -v setsid >/dev/null 2>&1; then
    group_via=setsid
elif [ "$(sh -c 'set -m; case $- in *m*) echo yes ;; esac' </dev/null 2>/dev/null)" = yes ]; then
    group_via=jobshell
else
    group_via=none
fi

# On any exit: stop the workers (each kills its case and watchdog), then
# remove every scratch file.
work=
cleanup() {
    trap '' INT TERM HUP
    [ -n "$work" ] || return
    for f in "$work"/*/worker; do
        [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
    done
    [ -n "$!" ] && kill -TERM $! 2>/dev/null  # the last worker, if its file is not written yet
    wait
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
# After the traps: a signal now finds $work set (traps wait for the command).
work=$(mktemp -d "$scratch/mmapcheck.XXXXXX") || exit 2

# Hundredths of a second since boot, or - where /proc/uptime is absent.
uptime_cs() {
    up=-
    [ -r /proc/uptime ] && read -r up rest </proc/uptime
    case $up in
        *.[0-9][0-9]) echo $((${up%.*} * 100 + 1${up#*.} - 100)) ;;
        *) echo - ;;
    esac
}

# Kills the case's group unless cancelled (a file) before $timeout s pass.
# The sleeper's pid goes in a file so the worker can end it early: no sleep
# outlives the case.
watchdog() {
    sleep "$timeout" &
    echo $! >"$d/sleeper.new" && mv "$d/sleeper.new" "$d/sleeper"
    [ -e "$d/cancel" ] && kill $! 2>/dev/null
    wait $! 2>/dev/null || exit 0
    [ -e "$d/cancel" ] && exit 0
    : >"$d/timedout"
    kill -KILL $(cat "$d/target" 2>/dev/null) 2>/dev/null
}

stop_watchdog() {
    : >"$d/cancel"
    [ -f "$d/sleeper" ] && kill "$(cat "$d/sleeper")" 2>/dev/null
    wait $wd 2>/dev/null
}

stop_case() {
    case $group_via in
        setsid) kill -KILL -$pid $pid ;;  # no group yet if setsid has not run
        jobshell) kill -TERM $pid ;;      # its trap kills the group it made
        none) kill -KILL $pid ;;
    esac 2>/dev/null
    kill -KILL $(cat "$d/target" 2>/dev/null) 2>/dev/null
    stop_watchdog
    wait
    exit 1
}

# Worker (a background subshell): runs case number $1, id $2, in $work/$1/cwd,
# writes $work/$1/block (all but the ok line) and $work/$1/verdict, then
# tells the printer through the FIFO on fd 3 (a write of a few bytes is atomic).
run_case() {
    d=$work/$1 pid= wd= stopping=
    # Stopped by the main shell: a trap runs between commands, so if the case
    # was forked but $pid not yet set, the check after `pid=$!` does the work.
    trap 'stopping=1; [ -n "$pid" ] && stop_case' TERM
    mkdir "$d/cwd"
    start=$(uptime_cs)
    case $group_via in
    setsid)
        (cd "$d/cwd" && TMPDIR=$d/cwd exec setsid "$dir/$2") 3>&- </dev/null >"$d/out" 2>"$d/err" &
        pid=$!
        echo "-$pid" >"$d/target" ;;
    jobshell)
        # The inner shell's own messages (a job's signal) stay out of the case's stderr.
        (cd "$d/cwd" && TMPDIR=$d/cwd exec sh -c \
            'trap "kill -KILL -\$! 2>/dev/null; exit 1" TERM; set -m; "$0" 2>"$2" & echo "-$!" >"$1"; wait $!' \
            "$dir/$2" "$d/target" "$d/err") 3>&- </dev/null >"$d/out" 2>/dev/null &
        pid=$! ;;
    none)
        (cd "$d/cwd" && TMPDIR=$d/cwd exec "$dir/$2") 3>&- </dev/null >"$d/out" 2>"$d/err" &
        pid=$!
        echo "$pid" >"$d/target" ;;
    esac
    [ -n "$stopping" ] && stop_case
    watchdog 3>&- &
    wd=$!
    wait $pid 2>/dev/null  # quiet: some shells report a job's signal
    status=$?
    end=$(uptime_cs)
    stop_watchdog
    target=$(cat "$d/target" 2>/dev/null)
    notes=
    case $target in -*)
        # The group outlives the case: something it forked is still running.
        if kill -0 $target 2>/dev/null; then
            kill -KILL $target 2>/dev/null
            notes=" left=processes"
        fi ;;
    esac
    if [ -e "$d/timedout" ]; then
        status=timeout
    elif [ $status -gt 128 ]; then
        status=signal:$((status - 128))  # the shell's 128+N; an exit(129..255) looks the same
    fi
    time=-
    [ "$start" != - ] && [ "$end" != - ] &&
        time=$(printf '%d.%02d' $(((end - start) / 100)) $(((end - start) % 100)))
    leftover=$(ls -A "$d/cwd" | tr '\n' ',')
    chmod -R u+rwx "$d/cwd" 2>/dev/null
    rm -rf "$d/cwd"
    # Print at most OUTPUT_LIMIT bytes of stdout, as runner.py does.
    size=$(wc -c <"$d/out")
    [ $size -gt $output_limit ] && notes="$notes output=truncated"
    {
        echo "# mmapcheck-case: $2"
        dd bs=1024 count=$((output_limit / 1024)) <"$d/out" 2>/dev/null | awk '{ print "    " $0 }'
        awk '{ print "# mmapcheck-stderr: " $0 }' "$d/err"
        echo "# mmapcheck-exit: $2 status=$status time=$time leftover=${leftover%,}$notes"
    } >"$d/block"
    case $status in
        0) printf 'ok\n%s\n\n' "$2" ;;
        4) printf 'ok\n%s\n # SKIP\n' "$2" ;;
        timeout) printf 'not ok\n%s\n # timed out after %s s\n' "$2" "$timeout" ;;
        *) printf 'not ok\n%s\n\n' "$2" ;;
    esac >"$d/verdict"
    echo "$1" >&3
}

# Printer: takes the next finished case from the FIFO and prints its block.
printed=0 running=0
print_next() {
    read -r k <&3
    printed=$((printed + 1))
    { read -r verdict; read -r case_id; IFS= read -r suffix; } <"$work/$k/verdict"
    cat "$work/$k/block"
    echo "$verdict $printed $case_id$suffix"
    wait "$(cat "$work/$k/worker")"
    rm -rf "${work:?}/$k"
    running=$((running - 1))
}

if [ $# -gt 0 ]; then
    printf '%s\n' "$@"
else
    for f in "$dir"/*/*; do
        [ -f "$f" ] && [ -x "$f" ] && printf '%s\n' "${f#"$dir"/}"
    done | sort
fi >"$work/list"

echo "KTAP version 1"
if [ -f "$dir/platform-info" ] && [ -x "$dir/platform-info" ]; then
    "$dir/platform-info" </dev/null 2>/dev/null | while IFS= read -r line || [ -n "$line" ]; do
        case $line in *=*) echo "# mmapcheck-platform: $line" ;; esac
    done
fi
echo "1..$(wc -l <"$work/list" | tr -d ' ')"

# fd 3: the FIFO, opened read-write so that opening never blocks and reads
# never see end-of-file between workers (Linux and the BSDs allow <> on a FIFO).
mkfifo "$work/fifo" || exit 2
exec 3<>"$work/fifo"
n=0
while IFS= read -r id <&4; do
    n=$((n + 1))
    [ $running -ge "$jobs" ] && print_next
    mkdir "$work/$n"
    run_case "$n" "$id" 4<&- &
    echo $! >"$work/$n/worker"
    running=$((running + 1))
done 4<"$work/list"
while [ $running -gt 0 ]; do
    print_next
done
echo "# mmapcheck-done"
