# runner-printer.awk: runner.sh's printer, one awk (POSIX) for the whole run
# (why one awk: see runner.sh, where it starts).  A block is as runner.sh's
# header says; its ok line is numbered in print order and gives the verdict:
# the outcome of the case against the documented deviations that apply here
# (MC_EXPECTED).  It reads the lanes' "N" lines, each case's files in
# MC_WORK, and the MC_* settings from its environment.
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
}
