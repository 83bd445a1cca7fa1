"""The teacher's live page of a class played on the server: who is playing and where, the endings so far.

The page is built from a :class:`~game.lesson.Roster`; every name, code and message passes through
:func:`~game.views.html.esc` (a student types their name, and a teacher pastes codes). The part
that changes (``live_part``) is fetched again every few seconds by a small script of the server's
own; the debrief beside it is the class debrief (``game.views.debrief``) of every run so far.
Pure: no textual, no rich, no web.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import quote

from attrs import frozen

from game.i18n import N_, _, ngettext
from game.files.lesson import BROWSER, Roster, Student
from game.views import html
from game.views.presenter import capital, date_name
from game.views.document import Column, Inline, Paragraph, Section, Span, Table, b, dim, line
from game.views.html import esc, page

REFRESH_SECONDS = 4
#: how a run ended, in words (translated where shown)
OUTCOME_WORDS = {"soft_landing": N_("soft landing"), "survival": N_("survival"), "collapse": N_("collapse")}
TITLE = N_("Soft Landing: the class, live")

STYLE = """
.live-now { font-size: 1.15rem; margin: .3rem 0 .6rem; }
.live-now b { font-size: 1.5rem; }
.notice { border: 1px solid var(--rule); border-left: 5px solid #1e8449; padding: .4rem .8rem; margin: .8rem 0; }
.notice.refused { border-left-color: #b03a2e; }
form.paste { display: grid; grid-template-columns: auto 1fr; gap: .4rem .8rem; align-items: center; max-width: 46rem; }
form.paste input { font: inherit; padding: .25rem .4rem; }
form.paste input[name=code] { font-family: "DejaVu Sans Mono", Menlo, monospace; }
form.paste button { grid-column: 2; justify-self: start; font: inherit; padding: .25rem 1rem; }
iframe.debrief { width: 100%; height: 80vh; border: 1px solid var(--rule); }
#status { font-size: .85em; }
body { max-width: 64rem; }
"""


@frozen
class Notice:
    """What the page says about the last code pasted: taken, or refused and why."""

    text: str
    refused: bool = False


def describe(student: Student) -> str:
    """Where a student's run is: its ending, or the season in play."""
    game = student.game
    if game.over:
        outcome = _outcome(game.state.outcome or "")
        title = game.ending.title if game.ending else capital(outcome)
        return _("ended: {ending} ({outcome})").format(ending=title, outcome=outcome)
    return _("playing {date}, season {turn} of {last}").format(date=date_name(game.date), turn=game.state.turn,
                                                               last=game.state.last_turn)


def _outcome(outcome: str) -> str:
    return _(OUTCOME_WORDS[outcome]) if outcome in OUTCOME_WORDS else outcome


def _how(student: Student) -> str:
    if student.source == BROWSER:
        return _("in the browser") if student.page_open else _("in the browser (page closed)")
    return _("pasted (terminal)")


def now_line(roster: Roster) -> str:
    """How many are playing, have ended, are starting: the first line of the page, in words."""
    parts: list[Inline] = [*_counted(_("{count} playing"), len(roster.playing)), " · ",
                           *_counted(_("{count} ended"), len(roster.ended))]
    if roster.starting:
        parts += [" · ", *_counted(_("{count} at the start (typing a name)"), roster.starting)]
    if roster.elsewhere:
        parts += [" · ", *_counted(_("{count} playing a game that is not this class's"), roster.elsewhere)]
    return html.block(Paragraph(tuple(parts), "live-now"))


def live_part(roster: Roster) -> str:
    """The part of the page that refreshes itself: the counts, the seasons in play, the endings, every student."""
    out = [now_line(roster)]
    out += [html.section(part) for part in (_seasons(roster), _endings(roster), _students(roster)) if part is not None]
    for name, why in roster.unreadable:
        said = _("The run of {name} no longer replays here: {why}.").format(name=name, why=why)
        out.append(f'<p class="notice refused">{esc(said)}</p>')
    return "\n".join(out)


def _counted(words: str, count: int) -> tuple[Inline, ...]:
    """A count in bold within its words ("**3** playing"), wherever the language puts it."""
    before, _mark, after = words.partition("{count}")
    return tuple(part for part in (before, b(count), after) if part != "")


def _seasons(roster: Roster) -> Section | None:
    if not roster.playing:
        return None
    by_season: dict[tuple[int, str], list[str]] = defaultdict(list)
    for student in roster.playing:
        by_season[(student.game.state.turn, date_name(student.game.date))].append(student.name)
    rows = tuple((line(date, " ", dim(_("(season {turn})").format(turn=turn))), line(str(len(names))),
                  line(", ".join(sorted(names))))
                 for (turn, date), names in sorted(by_season.items()))
    return Section(line(_("Where they are")), (Table((Column(_("Season")), Column(_("Students"), num=True),
                                                      Column(_("Who"))), rows),))


def _endings(roster: Roster) -> Section:
    if not roster.ended:
        return Section(line(_("Endings so far")), (Paragraph(line(_("No run has ended yet.")), "dim"),))
    endings: Counter[tuple[str, str]] = Counter()
    who: dict[tuple[str, str], list[str]] = defaultdict(list)
    for student in roster.ended:
        outcome = student.game.state.outcome or ""
        title = student.game.ending.title if student.game.ending else capital(_outcome(outcome) if outcome in OUTCOME_WORDS else "")
        endings[(title, outcome)] += 1
        who[(title, outcome)].append(student.name)
    rows = tuple((line(title), line(Span(_outcome(outcome), outcome) if outcome in OUTCOME_WORDS else None),
                  line(str(n)), line(", ".join(who[(title, outcome)])))
                 for (title, outcome), n in endings.most_common())
    columns = (Column(_("Ending")), Column(_("Outcome")), Column(_("Runs"), num=True), Column(_("Who")))
    return Section(line(_("Endings so far")), (Table(columns, rows),))


def _students(roster: Roster) -> Section | None:
    if not roster.students:
        return None
    rows = tuple((line(s.name), line(describe(s)), line(_how(s)), line(Span(s.code, "code"))) for s in roster.students)
    columns = (Column(_("Student")), Column(_("Where")), Column(_("Played")), Column(_("Run code"), code=True))
    return Section(line(_("Every student")), (Table(columns, rows),))


def teacher_page(roster: Roster, *, class_code: str, scenario: str, token: str, version: str = "",
                 notice: Notice | None = None, name: str = "", code: str = "") -> str:
    """The whole page: the live part, the form for a terminal student's code, and the debrief so far."""
    key = quote(token, safe="")
    debrief = f"/teacher/debrief?token={key}"
    codes = f"/teacher/codes.txt?token={key}"
    said = ""
    if notice is not None:
        said = f'<p class="notice{" refused" if notice.refused else ""}" role="status">{esc(notice.text)}</p>'
    code_word = esc(_("Class code"))
    updates = esc(_("this page updates itself every {seconds} seconds").format(seconds=REFRESH_SECONDS))
    open_it = esc(_("Open the printable debrief"))
    new_tab = esc(_("(in a new tab: print it from there; it holds every run so far)"))
    the_codes = esc(_("the codes"))
    name_word = esc(_("Name"))
    optional = esc(_("optional"))
    run_code = esc(_("Run code"))
    add = esc(_("Add to the class"))
    so_far = esc(_("The debrief so far"))
    rebuilt = esc(_("It is rebuilt when a season is played or a run ends."))
    frame_title = esc(_("The class debrief so far"))
    title = esc(_(TITLE))
    body = [
        f"<style>{STYLE}</style>",
        f"<header><h1>{title}</h1>",
        f'<p class="meta">{code_word} <span class="code">{esc(class_code)}</span> · {esc(scenario)} · '
        f'<span id="status" data-updated="{esc(_("updated"))}" data-unreachable="{esc(_("cannot reach the server"))}" '
        f'data-again="{esc(_("trying again"))}">{updates}'
        '</span></p>',
        f'<p><a href="{esc(debrief)}" target="_blank" rel="noopener">{open_it}</a> '
        f'<span class="dim">{new_tab}</span> · '
        f'<a href="{esc(codes)}" download="class-codes.txt">{the_codes}</a> '
        f'<span class="dim">{_code_note()}</span></p></header>',
        f'<div id="live" data-source="/teacher/live?token={esc(key)}" data-every="{REFRESH_SECONDS}" '
        f'data-version="{esc(version)}">',
        live_part(roster), "</div>",
        "<h2>" + esc(_("Add a terminal student's run")) + "</h2>",
        "<p>" + esc(_("A student who played in a terminal reads their run code on the report at the end of the run; "
                      "paste it here.")) + "</p>",
        said,
        '<form class="paste" method="post" action="/teacher/add">',
        f'<input type="hidden" name="token" value="{esc(token)}">',
        f'<label for="name">{name_word}</label><input id="name" name="name" maxlength="60" value="{esc(name)}" '
        f'placeholder="{optional}" autocomplete="off">',
        f'<label for="code">{run_code}</label><input id="code" name="code" maxlength="400" value="{esc(code)}" '
        'placeholder="SL1-..." autocomplete="off" spellcheck="false" required>',
        f'<button type="submit">{add}</button></form>',
        f"<h2>{so_far}</h2>",
        f'<p class="dim">{rebuilt}</p>',
        f'<iframe class="debrief" id="debrief" title="{frame_title}" src="{esc(debrief)}" '
        f'data-src="{esc(debrief)}"></iframe>',
        '<script src="/teacher/live.js"></script>',
    ]
    return page(_(TITLE), body)


def _code_note() -> str:
    """'(a file for <code>soft-landing debrief</code>)', the command kept as code in any language."""
    before, _mark, after = _("(a file for {command})").partition("{command}")
    return f"{esc(before)}<code>soft-landing debrief</code>{esc(after)}"


def codes_file(roster: Roster, class_code: str) -> str:
    """Every run as a codes file for ``soft-landing debrief`` (``Name: CODE``, one a line), to make the debrief
    again after the lesson with other options."""
    runs = ngettext("{count} run", "{count} runs", len(roster.students)).format(count=len(roster.students))
    lines = ["# " + _("Soft Landing: the runs of class {code} ({runs}, {ended} ended)").format(
        code=class_code, runs=runs, ended=len(roster.ended))]
    for n, student in enumerate(roster.students, 1):
        # a line that starts with # is a comment
        name = student.name.lstrip("#").strip() or _("Student {number}").format(number=n)
        lines.append(f"{name}: {student.code}")
    return "\n".join(lines) + "\n"


def no_runs_yet(class_code: str) -> str:
    """The debrief's place before any student has played a season."""
    title, code_word = _("Soft Landing: class debrief"), esc(_("Class code"))
    return page(title, [
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{code_word} <span class="code">{esc(class_code)}</span></p>',
        "<p>" + esc(_("No student has a run yet. The debrief appears here as soon as the first student has started, "
                      "and grows with every season they play.")) + "</p>"])


def refusal(title: str, text: str) -> str:
    """A short page that says why a request was refused."""
    return page(title, [f"<h1>{esc(title)}</h1>", f"<p>{esc(text)}</p>"])


#: the page's only script, served by the server itself (the page's policy allows no inline script):
#: fetch the live part again every few seconds, and reload the debrief when the runs behind it change
SCRIPT = """"use strict";
(function () {
  var live = document.getElementById("live");
  var frame = document.getElementById("debrief");
  var status = document.getElementById("status");
  if (!live || !window.fetch) { return; }
  var every = 1000 * Number(live.getAttribute("data-every") || 4);
  var shown = live.getAttribute("data-version");
  function poll() {
    fetch(live.getAttribute("data-source"), {cache: "no-store", credentials: "same-origin"})
      .then(function (answer) {
        if (!answer.ok) { throw new Error("the server answered " + answer.status); }
        var version = answer.headers.get("X-Debrief-Version");
        return answer.text().then(function (text) {
          live.innerHTML = text;  /* built by the server, every student's word escaped */
          if (frame && version && version !== shown) {
            var at = 0;
            try { at = frame.contentWindow.scrollY; } catch (e) { at = 0; }
            frame.onload = function () { try { frame.contentWindow.scrollTo(0, at); } catch (e) { } };
            frame.src = frame.getAttribute("data-src") + "&v=" + encodeURIComponent(version);
          }
          shown = version;
          if (status) { status.textContent = status.getAttribute("data-updated") + " " + new Date().toLocaleTimeString(); }
        });
      })
      .catch(function (error) {
        if (status) {
          status.textContent = status.getAttribute("data-unreachable") + " (" + error.message + "); " + status.getAttribute("data-again");
        }
      })
      .then(function () { window.setTimeout(poll, every); });
  }
  poll();
})();
"""
