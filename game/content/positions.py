"""Where an item and its fields are written in a TOML file: the line numbers tomllib does not give.

A problem found in structured content names a file, an item (``event koryolink``) and a field
path (``options[1].effects``). This module finds the line from the raw text: the item's
``[[event]]`` header by its position in the file, then each part of the path as a sub-table header
(``[[event.options]]``, ``[scenario.meters]``) or a key (``effects = ...``) inside it. It reads the
text line by line and never evaluates it; where the path cannot be followed it falls back on the
nearest line it found, so a message always points somewhere near.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = re.compile(r"^([A-Za-z0-9_\-]+)(?:\[(\d+)\])?$")


class Lines:
    """The headers and keys of one TOML file's text, to find where an item or a field is written."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str, bool]] = []  # (line from 1, dotted name, is an array of tables)
        in_string = False
        for number, line in enumerate(self.lines, 1):
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_string = not in_string
                continue
            if in_string:
                continue
            match = _HEADER.match(line)
            if match:
                name = ".".join(part.strip() for part in match.group(2).split("."))
                self.headers.append((number, name, match.group(1) == "[["))

    def item(self, key: str, index: int) -> int:
        """The line of the ``index``-th ``[[key]]`` table (0 when it is written another way)."""
        found = [number for number, name, array in self.headers if name == key and array]
        return found[index] if index < len(found) else 0

    def _span(self, start: int, name: str) -> int:
        """The last line of the table whose header is at ``start``: up to the next header outside it."""
        for number, other, _ in self.headers:
            if number > start and not other.startswith(name + "."):
                return number - 1
        return len(self.lines)

    def _key(self, first: int, last: int, key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=|^\s*\"{re.escape(key)}\"\s*=")
        child = next((number for number, _, _ in self.headers if first < number <= last), last + 1)
        for number in range(first + 1, min(child, last + 1)):
            if pattern.match(self.lines[number - 1]):
                return number
        # an inline table written on one line: { key = ... }
        inline = re.compile(rf"[{{,]\s*{re.escape(key)}\s*=")
        for number in range(first + 1, min(child, last + 1)):
            if inline.search(self.lines[number - 1]):
                return number
        return 0

    def field(self, key: str, index: int, path: str) -> int:
        """The line of a field of the ``index``-th ``[[key]]`` item, such as ``options[1].effects``;
        the item's own line when the field is not written (a missing required field)."""
        start = self.item(key, index)
        if not start:
            return 0
        name, last, best = key, self._span(start, key), start
        for part in filter(None, re.split(r"\.(?![^\[]*\])", path)):
            match = _PART.match(part)
            if not match:
                break
            word, position = match.group(1), match.group(2)
            child = f"{name}.{word}"
            tables = [(number, array) for number, other, array in self.headers
                      if other == child and best <= number <= last]
            if tables:
                pick = int(position) if position is not None and tables[0][1] else 0
                if pick >= len(tables):
                    break
                best = tables[pick][0]
                name, last = child, self._span(best, child)
                continue
            line = self._key(best, last, word)
            if line:
                best = line
            break
        return best


def unclosed_string(text: str) -> int:
    """The line where a multi-line string (three quotation marks) opens and is never closed; 0 if none."""
    opened = 0
    for number, line in enumerate(text.splitlines(), 1):
        for mark in ('"""', "'''"):
            if line.count(mark) % 2 == 1:
                opened = 0 if opened else number
    return opened
