"""Bad save files: each gives a SaveError whose message names the file and says what is wrong, and
none is ever modified by being read or listed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.files.saves import SaveError, list_saves, load_save, read_info

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
    assert sorted([*BAD, "format-1.json", "format-2.json"]) == sorted(p.name for p in SAVES.glob("*.json"))


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


def test_format_2_loads_and_its_season_may_still_be_rewound(content, tmp_path):
    """A save written before format 3 has no record of a rewind: it loads as a game never rewound."""
    from game.session import Session

    path = SAVES / "format-2.json"
    before = path.read_bytes()
    info = read_info(path)
    assert (info.name, info.turn, info.autosave) == ("Before rewinds were saved", 1, False)
    session = Session(content, tmp_path)
    # the fixture's content is the game's as it was when the fixture was written: a later content change
    # may add the note that the game was rebuilt on this content, and nothing else
    assert all(note.startswith("made with other content") for note in session.load(path))
    state = session.game.state
    assert (state.turn, state.seed, state.moves, state.rewinds) == (1, 5, (), 0)
    assert session.branch_of is None and session.can_rewind() == "nothing has been decided this season yet"
    session.answer(session.game.options()[0].id)
    session.rewind()
    assert path.read_bytes() == before


# --- what is not a regular file -------------------------------------------------------------------

def special_files(folder: Path) -> dict[str, list[str]]:
    """Things named like saves that are not files, with the words their error must contain."""
    os.mkfifo(folder / "pipe.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "dangling.json").symlink_to(folder / "nothing-here")
    (folder / "folder.json").mkdir()
    return {"pipe.json": ["named pipe", "not a save file"], "zero.json": ["device", "not a save file"],
            "dangling.json": ["link", "does not exist"], "folder.json": ["folder", "not a save file"]}


def test_devices_pipes_links_and_folders_are_refused_at_once(content, tmp_path):
    """A pipe used to hang the loader for ever, /dev/zero to fill memory until it died."""
    for name, words in special_files(tmp_path).items():
        with pytest.raises(SaveError) as caught:
            load_save(tmp_path / name, content)
        for word in words:
            assert word in str(caught.value), (name, str(caught.value))


def test_a_device_is_never_read_past_the_size_limit(tmp_path, monkeypatch):
    from game.files import saves

    reads = []
    real = os.read
    monkeypatch.setattr(saves.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * 5000)
    with pytest.raises(SaveError, match="too large"):
        saves.read_limited(big, limit=1000)  # the size is known: nothing is read
    assert reads == []
    with pytest.raises(SaveError, match="device"):
        saves.read_limited(Path("/dev/zero"), limit=1000)
    assert sum(reads) <= 1001


def test_the_load_list_shows_what_is_not_a_save_as_unreadable(tmp_path):
    expected = special_files(tmp_path)
    rows = {row.path.name: row for row in list_saves(tmp_path)}
    assert set(rows) == set(expected)
    for name, words in expected.items():
        assert rows[name].error and words[0] in rows[name].error, (name, rows[name].error)


def test_stale_temporary_files_are_swept_when_the_folder_is_opened(content, tmp_path):
    from game.files import saves

    stale = [tmp_path / f".autosave-0000{n}.{n}abc.tmp" for n in range(3)]
    fresh = tmp_path / ".mine.xyz.tmp"
    other = tmp_path / "notes.tmp"  # not one of ours
    for path in [*stale, fresh, other]:
        path.write_text("{", "utf-8")
    old = saves.time.time() - saves.STALE_TEMP_SECONDS - 5
    for path in [*stale, other]:
        os.utime(path, (old, old))
    link = tmp_path / ".planted.abc.tmp"
    link.symlink_to(other)
    os.utime(link, (old, old), follow_symlinks=False)
    list_saves(tmp_path)
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists() and link.is_symlink()


def test_a_key_written_twice_is_refused(content, tmp_path):
    from game.files import saves
    from game.api import Game

    path = saves.save_game(Game.new(content, seed=4), "twice", tmp_path)
    text = path.read_text("utf-8")
    path.write_text(text.replace('"seed": 4,', '"seed": 4,\n "seed": 5,', 1), "utf-8")
    with pytest.raises(SaveError, match="written twice"):
        load_save(path, content)


def test_a_stray_file_with_a_digit_like_name_does_not_stop_autosave(content, tmp_path):
    from game.files import saves
    from game.api import Game

    (tmp_path / "autosave-\u00b2.json").write_text("{}", "utf-8")  # '²'.isdigit() is True, int('²') fails
    (tmp_path / "autosave-\u0663.json").write_text("{}", "utf-8")  # an Arabic-Indic three
    game = Game.new(content, seed=4)
    first = saves.autosave(game, tmp_path)
    assert first.name.endswith("-00001.json") and saves.autosave(game, tmp_path).name.endswith("-00002.json")


def test_a_planted_autosave_with_a_huge_number_does_not_stop_autosave(content, tmp_path):
    """``autosave-`` and 241 nines: the next number had 242 digits, a name too long for the folder, and every
    autosave failed with a raw OSError."""
    from game.files import saves
    from game.api import Game
    from game.session import Session

    planted = tmp_path / ("autosave-" + "9" * 241 + ".json")
    planted.write_text("{}", "utf-8")
    (tmp_path / "autosave-000000001.json").mkdir()  # a folder by an autosave's name: never written over or pruned as a file
    game = Game.new(content, seed=4)
    paths = [saves.autosave(game, tmp_path) for _ in range(4)]
    assert [p.name[-10:] for p in paths] == ["00001.json", "00002.json", "00003.json", "00004.json"]
    assert planted.exists() and not paths[0].exists()  # the oldest of ours pruned, not theirs
    session = Session(content, tmp_path)
    session.new_game(seed=4)
    assert session.autosave().name.endswith("-00001.json")  # a new game's own series
    assert any(row.path == planted and row.error for row in saves.list_saves(tmp_path))  # listed as unreadable
