"""Bad save files: each gives a SaveError whose message names the file and says what is wrong, and
none is ever modified by being read or listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.saves import SaveError, list_saves, load_save, read_info

SAVES = Path(__file__).parent / "data" / "saves"

#: file -> words its error must contain
BAD = {
    "empty.json": ["empty"],
    "truncated.json": ["truncated"],
    "binary.json": ["corrupted", "UTF-8"],
    "not-json.json": ["corrupted", "not valid JSON", "line 1"],
    "not-a-save.json": ["not a Soft Landing save"],
    "list.json": ["not a Soft Landing save"],
    "newer-format.json": ["newer version", "format 99", "update the game"],
    "format-zero.json": ["unknown save format", "0"],
    "format-text.json": ["format", "string 'two'"],
    "turn-as-text.json": ["hand-edited", "state.turn", "whole number", "'three'"],
    "missing-meters.json": ["state.meters", "missing"],
    "missing-state.json": ["state", "missing"],
    "extra-key.json": ["state", "cheat"],
    "meter-out-of-range.json": ["hand-edited", "state.meters.economy", "250", "out of range"],
    "turn-ahead.json": ["hand-edited", "state.turn 30", "history"],
    "moves-differ.json": ["hand-edited", "moves"],
    "delta-as-text.json": ["state.history[1].changes[2].delta", "number", "'x'"],
    "seed-as-float.json": ["seed", "whole number", "11.5"],
    "nan.json": ["corrupted", "NaN"],
    "bad-date.json": ["state.date", "2004-Q2", "'summer of 2003'"],
    "unknown-scenario.json": ["scenario 'moon_base'", "not in this content"],
    "other-content.json": ["other content", "cannot be rebuilt", "move 1", "turn 1", "no_such_event"],
}


def test_every_fixture_is_listed():
    assert sorted([*BAD, "format-1.json"]) == sorted(p.name for p in SAVES.glob("*.json"))


@pytest.mark.parametrize("name, words", sorted(BAD.items()))
def test_bad_save_is_refused_with_a_clear_message(content, tmp_path, name, words):
    path = tmp_path / name
    shutil.copyfile(SAVES / name, path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(SaveError) as caught:
        load_save(path, content)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert caught.value.path == path
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert "Traceback" not in message and len(message) < 400
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_folder_lists_bad_saves_with_their_reason_and_touches_none(content, tmp_path):
    for name in BAD:
        shutil.copyfile(SAVES / name, tmp_path / name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    rows = {row.path.name: row for row in list_saves(tmp_path)}
    # Without content, a save that is well formed but needs content to refuse lists as readable.
    needs_content = {"unknown-scenario.json", "other-content.json"}
    for name in set(BAD) - needs_content:
        row = rows[name]
        assert row.error and row.turn == 0 and row.date == "" and row.name == Path(name).stem, name
    full = {row.path.name: row for row in list_saves(tmp_path, content)}
    assert all(full[name].error for name in BAD)
    assert "other content" in full["other-content.json"].error
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_format_1_is_migrated(content):
    path = SAVES / "format-1.json"
    before = path.read_bytes()
    info = read_info(path)
    assert (info.name, info.turn, info.autosave) == ("format-1", 1, False)
    loaded = load_save(path, content)
    state = loaded.game.state
    assert (state.turn, state.seed, state.moves) == (1, 3, ())
    assert loaded.info.phase == loaded.game.phase_name
    assert path.read_bytes() == before
