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
# (POSIX) prints each finished case's block, numbered in print order.
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
# The printer's program (see below).  A block is as the header says; its ok
# line is numbered in print order and gives the verdict: the outcome of the
# case against the documented deviations that apply here ($expected).
printer_program='
BEGIN {
    work = ENVIRON["MC_WORK"]; limit = ENVIRON["MC_LIMIT"] + 0
    timeout = ENVIRON["MC_TIMEOUT"]; total = ENVIRON["MC_TOTAL"] + 0
    f = work "/list"
    while ((getline line < f) > 0) { ids[++listed] = line; in_list[line] = 1 }
    close(f)
    if (ENVIRON["MC_EXPECTED"] != "") load_expected(ENVIRON["MC_EXPECTED"])
    release = release_of(ENVIRON["MC_RELEASE"])
    libc = ENVIRON["MC_LIBC"]; sub(/-.*$/, "", libc)
}
{
    block($0)
    if (printed >= total) exit
}
function block(n,    f, id, status, time, leftover, notes, planned, named, line, rest, num, lines, bytes, head, is_result) {
    id = ids[n]
    f = work "/facts." n  # STATUS TIME[ left=processes], from run-lane
    line = ""; getline line < f; close(f)
    status = line; sub(/ .*/, "", status)
    time = substr(line, length(status) + 2); notes = time
    sub(/ .*/, "", time); notes = substr(notes, length(time) + 1)
    f = work "/left." n
    leftover = ""; getline leftover < f; close(f)
    # Does the output meet its plan with named results?  (See "# Subtest:" above.)
    f = work "/out." n
    planned = ""; named = 0
    read_ktap(f, id)
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
    judge(id, status, notes, leftover)
    print "# mmapcheck-case: " id
    bytes = 0; lines = 0
    while ((getline line < f) > 0) {
        bytes += length(line) + 1
        if (bytes > limit) { notes = notes " output=truncated"; break }
        is_result = (line ~ /^(not )?ok /)
        if (is_result && line ~ /^(not )?ok .* #/) {  # unnamed: "ok N # SKIP ..."
            head = line; sub(/ #.*$/, "", head)
            rest = head; sub(/^not /, "", rest)
            if (rest !~ /^ok .*[^0-9]/) line = head " " id substr(line, length(head) + 1)
        }
        # A documented deviation, as kselftest marks one (its original line kept).
        if (is_result && verdict == "xfail" && line ~ /^not ok /) {
            print "    # mmapcheck-was: " line
            lines++
            line = "ok " result_number " " id " # XFAIL " text(expect[id, "reason"])
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
    if (verdict == "pass") print "ok " printed " " id
    else if (verdict == "skip") print "ok " printed " " id " # SKIP" (why == "" ? "" : " " text(why))
    else if (verdict == "xfail")
        print "ok " printed " " id " # XFAIL " text(expect[id, "reason"]) " (cite: " text(expect[id, "cite"]) ")"
    else if (verdict == "xpass")
        print "not ok " printed " " id " # XPASS " (outcome == "pass" ? "passed" : "ended in " outcome) \
            ", but expected/ lists " expect[id, "outcome"] " (" text(expect[id, "reason"]) "): stale entry"
    else if (status == "timeout") print "not ok " printed " " id " # timed out after " timeout " s"
    else if (verdict == "fail") print "not ok " printed " " id
    else print "not ok " printed " " id " # error " text(why)
    fflush()
}

# The output of a case read as mmapcheck/ktap.py reads it, into globals: its
# version line, its plan and its one result line, and what does not fit.
function read_ktap(f, id,    line, bytes, body, name) {
    versions = plans = results = junk = truncated = skip_plan = 0; plan = plan_skip = ""
    result_ok = result_number = result_name = result_directive = result_reason = ""
    bytes = 0
    while ((getline line < f) > 0) {
        bytes += length(line) + 1
        if (bytes > limit) { truncated = 1; break }
        sub(/\r$/, "", line)
        if (line ~ /^[ \t]*$/ || line ~ /^#/ || line ~ /^Bail out!/) continue
        if (line ~ /^(KTAP version 1|TAP version 1[34])$/) {
            if (versions || plans || results) junk++
            versions++
        } else if (toupper(line) ~ /^1\.\.[0-9]+[ \t]*(#[ \t]*SKIP([^A-Za-z0-9_].*)?)?$/) {
            if (plans++) junk++
            plan = substr(line, 4); sub(/[^0-9].*$/, "", plan)
            if (line ~ /#/) { skip_plan = 1; plan_skip = line; sub(/^[^#]*#[ \t]*[A-Za-z]+[ \t]*/, "", plan_skip) }
        } else if (line ~ /^(not )?ok [0-9]+([^A-Za-z0-9_]|$)/) {
            if (++results > 1) continue
            result_ok = (line ~ /^ok /)
            body = line; sub(/^(not )?ok /, "", body)
            result_number = body; sub(/[^0-9].*$/, "", result_number)
            body = substr(body, length(result_number) + 1)
            name = body; sub(/#.*$/, "", name); gsub(/^[ \t]+|[ \t]+$/, "", name)
            result_name = name
            if (body ~ /#/) {
                sub(/^[^#]*#[ \t]*/, "", body)
                result_directive = body; sub(/[^A-Za-z0-9_].*$/, "", result_directive)
                result_directive = tolower(result_directive)
                result_reason = substr(body, length(result_directive) + 1)
                gsub(/^[ \t]+|[ \t]+$/, "", result_reason)
                if (result_directive == "") junk++
            }
        } else junk++
    }
    close(f)
}

# The outcome of a case and its verdict, into globals (outcome, why, verdict),
# as mmapcheck/suite.py decides them: only a report of the case itself can be
# a documented deviation, never a crash, a timeout or something left behind.
function judge(id, status, notes, leftover,    own, want) {
    outcome = "error"; why = ""; own = 0
    if (status == "timeout") why = "timed out after " timeout " s"
    else if (status !~ /^[0-9]+$/) why = "crashed: " status
    else if (notes ~ /left=processes/) why = "left processes running after it exited"
    else if (truncated) why = "printed more than " limit " bytes"
    else if (!versions) why = "no KTAP version line"
    else if (!plans) why = "no plan line (1..1)"
    else if (junk) why = "malformed KTAP"
    else if (plan == 0 && skip_plan && !results) { outcome = "skip"; why = plan_skip }
    else if (plan != 1) why = "plan is 1.." plan "; a case reports exactly one result"
    else if (results != 1) why = results " result lines, expected 1"
    else if (result_number != 1) why = "result line numbered " result_number ", expected 1"
    else if (result_directive != "" && result_directive != "skip" && result_directive != "error")
        why = "unsupported directive " result_directive
    else if (result_name != "" && result_directive == "" && result_name != id)
        why = "result line names " result_name ", expected " id
    else if (result_directive == "skip") { outcome = "skip"; why = result_reason }
    else if (result_directive == "error") { outcome = "error"; why = "broken: " result_reason; own = 1 }
    else outcome = result_ok ? "pass" : "fail"
    if (outcome != "error" || own) {
        want = outcome == "pass" ? 0 : outcome == "skip" ? 4 : 1
        if (status != want) { outcome = "error"; own = 0; why = "exit code " status " disagrees with the result line" }
    }
    if (outcome != "error" && leftover != "") { outcome = "error"; why = "left files behind: " leftover }
    if (outcome != "error") own = 1
    verdict = outcome
    if (own && outcome != "skip" && deviates(id)) {
        if (outcome == expect[id, "outcome"]) verdict = "xfail"
        else if (outcome != "error") verdict = "xpass"
    }
}

# expected/<os> as mmapcheck/expected.py parses it: "ID:" opens an entry,
# indented "key: value" lines follow, "#" starts a comment.  Only the entries
# of listed cases are kept.
function load_expected(f,    line, id, key, value) {
    id = ""
    while ((getline line < f) > 0) {
        sub(/\r$/, "", line)
        if (line ~ /^[ \t]*(#|$)/) continue
        if (line !~ /^[ \t]/) {
            id = line; sub(/[ \t]+$/, "", id)
            if (id !~ /:$/) { id = ""; continue }
            sub(/[ \t]*:$/, "", id)
            if (!(id in in_list)) id = ""
            continue
        }
        if (id == "" || line !~ /:/) continue
        key = line; sub(/^[ \t]+/, "", key); sub(/[ \t]*:.*$/, "", key)
        value = line; sub(/^[^:]*:[ \t]*/, "", value); sub(/[ \t]+$/, "", value)
        expect[id, key] = value
    }
    close(f)
}

# Whether an entry lists a deviation (fail or error) that applies here: its
# release bounds, scratch filesystem, C library, machine and page size.
function deviates(id,    v) {
    if (!((id, "outcome") in expect)) return 0
    v = expect[id, "outcome"]; if (v != "fail" && v != "error") return 0
    if ((id, "since") in expect && !has_release(expect[id, "since"])) return 0
    if ((id, "before") in expect && has_release(expect[id, "before"])) return 0
    if ((id, "filesystem") in expect && expect[id, "filesystem"] != ENVIRON["MC_FS"]) return 0
    if ((id, "libc") in expect && expect[id, "libc"] != libc) return 0
    if ((id, "machine") in expect && !among(ENVIRON["MC_MACHINE"], expect[id, "machine"])) return 0
    if ((id, "page_size") in expect && !among(ENVIRON["MC_PAGE_SIZE"], expect[id, "page_size"])) return 0
    return 1
}

function among(word, list,    parts, i, n) {
    n = split(list, parts, " ")
    for (i = 1; i <= n; i++) if (parts[i] == word) return 1
    return 0
}

# The leading numbers of a release, "6.1.0" of "6.1.0-28-amd64" ("" when none,
# or when a number has more than 9 digits), compared as numbers in order, a
# shorter one first: as version_tuple() and tuples in expected.py.
function release_of(text,    parts, i, n) {
    if (!match(text, /^[0-9]+(\.[0-9]+)*/)) return ""
    text = substr(text, 1, RLENGTH)
    n = split(text, parts, ".")
    for (i = 1; i <= n; i++) if (length(parts[i]) > 9) return ""
    return text
}

function compare(a, b,    x, y, na, nb, i) {
    na = a == "" ? 0 : split(a, x, "."); nb = b == "" ? 0 : split(b, y, ".")
    for (i = 1; i <= na && i <= nb; i++)
        if (x[i] + 0 != y[i] + 0) return x[i] + 0 < y[i] + 0 ? -1 : 1
    return na < nb ? -1 : na > nb ? 1 : 0
}

function series(r,    parts, n) {
    n = split(r, parts, ".")
    return n < 2 ? r : parts[1] "." parts[2]
}

# has_release() of expected.py: the highest release of a bound is the
# mainline one; another is a stable backport that counts in its series only.
function has_release(bound,    b, n, i, mainline, pick) {
    n = split(bound, b, " ")
    mainline = b[1]
    for (i = 2; i <= n; i++) if (compare(b[i], mainline) > 0) mainline = b[i]
    pick = mainline
    for (i = 1; i <= n; i++)
        if (compare(b[i], mainline) != 0 && compare(series(b[i]), series(release)) == 0) { pick = b[i]; break }
    return compare(release, pick) >= 0
}

# Text from a case or an expected/ file on one stream line: no control
# characters, at most 1000 bytes.
function text(s) {
    gsub(/[[:cntrl:]]/, "?", s)
    return length(s) > 1000 ? substr(s, 1, 1000) "..." : s
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
# numbered in print order, and it ends once every case is printed.  It reads
# the FIFO read-only: were the runner and its lanes killed outright, their end
# is its input's end, and it exits.
if [ "$total" -gt 0 ]; then
    defer_signals
    MC_WORK=$work MC_LIMIT=$output_limit MC_TIMEOUT=$timeout MC_TOTAL=$total \
    MC_EXPECTED=$expected MC_RELEASE=$release MC_MACHINE=$machine MC_PAGE_SIZE=$page_size \
    MC_LIBC=$libc MC_FS=$fs \
        awk $awk_input "$printer_program" <"$work/fifo" 3<&- &
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
