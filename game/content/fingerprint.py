"""The content's fingerprint: a hash of what decides play, and of nothing a reader only reads.

Saves and run codes carry it to tell whether they were made with the same rules. It covers ids,
numbers, flags, dates, phases, outcomes and conditions (as parsed, so spacing inside a condition
does not count), and leaves out the prose (titles, texts, labels, names, descriptions, essay
references, quotes, notes): fixing a typo, rewording a dilemma or translating the whole content
leaves every save and run code valid. A field this module does not know is counted, so a new field
that decides play can never be missed; a new prose field belongs in :data:`PROSE`.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from game.rules.conditions import Condition
from game.rules.model import Date

#: fields that are read, never played: left out of the fingerprint
PROSE = frozenset({
    "name", "short", "description", "title", "text", "result", "label", "history", "essay", "quote", "quote_translation", "reason",
    "verdict", "unit", "decimals", "sources", "history_option", "notes", "note", "summary", "definition",
    "aliases", "term", "variants", "tags", "road", "assumes", "for_landing",
})
#: tables that are read, never played (what a telling takes for granted): left out whole
PROSE_TABLES = frozenset({"premise"})


def _plain(value: Any) -> Any:
    """A value as plain JSON data, prose left out."""
    if isinstance(value, Condition):
        return ast.dump(ast.Expression(value.tree))  # the tree, as the fingerprint has always counted it
    if isinstance(value, Date):
        return value.code()
    if attrs.has(type(value)):
        return {a.name: _plain(getattr(value, a.name)) for a in attrs.fields(type(value)) if a.name not in PROSE}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple such as Change
        return [_plain(v) for v in value]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    return value


def play_fingerprint(tables: Mapping[str, Iterable[Any]]) -> str:
    """The fingerprint of content tables (kind -> its items in the writers' order, which decides
    the order of draws and of options): 16 hex digits."""
    data = {kind: [_plain(item) for item in items] for kind, items in sorted(tables.items()) if kind not in PROSE_TABLES}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
