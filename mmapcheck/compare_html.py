"""compare.html: one self-contained page (inline CSS and JS, nothing fetched).
Without JavaScript it is a static table whose rows expand (<details>); with
it, filters by call, tag and "only rows that differ", kept in the URL's
fragment (compare.html#call=mprotect&tag=errno&differ=outcome)."""

from html import escape
from urllib.parse import quote

from .compare import DOCUMENTED_STATES, calls_of, column_heading, differ_counts, totals_text
from .escape import INVISIBLE, code_point
from .expected import VERDICT_ORDER

DIFFER_BADGE = {"outcome": ("≠ outcome", "where the claim was tried, the outcomes differ"),
                "skip": ("≠ skip", "some platforms skip the case, others try it"),
                "observed": ("≠ values", "same outcomes, other observations")}
LEGEND = (("pass", "the claim holds"), ("fail", "the claim does not hold, unexpectedly"),
          ("xfail", "does not hold, as expected/ documents"), ("xpass", "holds, although expected/ says not"),
          ("error", "the case could not check its claim"), ("skip", "the subject is missing or not set up"),
          ("notrun", "the target broke before the case ran"))
DOC_LEGEND = (("pass", "its sources say the claim holds"), ("fail", "a documented deviation"),
              ("skip", "the subject does not exist there"), ("unknown", "the sources do not settle it"),
              ("unaccounted", "expected/<os> does not list the case yet"))


def e(text):
    """For HTML text and for a double-quoted attribute value alike; control
    characters (but line ends and tab) and bidirectional overrides shown by
    their code point."""
    return escape(INVISIBLE.sub(code_point, str(text)), quote=True)


def cell_class(cell):
    """A CSS class from a known state only: a report's verdict is data, and
    anything else (a typo, a newer verdict, markup) is shown "unknown"."""
    if cell.state in ("absent", "unaccounted"):
        return cell.state
    if cell.documented:
        return "d-" + cell.state if cell.state in DOCUMENTED_STATES else "unknown"
    return "v-" + cell.state if cell.state in VERDICT_ORDER else "unknown"


def cell_html(cell, col, row):
    if cell.state == "absent":
        return '<td class="absent" title="not in this report">—</td>'
    if cell.state == "unaccounted":
        return f'<td class="unaccounted" title="{e(cell.reason)}"><span class="verdict">unaccounted</span></td>'
    note = " ".join(x for x in (cell.reason, cell.cite and f"({cell.cite})") if x)
    label = (f'<span class="doc">doc</span> {e(cell.state)}' if cell.documented else e(cell.state))
    toks = "".join(f'<span class="tok{" d" if k in row.differing_keys else ""}">{e(k)}=<b>{e(v)}</b></span>'
                   for k, v in cell.observed.items())
    title = f' title="{e(note)}"' if note else ""
    return f'<td class="{e(cell_class(cell))}"{title}><span class="verdict">{label}</span>{toks}</td>'


def notes_html(row, columns):
    """Each platform's reason and citation; columns that say the same, once."""
    notes = {}
    for col, cell in zip(columns, row.cells):
        if cell.state == "absent" or not (cell.reason or cell.cite):
            continue
        cite = "" if cell.cite and cell.cite in cell.reason else cell.cite  # a run's reason cites already
        notes.setdefault((cell_class(cell), cell.label, cell.reason, cite), []).append(column_heading(col)[0])
    items = [f'<li><span class="pill {e(cls)}">{e(label)}</span> <b>{e(", ".join(names))}</b>: {e(reason)}'
             + (f'<br><cite>{e(cite)}</cite>' if cite else "") + "</li>"
             for (cls, label, reason, cite), names in notes.items()]
    return f'<ul class="notes">{"".join(items)}</ul>' if items else ""


def row_html(row, columns):
    """The case's row, then a row across the table with its claim, sources and
    notes, shown while the case's <details> is open (CSS, no script needed)."""
    name = row.id.partition("/")[2] or row.id
    badge = ""
    if row.differs:
        text, title = DIFFER_BADGE[row.differs]
        badge = f'<span class="badge {e(row.differs)}" title="{e(title)}">{e(text)}</span>'
    sources = "".join(f"<li>{e(s)}</li>" for s in row.sources)
    tags = " ".join(f'<span class="tag">{e(t)}</span>' for t in row.tags)
    head = (f'<th scope="row"><details><summary title="{e(row.claim)}"><code>{e(name)}</code>{badge}'
            '</summary></details></th>')
    cells = "".join(cell_html(c, col, row) for c, col in zip(row.cells, columns))
    more = (f'<tr class="detail"><td colspan="{len(columns) + 1}"><div class="more"><div>'
            f'<p class="claim">{e(row.claim)}</p><p class="cid"><code>{e(row.id)}</code> {tags}</p>'
            f'<ul class="sources">{sources}</ul></div><div>{notes_html(row, columns)}</div></div></td></tr>')
    return (f'<tr class="case{e(" differs-" + row.differs if row.differs else "")}" id="{e(row.id)}" '
            f'data-call="{e(row.call)}" data-tags="{e(" ".join(row.tags))}" '
            f'data-differs="{e(row.differs)}">{head}{cells}</tr>{more}')


def platforms_html(columns):
    out = ['<table class="platforms"><caption>Columns</caption><thead><tr><th scope="col">column</th>'
           '<th scope="col">kind</th><th scope="col">platform id</th><th scope="col">os</th>'
           '<th scope="col">release</th><th scope="col">machine</th><th scope="col">page size</th>'
           '<th scope="col">totals</th></tr></thead><tbody>']
    for col in columns:
        p = col.platform
        kind = "documented, not observed" if col.kind == "documented" else "observed"
        problems = (f'<br><span class="problem">target problems: {e("; ".join(col.target_problems))}</span>'
                    if col.target_problems else "")
        out.append(f'<tr class="{e(col.kind)}"><th scope="row">{e(column_heading(col)[0])}</th>'
                   f'<td>{kind}</td><td><code>{e(p["id"])}</code><br><small>{e(col.source)}</small></td>'
                   f'<td>{e(p.get("os", ""))}</td><td>{e(p.get("release", ""))}</td>'
                   f'<td>{e(p.get("machine", ""))}</td><td>{e(p.get("page_size", ""))}</td>'
                   f'<td>{e(totals_text(col))}{problems}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def legend_html():
    obs = "".join(f'<li><span class="pill v-{v}">{v}</span> {e(t)}</li>' for v, t in LEGEND)
    doc = "".join(f'<li><span class="pill {"unaccounted" if v == "unaccounted" else "d-" + v}">'
                  f'{"" if v == "unaccounted" else "doc "}{v}</span> {e(t)}</li>' for v, t in DOC_LEGEND)
    return (f'<div class="legend"><div><h2>Observed</h2><ul>{obs}</ul></div>'
            f'<div><h2>Documented, not observed</h2><ul>{doc}</ul></div>'
            '<div><h2>Rows</h2><ul><li><span class="badge outcome">≠ outcome</span> where the claim was '
            'tried, the outcomes differ (pass, fail, error)</li>'
            '<li><span class="badge skip">≠ skip</span> some platforms skip the case, others try it</li>'
            '<li><span class="badge observed">≠ values</span> same outcomes, other observations; '
            'values that differ are <span class="tok d">underlined</span></li>'
            '<li>Unknown, unaccounted and not run cells leave a row alone.</li>'
            '<li>Click a row for the claim, its sources and each platform\'s reason.</li></ul></div></div>')


def html_page(columns, rows):
    calls = calls_of(rows)
    tags = sorted({t for r in rows for t in r.tags})
    call_opts = "".join(f'<option value="{e(c)}">{e(c)} ({sum(r.call == c for r in rows)})</option>'
                        for c in calls)
    tag_opts = "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in tags)
    heads = "".join(f'<th scope="col" class="{e(col.kind)}">{e(a)}<br><small>{e(b)}</small></th>'
                    for col in columns for a, b in [column_heading(col)])
    body = []
    for call in calls:
        in_call = [r for r in rows if r.call == call]
        counts = [f"{n} {DIFFER_BADGE[d][0]}" for d in DIFFER_BADGE
                  for n in [sum(r.differs == d for r in in_call)] if n]
        summary = " · ".join([f"{len(in_call)} case{'s' if len(in_call) != 1 else ''}"] + counts)
        body.append(f'<tbody class="call" data-call="{e(call)}"><tr class="group"><th colspan="{len(columns) + 1}" '
                    f'scope="rowgroup" id="call={e(call)}">{e(call)} <small>{e(summary)}</small></th></tr>')
        body += [row_html(r, columns) for r in in_call]
        body.append("</tbody>")
    nav = " ".join(f'<a href="#call={e(quote(c, safe=""))}">{e(c)}</a>' for c in calls)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mmapcheck: platforms compared</title>
<style>{CSS}</style></head>
<body>
<header><h1>mmapcheck: platforms compared</h1>
<p class="summary">{len(rows)} cases on {len(columns)} columns: {e(differ_counts(rows))}.</p>
{platforms_html(columns)}
{legend_html()}
<nav aria-label="calls">Calls: {nav}</nav>
<noscript><p class="noscript">The filters need JavaScript; the whole table follows.</p></noscript>
<form id="filters" role="search" hidden>
<label>Call <select id="f-call"><option value="">all calls</option>{call_opts}</select></label>
<label>Tag <select id="f-tag"><option value="">all tags</option>{tag_opts}</select></label>
<label>Rows <select id="f-differ"><option value="">all rows</option>
<option value="any">only rows that differ</option><option value="outcome">only rows whose outcomes differ</option>
<option value="skip">only rows skipped on some</option><option value="observed">only rows with other values</option></select></label>
<button type="button" id="f-expand">expand shown</button> <button type="button" id="f-reset">reset</button>
<output id="shown" aria-live="polite"></output>
</form></header>
<main><table id="compare"><thead><tr><th scope="col">case</th>{heads}</tr></thead>
{"".join(body)}
</table></main>
<script>{JS}</script>
</body></html>
"""


CSS = """
:root{--pass:#dcfce7;--pass-f:#14532d;--fail:#fecaca;--fail-f:#7f1d1d;--xfail:#fde68a;--xfail-f:#713f12;
--xpass:#e9d5ff;--xpass-f:#581c87;--error:#fbcfe8;--error-f:#831843;--skip:#e2e8f0;--skip-f:#334155;
--notrun:#d4d4d8;--notrun-f:#27272a;--line:#cbd5e1;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0;color:#0f172a;background:#f8fafc;font-size:14px}
header{padding:12px 20px;background:#fff;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}h2{font-size:13px;margin:0 0 4px;text-transform:uppercase;color:#475569}
.summary{margin:0 0 10px}
table.platforms{border-collapse:collapse;margin-bottom:10px;font-size:12px}
table.platforms caption{text-align:left;font-weight:600;color:#475569}
table.platforms th,table.platforms td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
table.platforms tr.documented{background:repeating-linear-gradient(135deg,#fff 0 6px,#f1f5f9 6px 12px)}
.problem{color:var(--fail-f)}
.legend{display:flex;gap:28px;flex-wrap:wrap;font-size:12px;margin-bottom:8px}
.legend ul{list-style:none;margin:0;padding:0}.legend li{margin:2px 0}
nav{font-size:12px;margin-bottom:6px}nav a{margin-right:6px}
form{display:flex;gap:14px;align-items:center;flex-wrap:wrap;padding:6px 0}
form[hidden]{display:none}
select,button{font:inherit;padding:2px 4px}
output{color:#334155;font-weight:600}
.noscript{color:#92400e}
main{padding:0 20px 40px}
#compare{border-collapse:separate;border-spacing:0;margin-top:10px;background:#fff}
#compare thead th{position:sticky;top:0;z-index:2;background:#1e293b;color:#fff;padding:6px 8px;
font-size:12px;text-align:left;min-width:140px;vertical-align:bottom}
#compare thead th.documented{background:repeating-linear-gradient(135deg,#334155 0 6px,#3f4d63 6px 12px)}
#compare thead th small{font-weight:400;color:#cbd5e1}
#compare td{min-width:150px;max-width:240px}
#compare td,#compare th[scope=row]{border-bottom:1px solid var(--line);border-right:1px solid #fff;
padding:4px 6px;vertical-align:top;font-size:12px}
#compare th[scope=row]{text-align:left;font-weight:400;width:24em;min-width:20em;max-width:27em;background:#fff;
position:sticky;left:0;z-index:1;border-left:4px solid transparent}
tr.group th{background:#e2e8f0;text-align:left;padding:6px 8px;font-size:14px;position:sticky;left:0}
tr.group small{font-weight:400;color:#475569;margin-left:6px}
tr.differs-outcome th[scope=row]{border-left-color:#dc2626}
tr.differs-skip th[scope=row]{border-left-color:#94a3b8}
tr.differs-observed th[scope=row]{border-left-color:#2563eb}
tr.case{cursor:pointer}tr.case:hover td,tr.case:hover th[scope=row]{filter:brightness(.96)}
summary{list-style-position:outside}summary code{font-size:12px}
tr.case:not(:has(details[open])) + tr.detail{display:none}
#compare tr.detail td{max-width:none;background:#f8fafc;border-bottom:2px solid var(--line);padding:6px 12px 8px 24px}
.more{display:grid;grid-template-columns:minmax(20em,1fr) minmax(20em,1fr);gap:6px 28px;max-width:1400px}
.claim{margin:4px 0;font-size:14px;font-weight:600}
.cid{margin:2px 0;color:#475569}.sources{margin:4px 0;padding-left:18px;color:#334155}
.notes{margin:4px 0;padding-left:0;list-style:none}.notes li{margin:4px 0;font-size:12px}
cite{color:#475569}
.tag{display:inline-block;background:#f1f5f9;border:1px solid var(--line);border-radius:8px;padding:0 5px;
font-size:11px;margin-right:2px}
.badge{display:inline-block;margin-left:6px;padding:0 5px;border-radius:8px;font-size:11px;color:#fff;white-space:nowrap}
.badge.outcome{background:#dc2626}.badge.skip{background:#64748b}.badge.observed{background:#2563eb}
.verdict{display:block;font-weight:700}
.tok{display:inline-block;margin-right:6px;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all;opacity:.9}
.tok b{font-weight:600}.tok.d{text-decoration:underline 2px;text-underline-offset:2px;opacity:1}
.pill{display:inline-block;padding:0 6px;border-radius:4px;font-weight:700;font-size:11px;min-width:3.5em}
.doc{font-weight:400;font-size:10px;text-transform:uppercase;letter-spacing:.04em;opacity:.8}
.v-pass{background:var(--pass);color:var(--pass-f)}.v-fail{background:var(--fail);color:var(--fail-f)}
.v-xfail{background:var(--xfail);color:var(--xfail-f)}.v-xpass{background:var(--xpass);color:var(--xpass-f)}
.v-error{background:var(--error);color:var(--error-f)}.v-skip{background:var(--skip);color:var(--skip-f)}
.v-notrun{background:var(--notrun);color:var(--notrun-f)}
td.v-fail,td.v-xpass,td.v-error{box-shadow:inset 0 0 0 2px currentColor}
.d-pass,.d-fail,.d-error,.d-skip,.d-unknown{background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.55) 0 5px,transparent 5px 10px)}
td.d-pass,td.d-fail,td.d-error,td.d-skip,td.d-unknown{box-shadow:inset 0 0 0 1px rgba(15,23,42,.35);outline:1px dashed rgba(15,23,42,.3);outline-offset:-3px}
.d-pass{background-color:var(--pass);color:var(--pass-f)}.d-fail{background-color:var(--xfail);color:var(--xfail-f)}
.d-error{background-color:var(--error);color:var(--error-f)}.d-skip{background-color:var(--skip);color:var(--skip-f)}
.d-unknown{background-color:#fef9c3;color:#713f12}
.unaccounted{background:#fff;color:#64748b;font-style:italic;outline:1px dashed #94a3b8;outline-offset:-3px}
.unaccounted .verdict{font-weight:400}
.absent{color:#94a3b8;text-align:center}
.unknown{background:#fff;color:#0f172a;outline:2px dotted #b45309;outline-offset:-3px}
@media print{form,nav{display:none}#compare thead th{position:static}}
"""

JS = """
(function () {
  'use strict';
  var call = document.getElementById('f-call'), tag = document.getElementById('f-tag'),
      differ = document.getElementById('f-differ'), shown = document.getElementById('shown'),
      rows = Array.prototype.slice.call(document.querySelectorAll('tr.case')),
      groups = Array.prototype.slice.call(document.querySelectorAll('tbody.call'));
  document.getElementById('filters').hidden = false;
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++)
      if (select.options[i].value === value) { select.value = value; return; }
    select.value = '';
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1)), d = params.get('differ') || '';
    choose(call, params.get('call') || '');
    choose(tag, params.get('tag') || '');
    choose(differ, d === '1' ? 'any' : d);
    apply();
  }
  function apply() {
    var n = 0;
    rows.forEach(function (tr) {
      var ok = (!call.value || tr.dataset.call === call.value) &&
               (!tag.value || tr.dataset.tags.split(' ').indexOf(tag.value) >= 0) &&
               (!differ.value || (differ.value === 'any' ? tr.dataset.differs !== '' : tr.dataset.differs === differ.value));
      tr.hidden = tr.nextElementSibling.hidden = !ok;
      if (ok) n++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('tr.case:not([hidden])'); });
    shown.value = 'showing ' + n + ' of ' + rows.length + ' cases';
  }
  function toHash() {
    var params = new URLSearchParams();
    if (call.value) params.set('call', call.value);
    if (tag.value) params.set('tag', tag.value);
    if (differ.value) params.set('differ', differ.value);
    history.replaceState(null, '', params.toString() ? '#' + params.toString() : location.pathname);
    apply();
  }
  [call, tag, differ].forEach(function (s) { s.addEventListener('change', toHash); });
  document.getElementById('f-reset').addEventListener('click', function () {
    call.value = tag.value = differ.value = ''; toHash();
  });
  document.getElementById('f-expand').addEventListener('click', function () {
    var visible = rows.filter(function (tr) { return !tr.hidden; }),
        open = !visible.every(function (tr) { return tr.querySelector('details').open; });
    visible.forEach(function (tr) { tr.querySelector('details').open = open; });
    this.textContent = open ? 'collapse shown' : 'expand shown';
  });
  document.getElementById('compare').addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.case');
    if (!tr || ev.target.closest('summary, a')) return;
    var d = tr.querySelector('details');
    d.open = !d.open;
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
"""
