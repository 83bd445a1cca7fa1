"""The content validator's problems in Korean: ``soft-landing --lang ko check`` over mistakes planted in
tests/data/mistakes says each in Korean (Hangul, and no English word left but the ids, fields, files and
TOML a writer types), at the same file, line, item and field as in English; the English reads as before
(tests/test_mistakes.py holds every case's English word for word).

Hiding the problems that may only follow from a file that could not be read depends on a mark set where a
problem is made, never on its words: the same problems are shown and hidden in both languages. A last test
reads the code: a validator's problem made with English words the catalog does not see fails the suite.

Every test starts and ends in English (tests/conftest.py); those here switch to Korean with ``i18n.use``.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from game import i18n
from game.cli import main
from game.content.loader import load_content
from tests.test_messages_korean import ENGLISH_WORD, HANGUL, OPTION, ROOT, english_left, words_of
from tests.test_mistakes import CASES, MINIMAL, MISTAKES

PATH = re.compile(r"[\w/.]+\.toml(:\d+)?")  # a file named in a message, such as mod/rules.toml:2
UNREADABLE = '[[event]]\nid = "x\n'  # a string never closed: the file cannot be read

#: planted mistakes of different kinds -> what their Korean may keep in ASCII besides the ids, conditions
#: and paths the English quotes: field names and TOML a writer types, which are code in every language
PLANTED = {
    "event_typo.toml": (),  # an unknown event in a follow-up (what the cascade hides)
    "unknown_meter_effect.toml": ("fear", "unrest"),  # the meters it may name
    "policy_level_from_one.toml": (),
    "same_option_id.toml": (),
    "scenario_backwards.toml": ("start", "end"),
    "never_holds.toml": (),
    "weight_zero.toml": (),
    "key_typo.toml": (),
    "option_no_label.toml": ("label",),
    "outcome_typo.toml": (),
    "tab_in_text.toml": (),
    "meter_named_year.toml": ("meter",),
    "phase_trap.toml": ("from", "crisis"),
    "history_without_sources.toml": ("sources", "https"),
    "mod_replace_missing": ("replace", "true", "event"),
    "mod_followup_to_removed": ("remove", "replace", "true", "event"),
}


def _planted(tmp_path: Path, name: str, unread: bool = False) -> tuple[list[str], Path]:
    """The arguments of ``check`` over a copy of tests/data/minimal with the mistake ``name`` planted (a
    mod laid over it, for a folder), and an unreadable file beside it with ``unread``; and the folder the
    files are named from, as tests/test_mistakes.py names them."""
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    if unread:
        (folder / "zz_unread.toml").write_text(UNREADABLE, encoding="utf-8")
    planted = MISTAKES / name
    if not planted.is_dir():
        shutil.copy(planted, folder / "zz_bad.toml")
        return ["check", str(folder)], folder
    shutil.copytree(planted, tmp_path / "mod")
    return ["check", str(folder), "--mod", str(tmp_path / "mod")], tmp_path


def _check(args: list[str], root: Path, lang: str, capsys) -> list[str]:
    """The lines ``check`` prints in ``lang``, each file named from ``root``; back in English."""
    try:
        main(["--lang", lang, *args])
    finally:
        i18n.use("en")
    out = capsys.readouterr().out
    return [line.replace(f"{root}/", "") for line in out.splitlines()]


def _place(english: str) -> str:
    """'file:line: kind id: field: ' of an English case: what the Korean keeps as it is."""
    return ": ".join(english.split(": ")[:3]) + ": "


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_planted_mistake_is_said_in_korean_at_its_place(tmp_path, capsys, name):
    level, english = CASES[name]
    place = _place(english)
    assert place.count(":") >= 3, english  # a file, a line, an item and a field
    args, root = _planted(tmp_path, name)
    assert any(line.startswith(english) for line in _check(args, root, "en", capsys))  # the English, as it was
    korean = [line for line in _check(args, root, "ko", capsys) if line.startswith(place)]
    assert len(korean) == len([line for line in _check(args, root, "en", capsys) if line.startswith(place)]) >= 1
    quoted = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", english)]
    for line in korean:  # all the problems of that field (a text may have a word count's besides)
        said = PATH.sub(" ", line.removeprefix(place))
        if level == "warning":
            assert said.startswith("경고: "), said
        assert HANGUL.search(said), said
        assert not english_left(said, *quoted, *PLANTED[name]), (english_left(said, *quoted, *PLANTED[name]), said)


def test_at_least_eight_kinds_of_mistake_are_checked_in_korean():
    assert len(PLANTED) >= 8 and set(PLANTED) <= set(CASES)


@pytest.mark.parametrize("unread", [False, True])
def test_the_same_problems_are_shown_and_hidden_in_both_languages(tmp_path, unread):
    """Every planted mistake, alone and beside a file that cannot be read: the problems shown (their file,
    line, item, field and level) are the same in Korean as in English, and the cascade hides the same ones."""
    hidden = 0
    for name in sorted(CASES):
        here = tmp_path / name
        args, _root = _planted(here, name, unread)
        mods = args[3:]
        found = {}
        for lang in ("en", "ko"):
            try:
                i18n.use(lang)
                problems = load_content(args[1], mods=mods)[1]
            finally:
                i18n.use("en")
            found[lang] = [(p.file, p.line, p.kind, p.item, p.field, p.level) for p in problems]
            hidden += lang == "en" and any(p.file == "(content)" and p.level == "warning" for p in problems)
        assert found["ko"] == found["en"], name
    assert bool(hidden) == unread


def test_what_the_cascade_hides_is_said_in_korean(tmp_path, capsys):
    """An unknown event beside an unreadable file is held back, and the warning that says so is Korean."""
    args, root = _planted(tmp_path, "event_typo.toml", unread=True)
    english = _check(args, root, "en", capsys)
    korean = _check(args, root, "ko", capsys)
    assert "(content): warning: 1 problem(s) that name events, meters or other items are not shown, because 1 " \
           "file(s) could not be read: fix those first" in english
    assert not any("scheduler" in line for line in english + korean)
    told = [line for line in korean if line.startswith("(content): ")]
    assert len(told) == 1 and HANGUL.search(told[0]) and not english_left(told[0], "content"), told
    assert len(korean) == len(english)


def test_a_problem_names_what_is_missing_in_no_language(tmp_path):
    """The mark the cascade and a mod's removals read: the item a problem says the content lacks."""
    args, _root = _planted(tmp_path, "event_typo.toml")
    i18n.use("ko")
    try:
        problems = load_content(args[1])[1]
    finally:
        i18n.use("en")
    typo = [p for p in problems if p.item == "scheduler"]
    assert [(p.missing, p.follows_on) for p in typo] == [("event.inflaton", True)]
    assert HANGUL.search(typo[0].message)


# --- the code: no validator's problem in English only ----------------------------------------------

#: the calls that make a validator's problem -> where their message is among the arguments
MAKERS = {"Problem": 1, "error": 3, "warn": 3, "report": 3, "whole": 0, "_FieldError": 0, "_WrongType": 0,
          "PreviewError": 0, "ContentError": 0}


def english_only_problems(path: Path) -> list[str]:
    """``Problem(file, "words")``, ``checks.error(kind, id, field, f"... {x}")`` and the like: a problem's
    words written as a string or an f-string, not passed through ``_``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in MAKERS:
            continue
        message = [k.value for k in node.keywords if k.arg == "message"]
        message += node.args[MAKERS[name]:MAKERS[name] + 1]
        if any(ENGLISH_WORD.search(OPTION.sub("", words_of(argument))) for argument in message):
            found.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}")
    return sorted(found)


def test_no_validators_problem_is_made_with_words_the_catalog_does_not_see():
    files = sorted((ROOT / "game" / "content").glob("*.py"))
    assert len(files) > 12
    found = [site for path in files for site in english_only_problems(path)]
    assert not found, f"wrap these messages in _(...).format(...): {found}"


def test_the_scan_finds_an_english_only_problem(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('def f(checks, x, problems):\n'
                       '    checks.error("event", x, "weight", f"{x} is too heavy")\n'
                       '    problems.append(Problem("a.toml", "must be a table", "event", x))\n'
                       '    checks.warn("event", x, "options", _("fine"))\n'
                       '    report("event", x, "text", message="no text")\n', encoding="utf-8")
    assert english_only_problems(planted) == ["planted.py:2", "planted.py:3", "planted.py:5"]
