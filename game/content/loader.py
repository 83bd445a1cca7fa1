"""Loading a content folder: reading TOML and structuring it into the content classes.

TOML goes through one cattrs converter (:mod:`game.content.converter`) that forbids unknown keys
and accepts only the right types, so a typo such as ``wieght`` or ``weight = "heavy"`` is an error
that names the file, the item and the field. Cross-references (events, meters, flags, policies, phases) are checked after
structuring (:mod:`game.content.validate`). Every problem is collected, so an author sees them all at once.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import cattrs

from game import i18n

from game.content import translations
from game.rules.conditions import (
    Vocabulary,
    did_you_mean,
)
from game.rules.model import (
    Content,
    Index,
    Policy,
)
from game.content.converter import KINDS, converter, format_error, split_message
from game.content.fingerprint import play_fingerprint
from game.places import content_dir
from game.content.overlay import Item, Removal, broken, located, naming_removed, ordered, overlay, read_item, removals
from game.content.positions import Lines, unclosed_string

from game.content.validate import (
    ContentError,
    Problem,
    check_content,
    check_quotes,
    essay_paragraphs,
)

DEFAULT_CONTENT = content_dir()  # inside the package when installed, the checkout's content/ otherwise
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

_FIRST = ("meter", "policy", "phase")  # what conditions may name must be known first


# --- reading files --------------------------------------------------------------------------

def _display(path: Path) -> str:
    absolute = Path(os.path.abspath(path))  # never resolve(): it follows symbolic links, loops included
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


MAX_FILE_BYTES = 2 * 1024 * 1024  # a content file larger than this is refused unread
MAX_NESTING = 32  # arrays and tables inside each other
_BOM = b"\xef\xbb\xbf"


def _toml_files(root: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.toml`` below ``root``, in sorted path order; a symbolic link to a folder is not followed."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        if base == root and translations.LANG_FOLDER in dirs:  # translations, read by game.translations
            dirs.remove(translations.LANG_FOLDER)
        for name in dirs:
            if (base / name).is_symlink():
                problems.append(Problem(_display(base / name), "a symbolic link to a folder is not followed: "
                                                                "its files are not read", level="warning"))
            elif name.endswith(".toml"):
                problems.append(Problem(_display(base / name), "a folder, not a content file: read as a folder",
                                        level="warning"))
        found.extend(base / name for name in files if name.endswith(".toml"))
        for name in files:
            if not name.endswith(".toml") and _NEAR_MISS.search(name):
                problems.append(Problem(_display(base / name), "is not read: only files ending in .toml are content "
                                                                f"files (rename it {_NEAR_MISS.sub('', name)}.toml?)",
                                        level="warning"))
    return sorted(found)


#: a name that looks meant as a content file: x.tml, x.toml.txt, x.TOML, x.toml~, x.tmol
_NEAR_MISS = re.compile(r"\.(t[oa]?m[lk]?|toml\.\w+|TOML|toml~|tmol|toml\s+)$", re.IGNORECASE)


def _read_file(path: Path) -> bytes | str:
    """The bytes of a regular file, or why it is not read: never a device, a fifo, a loop or a huge file."""
    try:
        info = os.stat(path)  # follows a link to its target, refusing a loop
    except OSError as error:
        reason = "a symbolic link loop" if error.errno == 40 else error.strerror or "cannot be read"
        return f"cannot be read: {reason}"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, a fifo or a socket?): not read"
    if info.st_size > MAX_FILE_BYTES:
        return f"is {info.st_size:,} bytes; a content file is at most {MAX_FILE_BYTES:,}"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the two looks
            return "is not a regular file: not read"
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return f"is larger than {MAX_FILE_BYTES:,} bytes, the most a content file may be"
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


def _read(root: Path, problems: list[Problem], texts: dict[str, Lines] | None = None, layer: int = 0
          ) -> tuple[list[Item], str, int, list[Removal]]:
    """Every item of every content file, the folder's fingerprint, how many files could not be read,
    and (for a mod) the base items it removes, as (file, kind, id, line)."""
    items: list[Item] = []
    taken_out: list[Removal] = []
    texts = {} if texts is None else texts
    digest = hashlib.sha256()
    files = _toml_files(root, problems)
    unread = 0
    if not files and not (layer and (root / translations.LANG_FOLDER).is_dir()):  # a mod may carry only a translation
        problems.append(Problem(_display(root), "no .toml content files found" + (
            ": a mod holds the *.toml files of what it adds ([[event]], [[scenario]] ...), in this folder or "
            "its sub-folders" if layer else "")))
    for path in files:
        name = _display(path)
        data = _read_file(path)
        if isinstance(data, str):
            problems.append(Problem(name, data))
            unread += 1
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
        if data.startswith(_BOM):
            problems.append(Problem(name, "the file starts with a byte order mark (BOM): save it as UTF-8 "
                                          "without a BOM", level="warning"))
            data = data[len(_BOM):]
        try:
            source = data.decode("utf-8")
            table = tomllib.loads(source)
        except UnicodeDecodeError as error:
            problems.append(Problem(name, f"not UTF-8 text: {error.reason} at byte {error.start}: save the file "
                                          f"as UTF-8 (a character such as é was written in another encoding)",
                                    line=data.count(b"\n", 0, error.start) + 1))
            unread += 1
            continue
        except tomllib.TOMLDecodeError as error:
            problems.append(_syntax_problem(name, source, error))
            unread += 1
            continue
        except RecursionError:
            problems.append(Problem(name, f"arrays or tables nest too deeply (at most {MAX_NESTING} levels)"))
            unread += 1
            continue
        if _nesting(table) > MAX_NESTING:
            problems.append(Problem(name, f"arrays or tables nest too deeply (at most {MAX_NESTING} levels)"))
            unread += 1
            continue
        lines = texts[name] = Lines(source)
        misnamed = any(k not in KINDS and k != "remove" for k in table)
        for key, value in table.items():
            if key == "remove":
                taken_out.extend(removals(name, value, layer, lines, KINDS, problems))
                continue
            if key not in KINDS:
                close = difflib.get_close_matches(key, list(KINDS), n=1)
                hint = f" (did you mean [[{close[0]}]]?)" if close else f" (expected one of: {', '.join(KINDS)})"
                first = value[0] if isinstance(value, list) and value else value
                ident = first.get("id") if isinstance(first, dict) else None
                problems.append(Problem(name, f"unknown top-level table '{key}'{hint}", (close or [key])[0] if ident else "",
                                        ident if isinstance(ident, str) else "", line=_header_line(lines, key)))
                continue
            if not isinstance(value, list) and misnamed:
                continue  # [[evnet]] then [[event.options]]: the options' table is the typo's, already named
            if not isinstance(value, list):
                problems.append(Problem(name, f"'{key}' must be an array of tables, written [[{key}]]"))
                continue
            items.extend(read_item(name, key, index, raw, lines, layer, problems) for index, raw in enumerate(value))
    return items, digest.hexdigest()[:16], unread, taken_out


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
        return Problem(name, 'not valid TOML: a multi-line string opened here with three quotation marks (""") is '
                             'never closed: close it with """ on a line of its own', line=opened)
    text = str(error).split(' (at ')[0]
    twice = re.fullmatch(r"Cannot declare \((.+)\) twice", text)
    if twice:
        header = ".".join(part.strip(" '") for part in twice.group(1).split(","))
        return Problem(name, f"not valid TOML: [{header}] is written twice; a table that comes more than once is "
                             f"one of a list: write [[{header}]], with two brackets, over each", line=line)
    return Problem(name, f"not valid TOML: {text}", line=line)


def _structure(items: Iterable[Item], converter: cattrs.Converter, problems: list[Problem]) -> Iterator[tuple[Item, Any]]:
    for item in items:
        kind, cls = KINDS[item.key]
        if not isinstance(item.raw, dict):
            problems.append(Problem(item.file, "must be a table", kind, item.label))
            continue
        try:
            yield item, converter.structure(item.raw, cls)
        except Exception as error:  # cattrs gathers every field's error into one exception group
            for message in cattrs.transform_error(error, format_exception=format_error):
                for path, text in split_message(message):
                    problems.append(Problem(item.file, text, kind, item.label, path))


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
            return None, [Problem(_display(folder), "no such content folder" if folder == root else "no such mod folder")]
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
    items, fingerprint, unread, _ = _read(root, problems, texts)
    for layer, mod in enumerate(map(Path, mods), 1):
        added, digest, unread_here, taken_out = _read(mod, problems, texts, layer)
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
    where: dict[tuple[str, str], str] = {}
    tables: dict[str, dict[str, Any]] = {}
    for key, pairs in structured.items():
        kind = KINDS[key][0]
        table: dict[str, Any] = {}
        for item, obj in pairs:
            if obj.id in table:
                problems.append(Problem(item.file, f"duplicate id (also in {where[(kind, obj.id)]}): keep one of them, "
                                                      f"or give this one another id", kind, obj.id, "id"))
                continue
            if key != "paragraph" and not _ID.match(obj.id):  # paragraphs are named as the essay names them
                problems.append(Problem(item.file, f"'{obj.id}' must be lower_case_with_underscores", kind, obj.id, "id"))
            where[(kind, obj.id)] = item.file
            table[obj.id] = obj
        tables[key] = table
    _check_policy_meters(structured["policy"], vocabulary.meters, problems)
    content = Content(
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


def _check_essay(path: Path, content: Content, where: dict[tuple[str, str], str]) -> list[Problem]:
    data = _read_file(path)
    if isinstance(data, str):
        return [Problem(_display(path), data)]
    try:
        paragraphs = essay_paragraphs(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return [Problem(_display(path), f"not UTF-8 text: {error.reason} at byte {error.start}")]
    if not paragraphs:
        return [Problem(_display(path), "no numbered paragraphs: each starts a line as **P1.** text (notes **N1.**)")]
    return check_quotes(content, paragraphs, where)


_CASCADE = re.compile(r"unknown (event|meter|policy|regime phase|phase|flag|name)|nothing (sets|schedules)|"
                      r"never fires|no ending text|no \[\[|no regime")


def _without_cascade(problems: list[Problem], unread: int) -> list[Problem]:
    """When a file cannot be read, what the others name in it looks missing: keep only their own problems."""
    kept = [p for p in problems if not (_CASCADE.search(p.message) or p.file == "(content)")]
    if len(kept) < len(problems):
        kept.append(Problem("(content)", f"{len(problems) - len(kept)} problem(s) that name events, meters or "
                                         f"other items are not shown, because {unread} file(s) could not be read: "
                                         f"fix those first", level="warning"))
    return kept


def _check_policy_meters(pairs: list[tuple[Item, Policy]], meters: frozenset[str], problems: list[Problem]) -> None:
    for item, policy in pairs:
        effects = [("change", policy.change)] + [(f"levels[{n}].effects", lv.effects) for n, lv in enumerate(policy.levels)]
        for field, fx in effects:
            for change in fx.changes:
                if change.meter not in meters:
                    problems.append(Problem(item.file, f"unknown meter '{change.meter}'{did_you_mean(change.meter, meters)}",
                                            "policy", policy.id, field))


_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], Content] = {}
_CACHE_SIZE = 4


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every content file's path, size and modification time: what changes when a writer saves."""
    found = []
    for path in _toml_files(root, []):
        try:
            info = os.stat(path)
        except OSError:
            return ()  # unreadable: never cached, the load reports it
        found.append((path.as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(found)


def load_cached(root: Path | str | None = None) -> Content:
    """:func:`load_or_raise`, remembering the last few folders loaded: loading the same unchanged
    folder again (say, ``Game.new(path)`` in a loop) costs a look at its files, not a new parse.
    A file saved since (another size or modification time) loads the folder afresh."""
    folder = Path(root) if root is not None else DEFAULT_CONTENT
    signature = _signature(folder) if folder.is_dir() else ()
    key = (os.path.abspath(folder), signature)
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
