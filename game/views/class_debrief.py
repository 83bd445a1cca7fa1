"""The class debrief as data, worked out once: what :mod:`game.views.debrief` renders.

From the games of a codes file (:func:`game.files.classroom.read_codes`): how the class ended, how it
split on every dilemma it met (each option beside what Pyongyang did, and how each group's runs
ended), the decisions that most separated the good ends from the others, every student's run of one
meter, and where the class disagreed most. Honest at class size: every share keeps its count, a
group of fewer than :data:`MIN_GROUP` students is too few to tell, and a code handed in twice is
counted once. Pure: no textual, no rich.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from game.rules.model import Date
from game.i18n import N_, _, ngettext, percent
from game.files.replay import encode_run
from game.views import presenter
from game.views.report_parts import option_label

if TYPE_CHECKING:
    from game.files.classroom import BadLine, Entry
    from game.rules.model import Content

#: how a run ended, as the debrief names it (translated where shown: :func:`outcome_name`)
OUTCOME_NAMES = {"soft_landing": N_("soft landing"), "survival": N_("survival"), "collapse": N_("collapse"),
                 None: N_("in play")}
MIN_GROUP = 5  # a share of fewer students than this is too few to tell
MIN_MOVE = 8.0  # a meter that moves less than this in a run, on average, draws flat lines: not charted by default
CONTESTED = 3  # the dilemmas the handout discusses


def outcome_name(outcome: str | None) -> str:
    """How a run ended, in the player's language: "soft landing", "in play"."""
    return _(OUTCOME_NAMES.get(outcome, OUTCOME_NAMES[None]))


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 student``, ``2 students``: for the words the debrief counts (student, run, copy, line,
    comparison), in the player's language."""
    counted = _COUNTED.get(word)
    if counted is not None:
        return counted(count).format(count=count)
    return f"{count} {word if count == 1 else (words or word + 's')}"


#: the words the debrief counts, each with its singular and plural in the catalog
_COUNTED = {
    "student": lambda n: ngettext("{count} student", "{count} students", n),
    "run": lambda n: ngettext("{count} run", "{count} runs", n),
    "copy": lambda n: ngettext("{count} copy", "{count} copies", n),
    "line": lambda n: ngettext("{count} line", "{count} lines", n),
    "comparison": lambda n: ngettext("{count} comparison", "{count} comparisons", n),
}


def share(part: int, whole: int) -> str:
    """``3 of 8 (38%)``; below :data:`MIN_GROUP` the percentage would pretend to a precision the
    class does not have: ``3 of 4 (too few to tell)``."""
    if whole < MIN_GROUP:
        return _("{part} of {whole} (too few to tell)").format(part=part, whole=whole)
    return _("{part} of {whole} ({share})").format(part=part, whole=whole, share=percent(part / whole))


@frozen
class Group:
    """The students who chose one option of a dilemma, and how their runs ended."""

    option_id: str
    label: str
    students: tuple[str, ...]
    endings: tuple[tuple[str, int], ...]  # (outcome name, count), most first
    history: bool  # the option closest to what Pyongyang did


@frozen
class Split:
    """How the class answered one dilemma, with what Pyongyang did and the essay's words."""

    dilemma_id: str
    title: str
    first_date: str
    met: int
    groups: tuple[Group, ...]  # most chosen first
    history_option: str | None
    essay: tuple[str, ...]
    quote: str = ""  # the essay's words the dilemma cites
    history: str = ""  # what happened
    invented: bool = False  # a dilemma of a world that never was
    quote_translation: str = ""  # the quote in the player's language, shown beside the English

    @property
    def disagreement(self) -> float:
        """The split's entropy in bits: 0 when the class agreed, 1 for an even split of two."""
        total = sum(len(g.students) for g in self.groups)
        return -sum((n / total) * math.log2(n / total) for g in self.groups if (n := len(g.students)))


@frozen
class Separator:
    """A decision whose takers ended differently from those who met the dilemma and chose otherwise."""

    title: str
    option: str
    takers: int
    others: int
    good_takers: float  # share of the takers whose run did not collapse (or landed softly, see ``good``)
    good_others: float
    history: bool

    @property
    def gap(self) -> float:
        return self.good_takers - self.good_others

    @property
    def good_took(self) -> int:
        """How many of the takers ended well."""
        return round(self.good_takers * self.takers)

    @property
    def good_chose_otherwise(self) -> int:
        return round(self.good_others * self.others)


@frozen
class Copy:
    """A line whose code is the same run as an earlier line's: counted once."""

    line: int
    name: str
    same_as: str


@frozen
class Debrief:
    """Everything the debrief shows, worked out once."""

    entries: tuple[Entry, ...]  # every run once (a code handed in again is in ``copies``)
    bad: tuple[BadLine, ...]
    outcomes: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]
    endings: tuple[tuple[str, int], ...]  # ending titles
    decks: tuple[tuple[int, int], ...]  # (class deck, students), most first
    splits: tuple[Split, ...]
    separators: tuple[Separator, ...]
    good: str  # what counts as a good end for the separators: "a soft landing" or "no collapse"
    meter: str
    meter_name: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, str | None, tuple[float | None, ...]], ...]  # (name, outcome, values)
    prompts: tuple[str, ...]
    hindsight: tuple[tuple[str, int], ...] = ()  # how the runs that went back ended, counted apart
    copies: tuple[Copy, ...] = ()
    contested: tuple[Split, ...] = ()  # the dilemmas the class split on most, most first
    too_few: int = 0  # the comparisons left out of ``separators`` because a side had fewer than MIN_GROUP

    @property
    def summary(self) -> str:
        """How many runs were read, the copies counted once, and the runs that went back counted apart."""
        text = ngettext("{count} run read", "{count} runs read", len(self.entries)).format(count=len(self.entries))
        if self.copies:
            text += ngettext(" ({count} copy of a run counted once)", " ({count} copies of a run counted once)",
                             len(self.copies)).format(count=len(self.copies))
        if self.bad:
            text += ngettext(", {count} line not read", ", {count} lines not read", len(self.bad)).format(count=len(self.bad))
        back = sum(n for _kind, n in self.hindsight)
        if back:
            text += ngettext("; {count} of them went back to an earlier season (played with hindsight) and is counted "
                             "apart from the runs played straight",
                             "; {count} of them went back to an earlier season (played with hindsight) and are counted "
                             "apart from the runs played straight", back).format(count=back)
        return text + "."

    @property
    def straight(self) -> int:
        """The runs played straight, whose endings the class's shares count."""
        return sum(n for _, n in self.outcomes)


def outcome_of(entry: Entry) -> str | None:
    return entry.game.state.outcome


def _decisions(entry: Entry) -> list[tuple[int, str, str, str]]:
    """(turn, date, dilemma, option) of every decision of a student's run."""
    state = entry.game.state
    found = [(r.turn, presenter.date_name(r.date), d.event, d.option) for r in state.history for d in r.decisions]
    if not entry.game.over:
        found += [(state.turn, presenter.date_name(state.date), d.event, d.option) for d in state.decisions]
    return found


def _once(entries: Sequence[Entry]) -> tuple[list[Entry], list[Copy]]:
    """Every run once: a code that replays to the same run as an earlier line's (the same student
    twice, or a copy) is a copy, flagged and not counted again."""
    first: dict[str, Entry] = {}
    copies = []
    for entry in entries:
        key = encode_run(entry.game)
        if key in first:
            copies.append(Copy(entry.line, entry.name, first[key].name))
        else:
            first[key] = entry
    return list(first.values()), copies


def build(entries: Sequence[Entry], bad: Sequence[BadLine], content: Content, meter: str | None = None) -> Debrief:
    """The debrief of a class's games; ``meter`` is the meter charted for every student (by default
    the one that best separates the endings among those that move)."""
    unique, copies = _once(entries)
    # a run that went back was played with hindsight: its ending is counted apart from the straight runs'
    outcomes = Counter(outcome_name(outcome_of(e)) for e in unique if not e.game.state.rewinds)
    hindsight = Counter(outcome_name(outcome_of(e)) for e in unique if e.game.state.rewinds)
    kinds = Counter(presenter.kind_name(e.game.state.collapse_kind) for e in unique
                    if e.game.state.collapse_kind and not e.game.state.rewinds)
    endings = Counter((e.game.ending.title if e.game.ending else outcome_name(outcome_of(e))) for e in unique)
    decks = Counter(e.game.state.deck for e in unique)
    chose, first_seen = _answers(unique)
    splits = _splits(chose, first_seen, content)
    # landings are the good end only when enough runs landed to compare; else the runs that did not collapse
    landed = sum(outcome_of(e) == "soft_landing" for e in unique) >= MIN_GROUP
    separators, too_few = _separators(splits, chose, landed)
    chosen_meter = meter if meter in content.meters else chart_meter(unique, content)
    labels, series = _series(unique, chosen_meter)
    contested = _contested(splits)
    return Debrief(
        tuple(unique), tuple(bad), tuple(outcomes.most_common()), tuple(kinds.most_common()),
        tuple(endings.most_common()), tuple(decks.most_common()), tuple(splits), tuple(separators[:6]),
        _("a soft landing") if landed else _("no collapse"), chosen_meter or "",
        content.meters[chosen_meter].name if chosen_meter else "", labels, series,
        tuple(prompt(s) for s in _contested(splits, 5)), tuple(hindsight.most_common()), tuple(copies),
        tuple(contested[:CONTESTED]), too_few)


Answers = dict[str, dict[str, list["Entry"]]]  # dilemma -> option -> the students who chose it first


def _answers(unique: Sequence[Entry]) -> tuple[Answers, dict[str, tuple[int, str]]]:
    """Each student's first answer to every dilemma they met, and the (turn, date) each dilemma was first met."""
    chose: Answers = defaultdict(lambda: defaultdict(list))
    first_seen: dict[str, tuple[int, str]] = {}
    for entry in unique:
        answered: set[str] = set()
        for turn, date, dilemma_id, option_id in _decisions(entry):
            if dilemma_id in answered:
                continue  # a dilemma met again: the class's split counts each student's first answer
            answered.add(dilemma_id)
            chose[dilemma_id][option_id].append(entry)
            if dilemma_id not in first_seen or turn < first_seen[dilemma_id][0]:
                first_seen[dilemma_id] = (turn, date)
    return chose, first_seen


def _splits(chose: Answers, first_seen: dict[str, tuple[int, str]], content: Content) -> list[Split]:
    splits = []
    for dilemma_id, options in chose.items():
        dilemma = content.events.get(dilemma_id)
        if dilemma is None:
            continue
        groups = []
        for option_id, takers in options.items():
            ends = Counter(outcome_name(outcome_of(e)) for e in takers)
            groups.append(Group(option_id, option_label(dilemma, option_id) or option_id, tuple(e.name for e in takers),
                                tuple(ends.most_common()), option_id == dilemma.history_option))
        groups.sort(key=lambda g: (-len(g.students), g.label))
        met = len({id(e) for chosen_by in options.values() for e in chosen_by})
        splits.append(Split(dilemma_id, dilemma.title, first_seen[dilemma_id][1], met, tuple(groups),
                            option_label(dilemma, dilemma.history_option), dilemma.essay, " ".join(dilemma.quote.split()),
                            " ".join(dilemma.history.split()), dilemma.invented, " ".join(dilemma.quote_translation.split())))
    splits.sort(key=lambda s: (first_seen[s.dilemma_id][0], -s.met, s.title))
    return splits


def _separators(splits: Sequence[Split], chose: Answers, landed: bool) -> tuple[list[Separator], int]:
    """The options whose takers ended best or worst against those who chose otherwise, and how many
    comparisons were left out because a side had fewer than MIN_GROUP students."""
    good_end = (lambda e: outcome_of(e) == "soft_landing") if landed else (lambda e: outcome_of(e) != "collapse")
    separators = []
    too_few = 0
    for split in splits:
        everyone = {id(e): e for chosen_by in chose[split.dilemma_id].values() for e in chosen_by}
        for option in split.groups:
            took = {id(e): e for e in chose[split.dilemma_id][option.option_id]}
            others = [e for k, e in everyone.items() if k not in took]
            if not took or not others:
                continue
            if len(took) < MIN_GROUP or len(others) < MIN_GROUP:
                too_few += 1  # a gap between two students and three is noise: not ranked
                continue
            separators.append(Separator(
                split.title, option.label, len(took), len(others),
                sum(map(good_end, took.values())) / len(took), sum(map(good_end, others)) / len(others),
                option.history))
    separators.sort(key=lambda s: (-abs(s.gap), -(s.takers + s.others), s.title))
    return separators, too_few


StudentLine = tuple[str, str | None, tuple[float | None, ...]]  # (name, outcome, values)


def _series(unique: Sequence[Entry], meter: str | None) -> tuple[tuple[str, ...], tuple[StudentLine, ...]]:
    """The seasons of the chart and every student's line of ``meter``, padded to a common start and length."""
    scenario_starts = [e.game.state.date.index - e.game.state.turn + 1 for e in unique]
    start = min(scenario_starts, default=0)
    length = max((e.game.state.last_turn for e in unique), default=1) + 1
    labels = tuple(presenter.date_name(Date.from_index(start + i - 1)) if i else presenter.date_name(Date.from_index(start))
                   for i in range(length))
    series = []
    drawn_last = {"soft_landing": 3, "survival": 2, None: 1, "collapse": 0}  # the rarer endings on top
    for entry, first in sorted(zip(unique, scenario_starts), key=lambda pair: drawn_last.get(outcome_of(pair[0]), 1)):
        values = presenter.meter_series(entry.game, meter) if meter else []
        padded: list[float | None] = [None] * (first - start) + list(values)
        padded += [None] * (length - len(padded))
        series.append((entry.name, outcome_of(entry), tuple(padded[:length])))
    return labels, tuple(series)


def chart_meter(entries: Sequence[Entry], content: Content) -> str | None:
    """The meter charted by default: among the meters that move in the runs (no flat lines), the
    one whose final values differ most between the endings; with one ending only, the one that moves most."""
    if not content.meters:
        return None
    if not entries:
        return next(iter(content.meters))
    finals: dict[str, dict[str | None, list[float]]] = {m: defaultdict(list) for m in content.meters}
    moves: dict[str, float] = {}
    for meter in content.meters:
        ranges = []
        for entry in entries:
            values = presenter.meter_series(entry.game, meter)
            ranges.append(max(values) - min(values))
            finals[meter][outcome_of(entry)].append(values[-1])
        moves[meter] = sum(ranges) / len(ranges)
    varying = [m for m in content.meters if moves[m] >= MIN_MOVE] or [max(content.meters, key=lambda m: moves[m])]

    def separation(meter: str) -> float:
        means = [sum(v) / len(v) for v in finals[meter].values() if v]
        return max(means) - min(means) if len(means) > 1 else 0.0
    return max(varying, key=lambda m: (separation(m), moves[m]))


def _contested(splits: Sequence[Split], limit: int = CONTESTED) -> list[Split]:
    """The dilemmas the class split on most: the most even splits of the most students."""
    contested = [s for s in splits if s.met >= 2 and len(s.groups) >= 2]
    contested.sort(key=lambda s: (-s.disagreement * math.log2(1 + s.met), s.title))
    return contested[:limit]


def group_line(group: Group, met: int) -> str:
    """``12 of 30 chose "Ban it" (7 survival, 5 collapse)``."""
    return _("{count} of {met} chose \"{option}\" ({endings})").format(
        count=len(group.students), met=met, option=group.label, endings=endings_text(group.endings))


def endings_text(endings: Sequence[tuple[str, int]]) -> str:
    """``7 survival, 5 collapse``: how a group's runs ended."""
    return ", ".join(_("{count} {outcome}").format(count=n, outcome=name) for name, n in endings)


def prompt(split: Split) -> str:
    """A discussion prompt from a dilemma the class split on."""
    parts = "; ".join(group_line(g, split.met) for g in split.groups[:3])
    essay = ", ".join(split.essay)
    if split.invented:
        said = _("{dilemma} ({date}): {groups}. It did not happen: the game invents it. Ask a student from each group "
                 "why; then read {paragraphs} of the essay together: which group does it side with?")
    elif split.history_option:
        said = _("{dilemma} ({date}): {groups}. Pyongyang chose \"{history}\". Ask a student from each group why; then "
                 "read {paragraphs} of the essay together: which group does it side with?")
    else:
        said = _("{dilemma} ({date}): {groups}. Ask a student from each group why; then read {paragraphs} of the essay "
                 "together: which group does it side with?")
    return said.format(dilemma=split.title, date=split.first_date, groups=parts, history=split.history_option,
                       paragraphs=essay)
