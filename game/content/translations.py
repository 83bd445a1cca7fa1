"""Content texts in another language: one key per item and field, laid over the English as it is read.

A translation lives in ``lang/<code>/*.toml`` inside a content folder (or a mod's folder); each entry
is a table named by its key, holding the translated ``text`` and the ``source`` hash of the English it
was made from::

    ["event.famine_relief.title"]
    text = "..."
    source = "3f2a9c1e"

A key names a kind, an item's id and a field: ``event.<id>.text``, ``event.<id>.option.<id>.label``,
``event.<id>.variant.<n>.text`` (n from 1), ``policy.<id>.level.<n>.name`` (n from 0, as levels are
counted), ``ending.<id>.title``, ``meter.<id>.name``. Only prose is keyed (the fields the fingerprint
leaves out), so a translation can never change a rule, and a translated game replays the same run
codes. An essay's quote keeps its English, and its translation goes beside it (``quote_translation``):
the essay has no official text in another language. A key the translation lacks keeps its English;
``check --lang`` names what is missing, what no longer exists (extra) and what was translated from
English that has since changed (stale).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from game.i18n import _
from game.content.overlay import Item

#: the fields a translator translates: prose shown to a player (``game.content.fingerprint.PROSE`` less lists and ids)
TEXT_FIELDS = frozenset({
    "name", "short", "description", "title", "text", "add", "result", "label", "history", "quote", "reason",
    "verdict", "unit", "notes", "note", "summary", "definition", "term", "road",
})
#: nested lists of tables, and the word their keys use; a table with an id is keyed by it, else by its place
_NESTED = {"options": "option", "variants": "variant", "levels": "level", "modifiers": "modifier"}
#: lists counted from 0 in the content (a policy's levels); the others from 1, as a reader counts
_FROM_ZERO = frozenset({"levels"})
LANG_FOLDER = "lang"


def source_hash(english: str) -> str:
    """The hash a translation keeps of the English it was made from: 8 hex digits."""
    return hashlib.sha256(english.strip().encode("utf-8")).hexdigest()[:8]


@frozen
class Entry:
    """One translated text: the key, the text, the hash of its English, and where it is written."""

    key: str
    text: str
    source: str
    file: str
    line: int = 0


def _fields(table: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """(key, path within the item, English) for every text of a raw table."""
    for name, value in table.items():
        if name in TEXT_FIELDS and isinstance(value, str) and value.strip():
            yield f"{prefix}.{name}", (name,), value
        elif name in _NESTED and isinstance(value, list):
            for n, row in enumerate(value):
                if isinstance(row, dict):
                    ident = row.get("id")
                    part = ident if isinstance(ident, str) and ident else str(n if name in _FROM_ZERO else n + 1)
                    for key, path, english in _fields(row, f"{prefix}.{_NESTED[name]}.{part}"):
                        yield key, (name, n, *path), english


def keyed(items: Iterable[Item]) -> dict[str, tuple[Item, tuple[Any, ...], str]]:
    """Every text of the content by key: the item, the path to the text within it, and its English."""
    found: dict[str, tuple[Item, tuple[Any, ...], str]] = {}
    for item in items:
        if isinstance(item.raw, dict) and not item.label.startswith("#"):
            for key, path, english in _fields(item.raw, f"{item.key}.{item.label}"):
                found[key] = (item, path, english)
    return found


def english(items: Iterable[Item]) -> dict[str, str]:
    """Every text of the content by key, in English: what a translator translates."""
    return {key: text for key, (_, _, text) in keyed(items).items()}


_HEADER = re.compile(r'^\s*\[\s*"([^"]+)"\s*\]')


def read(folders: Iterable[Path], code: str) -> tuple[dict[str, Entry], list[tuple[str, int, str]]]:
    """The entries of language ``code`` in ``folders`` (the content's, then each mod's: a later one wins), and
    the problems reading them as (file, line, message)."""
    entries: dict[str, Entry] = {}
    problems: list[tuple[str, int, str]] = []
    for folder in folders:
        base = Path(folder) / LANG_FOLDER / code
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.toml")):
            name = str(path)
            try:
                source = path.read_text(encoding="utf-8")
                data = tomllib.loads(source)
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                problems.append((name, 0, _("cannot be read: {error}").format(error=error)))
                continue
            lines = {m.group(1): n for n, text in enumerate(source.splitlines(), 1) if (m := _HEADER.match(text))}
            for key, value in data.items():
                line = lines.get(key, 0)
                if not isinstance(value, dict) or not isinstance(value.get("text"), str):
                    problems.append((name, line, _("'{key}' needs text = \"...\" (and source = the hash of its English)").format(
                        key=key)))
                    continue
                unknown = sorted(set(value) - {"text", "source"})
                if unknown:
                    problems.append((name, line, _("'{key}' has unknown fields {fields}: an entry holds text and source").format(
                        key=key, fields=unknown)))
                entries[key] = Entry(key, value["text"], str(value.get("source", "")), name, line)
    return entries, problems


#: a field whose English stays shown, its translation going beside it: the essay's words (the essay was
#: written in English only, so the game quotes it as written and gives the translation as its own)
BESIDE = {"quote": "quote_translation"}


def _set(raw: Any, path: tuple[Any, ...], text: str) -> Any:
    """A copy of a raw table with the text at ``path`` replaced (a quote's translation set beside it,
    :data:`BESIDE`); the original is left as it was."""
    head, *rest = path
    copy: Any = list(raw) if isinstance(raw, list) else dict(raw)
    if rest:
        copy[head] = _set(copy[head], tuple(rest), text)
    else:
        copy[BESIDE.get(head, head)] = text
    return copy


def translate(items: list[Item], entries: Mapping[str, Entry]) -> list[Item]:
    """The items with every translated text laid over its English; an untranslated text stays English."""
    if not entries:
        return items
    by_item: dict[int, list[tuple[tuple[Any, ...], str]]] = {}
    for key, (item, path, _english) in keyed(items).items():
        entry = entries.get(key)
        if entry is not None and entry.text.strip():
            by_item.setdefault(id(item), []).append((path, entry.text))
    out = []
    for item in items:
        raw = item.raw
        for path, text in by_item.get(id(item), ()):
            raw = _set(raw, path, text)
        out.append(item if raw is item.raw else evolve(item, raw=raw))
    return out


@frozen
class Report:
    """What ``check --lang`` says of a translation."""

    missing: list[str]  # keys of English texts with no translation
    extra: list[Entry]  # translations of texts that do not exist
    stale: list[Entry]  # translations of English that has changed since
    placeholders: list[Entry]  # translations that drop or add an ending's {placeholder}


def compare(items: Iterable[Item], entries: Mapping[str, Entry]) -> Report:
    """A translation measured against the English it translates."""
    texts = english(items)
    missing = [key for key in texts if key not in entries]
    extra = [e for key, e in entries.items() if key not in texts]
    stale = [e for key, e in entries.items() if key in texts and e.source != source_hash(texts[key])]
    braces = re.compile(r"\{(\w+)\}")
    placeholders = [e for key, e in entries.items()
                    if key in texts and set(braces.findall(e.text)) != set(braces.findall(texts[key]))]
    return Report(missing, extra, stale, placeholders)


def template(items: Iterable[Item], entries: Mapping[str, Entry]) -> str:
    """A language file of every missing or stale text, each with its English as the text to translate."""
    quote = lambda text: '"""' + text.replace("\\", "\\\\").replace('"""', '\\"""') + '"""'
    out = []
    for key, text in english(items).items():
        entry = entries.get(key)
        if entry is None or entry.source != source_hash(text):
            out.append(f'["{key}"]\ntext = {quote(text)}\nsource = "{source_hash(text)}"\n')
    return "\n".join(out)
