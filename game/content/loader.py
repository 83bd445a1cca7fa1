"""Loading a content folder: its TOML read (:mod:`game.content.reading`), structured into the content classes,
checked, and cached.

TOML goes through one cattrs converter (:mod:`game.content.converter`) that forbids unknown keys
and accepts only the right types, so a typo such as ``wieght`` or ``weight = "heavy"`` is an error
that names the file, the item and the field. Cross-references (events, meters, flags, policies, phases) are checked after
structuring (:mod:`game.content.validate`). Every problem is collected, so an author sees them all at once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import cattrs

from game import i18n

from game.content import translations
from game.rules.conditions import Vocabulary, did_you_mean
from game.rules.model import (
    Content,
    Index,
    Policy,
)
from game.content.converter import KINDS, converter, format_error, split_message
from game.content.fingerprint import play_fingerprint
from game.places import content_dir
from game.content.overlay import Item, Removal, broken, located, naming_removed, ordered, overlay
from game.content.positions import Lines
from game.content.problem import Problem
from game.content.reading import display, read_file, read_folder, toml_files
from game.content.validate import ContentError as ContentError  # raised here, caught by callers as loader's
from game.content.validate import check_content, check_quotes, essay_paragraphs

DEFAULT_CONTENT = content_dir()  # inside the package when installed, the checkout's content/ otherwise
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

_FIRST = ("meter", "policy", "phase")  # what conditions may name must be known first


def _structure(items: Iterable[Item], converter: cattrs.Converter, problems: list[Problem]) -> Iterator[tuple[Item, Any]]:
    for item in items:
        kind, cls = KINDS[item.key]
        if not isinstance(item.raw, dict):
            problems.append(Problem(item.file, i18n._("must be a table"), kind, item.label))
            continue
        try:
            yield item, converter.structure(item.raw, cls)
        except Exception as error:  # cattrs gathers every field's error into one exception group
            for message in cattrs.transform_error(error, format_exception=format_error):
                for path, text, missing in split_message(message):
                    problems.append(Problem(item.file, text, kind, item.label, path, missing=missing))


Mods = Sequence[Path | str]


def load_content(root: Path | str | None = None, essay: Path | str | None = None, mods: Mods = (),
                 lang: str | None = None) -> tuple[Content | None, list[Problem]]:
    """Read, structure and check a content folder; returns the content (None on errors) and every problem.

    Each of ``mods`` is a folder laid over the content in turn (see :mod:`game.content.overlay`). With ``essay``
    (a file of numbered paragraphs, ``**P12.** text``), every quote is also checked word for word
    against the paragraphs it cites. Every problem carries its line where the file has one.

    With ``lang`` (by default the language the interface speaks, :func:`game.i18n.language`) other than
    English, the content is checked in English, then the language's texts (``lang/<code>/`` of the content
    and of each mod: see :mod:`game.content.translations`) are laid over it; the rules are the same, so the run
    codes are too."""
    root = Path(root) if root is not None else DEFAULT_CONTENT
    problems: list[Problem] = []
    texts: dict[str, Lines] = {}
    for folder in (root, *map(Path, mods)):
        if not folder.is_dir():
            return None, [Problem(display(folder), i18n._("no such content folder") if folder == root
                                   else i18n._("no such mod folder"))]
    removed: list[Removal] = []
    items, fingerprint, unread = _items(root, mods, problems, texts, removed)
    content, problems = _build(root, items, fingerprint, unread, problems, essay, bool(mods))
    problems = naming_removed(problems, removed)
    lang = lang if lang is not None else i18n.language()
    if content is not None and lang != i18n.ENGLISH:
        entries, _ = translations.read([root, *map(Path, mods)], lang)
        if entries:
            content, _ = _build(root, translations.translate(items, entries), fingerprint, unread, [], None, bool(mods),
                                checked=False)
    return content, located(problems, items, texts)


def _items(root: Path, mods: Mods, problems: list[Problem], texts: dict[str, Lines],
           removed: list[Removal] | None = None) -> tuple[list[Item], str, int]:
    """Every item of the content with the mods laid over it, in the order played; its fingerprint; files
    unread. What the mods' ``remove`` lists take out is added to ``removed``."""
    items, fingerprint, unread, _ = read_folder(root, problems, texts)
    for layer, mod in enumerate(map(Path, mods), 1):
        added, digest, unread_here, taken_out = read_folder(mod, problems, texts, layer)
        items = overlay(items, added, taken_out, problems)
        if removed is not None:
            removed.extend(taken_out)
        fingerprint = hashlib.sha256(f"{fingerprint}/{digest}".encode()).hexdigest()[:16]
        unread += unread_here
    return ordered(items), fingerprint, unread


def content_items(root: Path | str | None = None, mods: Mods = ()) -> list[Item]:
    """The content's items as read, mods laid over, before they are structured: what a translation translates."""
    return _items(Path(root) if root is not None else DEFAULT_CONTENT, mods, [], {})[0]


def _build(root: Path, items: list[Item], fingerprint: str, unread: int, problems: list[Problem],
           essay: Path | str | None, modded: bool, checked: bool = True) -> tuple[Content | None, list[Problem]]:
    read_problems = len(problems)
    structured, vocabulary = _structured(items, problems)
    tables, where = _tables(structured, problems)
    _check_policy_meters(structured["policy"], vocabulary.meters, problems)
    content = _content(root, tables, fingerprint, modded)
    if not checked:  # texts laid over content already checked in English: the rules are the same
        return content, problems
    check_content(content, problems, where, vocabulary.meters, broken(items, structured))
    if essay is not None:
        problems.extend(_check_essay(Path(essay), content, where))
    if unread:
        problems[read_problems:] = _without_cascade(problems[read_problems:], unread)
    if any(p.level == "error" for p in problems):
        return None, problems
    return content, problems


def _structured(items: list[Item], problems: list[Problem]) -> tuple[dict[str, list[tuple[Item, Any]]], Vocabulary]:
    """Every item structured, kind by kind: meters, policies and phases first, for the conditions of the
    others name them; and the names conditions may use."""
    structured: dict[str, list[tuple[Item, Any]]] = {key: [] for key in KINDS}
    base = converter(None)
    for key in _FIRST:
        structured[key] = list(_structure((i for i in items if i.key == key), base, problems))
    # Names come from the raw tables, so one broken meter does not make every event that uses it an error too.
    ids = lambda key: frozenset(i.label for i in items if i.key == key and not i.label.startswith("#"))
    vocabulary = Vocabulary(meters=ids("meter"), policies=ids("policy"), phases=ids("phase"))
    full = converter(vocabulary)
    for key in KINDS:
        if key not in _FIRST:
            structured[key] = list(_structure((i for i in items if i.key == key), full, problems))
    return structured, vocabulary


def _tables(structured: dict[str, list[tuple[Item, Any]]], problems: list[Problem]
            ) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """Each kind's items by id, an id taken twice refused; and where each item is written, as (kind, id) -> file."""
    where: dict[tuple[str, str], str] = {}
    tables: dict[str, dict[str, Any]] = {}
    for key, pairs in structured.items():
        kind = KINDS[key][0]
        table: dict[str, Any] = {}
        for item, obj in pairs:
            if obj.id in table:
                problems.append(Problem(item.file, i18n._("duplicate id (also in {file}): keep one of them, or give this one "
                                                            "another id").format(file=where[(kind, obj.id)]), kind, obj.id, "id"))
                continue
            if key != "paragraph" and not _ID.match(obj.id):  # paragraphs are named as the essay names them
                problems.append(Problem(item.file, i18n._("'{id}' must be lower_case_with_underscores").format(id=obj.id), kind, obj.id,
                                        "id"))
            where[(kind, obj.id)] = item.file
            table[obj.id] = obj
        tables[key] = table
    return tables, where


def _content(root: Path, tables: dict[str, dict[str, Any]], fingerprint: str, modded: bool) -> Content:
    return Content(
        root=root,
        meters=tables["meter"],
        events=tables["event"],
        policies=tables["policy"],
        scenarios=tables["scenario"],
        phases=tables["phase"],
        transitions=tuple(tables["transition"].values()),
        endings=tuple(tables["ending"].values()),
        indicators=tuple(tables["indicator"].values()),
        drift=tuple(tables["drift"].values()),
        # A mod's run codes never replay on the content without it, even a mod that changes only words.
        fingerprint=play_fingerprint({key: table.values() for key, table in tables.items()}
                                     | ({"overlay": [True]} if modded else {})),
        text_fingerprint=fingerprint,
        index=Index.build(tables["event"], tuple(tables["drift"].values()), tables["scenario"], tables["phase"],
                          tuple(tables["transition"].values()), tables["policy"]),
        paragraphs=tables["paragraph"],
        glossary=tables["term"],
        premises=tables["premise"],
    )


def _check_essay(path: Path, content: Content, where: dict[tuple[str, str], str]) -> list[Problem]:
    data = read_file(path)
    if isinstance(data, str):
        return [Problem(display(path), data)]
    try:
        paragraphs = essay_paragraphs(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return [Problem(display(path), i18n._("not UTF-8 text: {reason} at byte {byte}").format(reason=error.reason,
                                                                                              byte=error.start))]
    if not paragraphs:
        return [Problem(display(path), i18n._("no numbered paragraphs: each starts a line as **P1.** text (notes **N1.**)"))]
    return check_quotes(content, paragraphs, where)


def _without_cascade(problems: list[Problem], unread: int) -> list[Problem]:
    """When a file cannot be read, what the others name in it looks missing: keep only their own problems."""
    kept = [p for p in problems if not (p.follows_on or p.file == "(content)")]
    if len(kept) < len(problems):
        kept.append(Problem("(content)", i18n._("{count} problem(s) that name events, meters or other items are not shown, "
                                                "because {unread} file(s) could not be read: fix those first").format(
            count=len(problems) - len(kept), unread=unread), level="warning"))
    return kept


def _check_policy_meters(pairs: list[tuple[Item, Policy]], meters: frozenset[str], problems: list[Problem]) -> None:
    for item, policy in pairs:
        effects = [("change", policy.change)] + [(f"levels[{n}].effects", lv.effects) for n, lv in enumerate(policy.levels)]
        for field, fx in effects:
            for change in fx.changes:
                if change.meter not in meters:
                    problems.append(Problem(item.file, i18n._("unknown meter '{name}'{hint}").format(
                        name=change.meter, hint=did_you_mean(change.meter, meters)), "policy", policy.id, field,
                        missing=f"meter.{change.meter}"))


_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...], str], Content] = {}
_CACHE_SIZE = 4


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every content file's path, size and modification time: what changes when a writer saves."""
    found = []
    for path in toml_files(root, []):
        try:
            info = os.stat(path)
        except OSError:
            return ()  # unreadable: never cached, the load reports it
        found.append((path.as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(found)


def load_cached(root: Path | str | None = None) -> Content:
    """:func:`load_or_raise`, remembering the last few folders loaded: loading the same unchanged
    folder again (say, ``Game.new(path)`` in a loop) costs a look at its files, not a new parse.
    A file saved since (another size or modification time) loads the folder afresh, and so does another
    language (the content's texts are read in the language in use)."""
    folder = Path(root) if root is not None else DEFAULT_CONTENT
    signature = _signature(folder) if folder.is_dir() else ()
    key = (os.path.abspath(folder), signature, i18n.language())
    if signature and key in _CACHE:
        return _CACHE[key]
    content = load_or_raise(folder)
    if signature:
        while len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = content
    return content


def load_or_raise(root: Path | str | None = None, mods: Mods = ()) -> Content:
    """Load content (with mods laid over it) for play: raises ContentError with every problem when it has errors."""
    content, problems = load_content(root, mods=mods)
    if content is None:
        raise ContentError(problems)
    return content
