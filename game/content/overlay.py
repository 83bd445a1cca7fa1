"""Mods laid over content, and where each item is written: the loader's bookkeeping of items as read.

A mod is a folder read like the content (:mod:`game.content.loader`) whose items are laid over what is
there: a new id is added after it, an id already there replaces it only with ``replace = true``, and
``remove = ["kind.id"]`` takes base items out. Endings and transitions take a ``priority`` (higher
first); equals keep the order read, so content that writes none plays exactly as before. Both keys
are taken out of an item before it is structured, so they never reach the content classes or the
fingerprint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from typing import Any

from attrs import evolve, frozen

from game.i18n import _
from game.content.positions import Lines
from game.content.problem import Problem
from game.rules.conditions import did_you_mean

Removal = tuple[str, str, str, int]  # (file, kind, id, line)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@frozen
class Item:
    """One item as read from a content file, before it is structured: where it is, and how it is laid."""

    file: str
    key: str
    index: int
    raw: Any
    line: int = 0  # of its [[key]] header, from 1 (0: not written as a header)
    layer: int = 0  # 0: the base content; n: the n-th mod laid over it
    replace: bool = False  # a mod's item that replaces the base item of the same id
    priority: int = 0  # endings and transitions: higher is tried first; equals keep the order read

    @property
    def label(self) -> str:
        ident = self.raw.get("id") if isinstance(self.raw, dict) else None
        return ident if isinstance(ident, str) and ident else f"#{self.index + 1}"


ORDERED = ("ending", "transition")  # kinds whose order decides play, and so take a priority


def read_item(name: str, key: str, index: int, raw: Any, lines: Lines, layer: int, problems: list[Problem]) -> Item:
    """One item as read; a mod's ``replace`` and an ordered kind's ``priority`` are taken out of its fields."""
    line = lines.item(key, index)
    replace, priority = False, 0
    if isinstance(raw, dict) and ("replace" in raw or "priority" in raw):
        raw = dict(raw)
        label = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index + 1}"
        kind = key
        if "replace" in raw:
            value = raw.pop("replace")
            if not isinstance(value, bool):
                problems.append(Problem(name, _("must be true or false"), kind, label, "replace",
                                        line=lines.field(key, index, "replace")))
            elif value and layer == 0:
                problems.append(Problem(name, _("only a mod (--mod DIR) replaces an item: the base content has one of "
                                                "each id"), kind, label, "replace", line=lines.field(key, index, "replace")))
            replace = value is True
        if "priority" in raw and key in ORDERED:
            value = raw.pop("priority")
            if isinstance(value, bool) or not isinstance(value, int) or not -1000 <= value <= 1000:
                problems.append(Problem(name, _("a priority is a whole number from -1000 to 1000, not {value}").format(
                    value=_short(value)),
                                        kind, label, "priority", line=lines.field(key, index, "priority")))
            else:
                priority = value
    return Item(name, key, index, raw, line, layer, replace, priority)


def removals(name: str, value: Any, layer: int, lines: Lines, kinds: Collection[str], problems: list[Problem]
             ) -> list[Removal]:
    """A mod's ``remove = ["event.koryolink", ...]``: the base items it takes out."""
    line = next((n for n, text in enumerate(lines.lines, 1) if re.match(r"^\s*remove\s*=", text)), 0)
    if layer == 0:
        problems.append(Problem(name, _("remove = [...] belongs in a mod (--mod DIR): in the base content, delete the "
                                        "item"), field="remove", line=line))
        return []
    example = 'remove = ["event.koryolink", "ending.survival_hollow"]'
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(name, _('must be a list of "kind.id", such as {example}').format(example=example),
                                field="remove", line=line))
        return []
    found = []
    for entry in value:
        key, _dot, ident = entry.partition(".")
        if key not in kinds or not ident:
            close = difflib.get_close_matches(key, list(kinds), n=1)
            hint = (_(" (did you mean '{name}'?)").format(name=f"{close[0]}.{ident}") if close and ident else
                    _(' (each is a list of "kind.id", such as {example})').format(example=example))
            problems.append(Problem(name, _("'{entry}' names no kind of item{hint}").format(entry=entry, hint=hint),
                                    field="remove", line=line))
            continue
        found.append((name, key, ident, line))
    return found


def overlay(base: list[Item], added: list[Item], taken_out: list[Removal], problems: list[Problem]) -> list[Item]:
    """A mod's items laid over the content so far: a new id is added after what is there; an id
    already there replaces it in place when the item says ``replace = true``, and is an error
    otherwise; ``remove = ["kind.id"]`` takes an item out."""
    result = list(base)
    at = {(i.key, i.label): n for n, i in enumerate(result) if not i.label.startswith("#")}
    gone: set[int] = set()
    for file, key, ident, line in taken_out:
        n = at.get((key, ident))
        if n is None:
            known = [label for (k, label) in at if k == key]
            problems.append(Problem(file, _("removes {kind} '{id}', which the content does not have{hint}").format(
                kind=key, id=ident, hint=did_you_mean(ident, known)), field="remove", line=line, level="warning"))
            continue
        gone.add(n)
    for item in added:
        n = at.get((item.key, item.label))
        kind = item.key
        if n is None or n in gone:
            if item.replace:
                known = [label for (k, label) in at if k == item.key]
                problems.append(Problem(item.file, _("replace = true, but the content has no {kind} '{id}' to "
                                                     "replace{hint}").format(kind=kind, id=item.label,
                                                                             hint=did_you_mean(item.label, known)),
                                        kind, item.label, "replace", line=item.line))
            at[(item.key, item.label)] = len(result)
            result.append(item)
        elif item.replace and result[n].layer < item.layer:
            result[n] = item
        elif result[n].layer == item.layer:  # two files of one mod: replace is for the content below
            there = f"{result[n].file}:{result[n].line}" if result[n].line else result[n].file
            problems.append(Problem(item.file, _("duplicate id: {kind} '{id}' is also in {file} of the same mod: "
                                                 "keep one of them, or give this one another id").format(
                kind=kind, id=item.label, file=there), kind, item.label, "id", line=item.line))
        else:
            problems.append(Problem(item.file, _("the content already has {kind} '{id}' (in {file}): write replace = "
                                                 "true to replace it, or give this one another id").format(
                kind=kind, id=item.label, file=result[n].file), kind, item.label, "id", line=item.line))
    return [item for n, item in enumerate(result) if n not in gone]


#: the kinds whose missing items a problem names (see :attr:`Problem.missing`)
_UNKNOWN = frozenset({"event", "meter", "policy", "phase"})


def naming_removed(problems: list[Problem], removed: list[Removal]) -> list[Problem]:
    """An "unknown event 'x'" where a mod's ``remove`` took 'x' out says so, and what to do: what still
    names a removed item is reported where it is written, and the writer may not have seen it coming."""
    if not removed:
        return problems
    found = []
    for problem in problems:
        for file, key, ident, line in removed:
            if key in _UNKNOWN and problem.missing == f"{key}.{ident}":
                fix = _(": {file} removes it (remove = [\"{name}\"]); replace this {kind} too (replace = true), or keep "
                        "the {key}").format(file=f"{file}:{line}" if line else file, name=f"{key}.{ident}",
                                            kind=problem.kind or _("item"), key=key)
                problem = evolve(problem, message=f"{problem.message}{fix}")
                break
        found.append(problem)
    return found


def ordered(items: list[Item]) -> list[Item]:
    """Endings and transitions by priority, highest first; equals, and every other kind, in the order read."""
    return sorted(items, key=lambda i: -i.priority if i.key in ORDERED else 0)


def located(problems: list[Problem], items: list[Item], texts: dict[str, Lines]) -> list[Problem]:
    """Every problem with the line of its item and field, where the file has them."""
    place = {(i.file, i.key, i.label): i for i in items}
    located = []
    for problem in problems:
        item = place.get((problem.file, problem.kind, problem.item))
        lines = texts.get(problem.file)
        if not problem.line and item is not None and lines is not None:
            line = lines.field(item.key, item.index, problem.field) if problem.field else item.line
            problem = evolve(problem, line=line or item.line)
        located.append(problem)
    return located


def broken(items: list[Item], structured: dict[str, list[tuple[Item, Any]]]) -> dict[str, frozenset[str]]:
    """The items that failed on their own, and the flags and follow-ups their raw tables name: what
    refers to them is not an error of its own (one bad field must not bring a cascade)."""
    made = {id(item) for pairs in structured.values() for item, _ in pairs}
    failed = [i for i in items if id(i) not in made and isinstance(i.raw, dict)]
    found: dict[str, set[str]] = {"flags": set(), "scheduled": set()}
    for item in failed:
        found.setdefault(item.key, set()).add(item.label)
        if item.key == "event":
            for option in item.raw.get("options") or []:
                if isinstance(option, dict):
                    found["flags"].update(f for f in _listed(option.get("set_flags")))
                    found["scheduled"].update(str(f["event"]) for f in option.get("followups") or []
                                              if isinstance(f, dict) and isinstance(f.get("event"), str))
        if item.key == "scenario":
            found["flags"].update(_listed(item.raw.get("flags")))
    return {key: frozenset(values) for key, values in found.items()}


def _listed(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [x for x in items if isinstance(x, str)]
