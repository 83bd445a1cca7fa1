"""Reading a content folder's TOML files with suspicion: every ``*.toml`` found, each read whole or named as
unreadable (a device, a loop, a huge file, a byte order mark, another encoding, a syntax error in words a
writer can act on), and its top-level arrays of tables turned into items for :mod:`game.content.loader`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from game.i18n import _
from game.content import translations
from game.content.converter import KINDS
from game.content.overlay import Item, Removal, read_item, removals
from game.content.positions import Lines, unclosed_string
from game.content.problem import Problem


def display(path: Path) -> str:
    """A path as a problem names it: from the working folder where it lies below it, else as given."""
    absolute = Path(os.path.abspath(path))  # never resolve(): it follows symbolic links, loops included
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


MAX_FILE_BYTES = 2 * 1024 * 1024  # a content file larger than this is refused unread
MAX_NESTING = 32  # arrays and tables inside each other
_BOM = b"\xef\xbb\xbf"


def toml_files(root: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.toml`` below ``root``, in sorted path order; a symbolic link to a folder is not followed."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        if base == root and translations.LANG_FOLDER in dirs:  # translations, read by game.translations
            dirs.remove(translations.LANG_FOLDER)
        for name in dirs:
            if (base / name).is_symlink():
                problems.append(Problem(display(base / name), _("a symbolic link to a folder is not followed: "
                                                                  "its files are not read"), level="warning"))
            elif name.endswith(".toml"):
                problems.append(Problem(display(base / name), _("a folder, not a content file: read as a folder"),
                                        level="warning"))
        found.extend(base / name for name in files if name.endswith(".toml"))
        for name in files:
            if not name.endswith(".toml") and _NEAR_MISS.search(name):
                problems.append(Problem(display(base / name), _("is not read: only files ending in .toml are content "
                                                                  "files (rename it {name}.toml?)").format(
                    name=_NEAR_MISS.sub("", name)), level="warning"))
    return sorted(found)


#: a name that looks meant as a content file: x.tml, x.toml.txt, x.TOML, x.toml~, x.tmol
_NEAR_MISS = re.compile(r"\.(t[oa]?m[lk]?|toml\.\w+|TOML|toml~|tmol|toml\s+)$", re.IGNORECASE)


def read_file(path: Path) -> bytes | str:
    """The bytes of a regular file, or why it is not read: never a device, a fifo, a loop or a huge file."""
    try:
        info = os.stat(path)  # follows a link to its target, refusing a loop
    except OSError as error:
        reason = _("a symbolic link loop") if error.errno == 40 else error.strerror or _("cannot be read")
        return _("cannot be read: {error}").format(error=reason)
    if not stat.S_ISREG(info.st_mode):
        return _("is not a regular file (a device, a fifo or a socket?): not read")
    if info.st_size > MAX_FILE_BYTES:
        return _("is {size} bytes; a content file is at most {most}").format(size=f"{info.st_size:,}", most=f"{MAX_FILE_BYTES:,}")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        return _("cannot be read: {error}").format(error=error.strerror)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the two looks
            return _("is not a regular file: not read")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _("cannot be read: {error}").format(error=error.strerror)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return _("is larger than {most} bytes, the most a content file may be").format(most=f"{MAX_FILE_BYTES:,}")
    return data


def _nesting(value: Any) -> int:
    """How deeply arrays and tables nest in parsed TOML, counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def read_folder(root: Path, problems: list[Problem], texts: dict[str, Lines] | None = None, layer: int = 0
                ) -> tuple[list[Item], str, int, list[Removal]]:
    """Every item of every content file, the folder's fingerprint, how many files could not be read,
    and (for a mod) the base items it removes, as (file, kind, id, line)."""
    items: list[Item] = []
    taken_out: list[Removal] = []
    texts = {} if texts is None else texts
    digest = hashlib.sha256()
    files = toml_files(root, problems)
    unread = 0
    if not files and not (layer and (root / translations.LANG_FOLDER).is_dir()):  # a mod may carry only a translation
        problems.append(Problem(display(root), _(
            "no .toml content files found: a mod holds the *.toml files of what it adds ([[event]], [[scenario]] ...), "
            "in this folder or its sub-folders") if layer else _("no .toml content files found")))
    for path in files:
        name = display(path)
        parsed = _parse(path, path.relative_to(root).as_posix(), name, digest, problems)
        if parsed is None:
            unread += 1
            continue
        source, table = parsed
        lines = texts[name] = Lines(source)
        _items_of(name, table, lines, layer, items, taken_out, problems)
    return items, digest.hexdigest()[:16], unread, taken_out


def _parse(path: Path, relative: str, name: str, digest: Any, problems: list[Problem]) -> tuple[str, dict[str, Any]] | None:
    """A file's text and its TOML table, its bytes added to the fingerprint; None, with the reason in
    ``problems``, for a file that cannot be read or parsed."""
    data = read_file(path)
    if isinstance(data, str):
        problems.append(Problem(name, data))
        return None
    digest.update(relative.encode() + b"\0" + data + b"\0")
    if data.startswith(_BOM):
        problems.append(Problem(name, _("the file starts with a byte order mark (BOM): save it as UTF-8 "
                                        "without a BOM"), level="warning"))
        data = data[len(_BOM):]
    try:
        source = data.decode("utf-8")
        table = tomllib.loads(source)
    except UnicodeDecodeError as error:
        problems.append(Problem(name, _("not UTF-8 text: {reason} at byte {byte}: save the file as UTF-8 (a character "
                                        "such as é was written in another encoding)").format(reason=error.reason,
                                                                                               byte=error.start),
                                line=data.count(b"\n", 0, error.start) + 1))
        return None
    except tomllib.TOMLDecodeError as error:
        problems.append(_syntax_problem(name, source, error))
        return None
    except RecursionError:
        problems.append(Problem(name, _("arrays or tables nest too deeply (at most {most} levels)").format(most=MAX_NESTING)))
        return None
    if _nesting(table) > MAX_NESTING:
        problems.append(Problem(name, _("arrays or tables nest too deeply (at most {most} levels)").format(most=MAX_NESTING)))
        return None
    return source, table


def _items_of(name: str, table: dict[str, Any], lines: Lines, layer: int, items: list[Item], taken_out: list[Removal],
              problems: list[Problem]) -> None:
    """A file's top-level arrays of tables as items (and a mod's ``remove`` list as removals)."""
    misnamed = any(k not in KINDS and k != "remove" for k in table)
    for key, value in table.items():
        if key == "remove":
            taken_out.extend(removals(name, value, layer, lines, KINDS, problems))
            continue
        if key not in KINDS:
            close = difflib.get_close_matches(key, list(KINDS), n=1)
            hint = _(" (did you mean [[{kind}]]?)").format(kind=close[0]) if close \
                else _(" (expected one of: {kinds})").format(kinds=", ".join(KINDS))
            first = value[0] if isinstance(value, list) and value else value
            ident = first.get("id") if isinstance(first, dict) else None
            unknown = _("unknown top-level table '{key}'{hint}").format(key=key, hint=hint)
            problems.append(Problem(name, unknown, (close or [key])[0] if ident else "",
                                    ident if isinstance(ident, str) else "", line=_header_line(lines, key)))
            continue
        if not isinstance(value, list) and misnamed:
            continue  # [[evnet]] then [[event.options]]: the options' table is the typo's, already named
        if not isinstance(value, list):
            problems.append(Problem(name, _("'{key}' must be an array of tables, written [[{key}]]").format(key=key)))
            continue
        items.extend(read_item(name, key, index, raw, lines, layer, problems) for index, raw in enumerate(value))


def _header_line(lines: Lines, key: str) -> int:
    """The line of a file's first ``[[key]]`` or ``[key]`` header, or of a ``key = ...`` at its top."""
    found = [number for number, header, _ in lines.headers if header == key]
    return found[0] if found else next((n for n, text in enumerate(lines.lines, 1) if text.startswith(f"{key} =")), 0)


def _syntax_problem(name: str, source: str, error: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error in words a writer can act on, at its line: an unclosed multi-line string
    is named where it opens, not at the end of the file where the parser gave up."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    line = int(match.group(1)) if match else 0
    opened = unclosed_string(source)
    if opened and (not match or "end of document" in str(error) or line >= opened):
        return Problem(name, _('not valid TOML: a multi-line string opened here with three quotation marks (""") is '
                               'never closed: close it with """ on a line of its own'), line=opened)
    text = str(error).split(' (at ')[0]
    twice = re.fullmatch(r"Cannot declare \((.+)\) twice", text)
    if twice:
        header = ".".join(part.strip(" '") for part in twice.group(1).split(","))
        return Problem(name, _("not valid TOML: [{header}] is written twice; a table that comes more than once is "
                               "one of a list: write [[{header}]], with two brackets, over each").format(header=header),
                       line=line)
    return Problem(name, _("not valid TOML: {error}").format(error=text), line=line)
