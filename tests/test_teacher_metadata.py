"""What a teacher relies on: what Pyongyang did, sources, paragraph summaries and the glossary.

The fields are checked on small folders built from the minimal content, so that each mistake is
shown to be named precisely; the game's own content is checked for completeness in
tests/test_content_teacher.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.content.loader import load_content

MINIMAL = Path(__file__).parent / "data" / "minimal"
CITED = ("P4", "P6", "P10", "P11", "P12", "P14", "P18", "P19", "P26")  # every paragraph the minimal content cites


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def _edit_event(folder: Path, event: str, lines: str) -> None:
    """Put ``lines`` right after the event's id line, as authors are asked to."""
    path = folder / "events.toml"
    text = path.read_text(encoding="utf-8")
    anchor = f'[[event]]\nid = "{event}"\n'
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + lines + "\n"), encoding="utf-8")


def _essay(paragraphs=CITED) -> str:
    return "".join(f'[[paragraph]]\nid = "{p}"\nsummary = "What {p} argues, in brief."\n\n' for p in paragraphs)


def _errors(folder: Path) -> str:
    content, problems = load_content(folder)
    assert content is None
    return "\n".join(str(p) for p in problems)


def test_a_folder_without_metadata_loads_with_empty_defaults():
    content, problems = load_content(MINIMAL)
    assert content is not None and problems == []
    assert content.paragraphs == {} and content.glossary == {}
    assert all(e.history_option is None and e.sources == () for e in content.events.values())


def test_the_fields_are_read(tmp_path):
    folder = _folder(tmp_path, essay=_essay(), glossary=(
        '[[term]]\nid = "jangmadang"\nterm = "jangmadang"\ndefinition = "A market."\naliases = ["markets", "market"]\n'))
    _edit_event(folder, "measures", 'history_option = "adopt"\nsources = ["https://example.org/july"]')
    for event in ("inflation", "radios", "riot"):
        _edit_event(folder, event, 'sources = ["https://example.org/other"]')
    content, problems = load_content(folder)
    assert content is not None, problems
    event = content.events["measures"]
    assert event.history_option == "adopt"
    assert event.sources == ("https://example.org/july",)
    assert content.paragraphs["P6"].summary == "What P6 argues, in brief."
    assert sorted(content.paragraphs) == sorted(CITED)
    term = content.glossary["jangmadang"]
    assert (term.term, term.definition, term.aliases) == ("jangmadang", "A market.", ("markets", "market"))


def test_history_option_must_be_an_option_of_the_event(tmp_path):
    folder = _folder(tmp_path)
    _edit_event(folder, "measures", 'history_option = "adpot"')
    assert "event measures: history_option: 'adpot' is not an option of this event (options: adopt, shelve)" in _errors(folder)


@pytest.mark.parametrize("url", ["www.example.org", "see the fact sheet", "ftp://example.org/x", "https://"])
def test_a_source_must_be_a_web_address(tmp_path, url):
    folder = _folder(tmp_path)
    _edit_event(folder, "measures", f'sources = ["{url}"]')
    assert f"event measures: sources[0]: {url!r} is not a web address" in _errors(folder)


def test_once_one_note_names_a_source_every_note_must(tmp_path):
    folder = _folder(tmp_path)
    _edit_event(folder, "measures", 'sources = ["https://example.org/july"]')
    text = _errors(folder)
    assert "event inflation: sources: the history note names no source" in text
    assert "event measures: sources" not in text


def test_a_summary_needs_a_paragraph_of_the_essay(tmp_path):
    folder = _folder(tmp_path, essay=_essay() + '[[paragraph]]\nid = "P27"\nsummary = "None."\n')
    assert "paragraph P27: id: no essay paragraph P27 (P1-P26, N1-N2)" in _errors(folder)


def test_once_one_paragraph_has_a_summary_every_cited_one_must(tmp_path):
    folder = _folder(tmp_path, essay=_essay(p for p in CITED if p != "P19"))
    text = _errors(folder)
    assert re.search(r"paragraph P19: summary: \w+ \w+ cites P19, which has no \[\[paragraph\]\] summary", text)
    assert "paragraph P6" not in text


def test_an_empty_summary_is_an_error(tmp_path):
    folder = _folder(tmp_path, essay=_essay().replace("What P6 argues, in brief.", " "))
    assert "paragraph P6: summary: is empty" in _errors(folder)


def test_a_word_may_point_to_one_glossary_entry_only(tmp_path):
    folder = _folder(tmp_path, glossary=(
        '[[term]]\nid = "jangmadang"\nterm = "jangmadang"\ndefinition = "A market."\naliases = ["Market"]\n\n'
        '[[term]]\nid = "general_market"\nterm = "general market"\ndefinition = "A legal market."\naliases = ["market"]\n'))
    assert "term general_market: aliases[0]: 'market' also points to term 'jangmadang'" in _errors(folder)


def test_a_glossary_entry_needs_a_definition_and_known_keys(tmp_path):
    folder = _folder(tmp_path, glossary='[[term]]\nid = "songun"\nterm = "Songun"\ndefinition = ""\nalias = ["x"]\n')
    text = _errors(folder)
    assert "term songun: alias: unknown key (did you mean 'aliases'?)" in text


def test_an_empty_definition_is_an_error(tmp_path):
    folder = _folder(tmp_path, glossary='[[term]]\nid = "songun"\nterm = "Songun"\ndefinition = "  "\n')
    assert "term songun: definition: is empty" in _errors(folder)
