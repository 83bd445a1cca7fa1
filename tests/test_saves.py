"""Saving and loading: round trips, names, autosaves, the save folder, verification, other content,
older formats and interrupted writes."""

from __future__ import annotations

import json
import os
import tempfile
import shutil
import subprocess
import sys
from datetime import datetime, UTC
from pathlib import Path

import pytest

from game import places

from game.files import saves
from game.api import Game
from game.content.loader import DEFAULT_CONTENT, load_or_raise
from game.files.saves import (
    SaveError, SaveExistsError, autosave, delete_save, document, latest_save, list_saves, load_game,
    load_save, save_game, saves_dir,
)


def played(content, turns: int, seed: int = 5, policy: bool = True) -> Game:
    """A game after some turns, answering with the first option and moving one policy on turn 2."""
    game = Game.new(content, seed=seed)
    for _ in range(turns):
        while game.dilemma:
            game.answer(game.options()[0].id)
        if policy and game.state.turn == 2:
            pid, levels = next((p, lv) for p, lv in game.policy_moves().items() if lv)
            game.set_policy(pid, levels[0])
        game.end_season()
        if game.over:
            break
    return game


def test_save_and_load_give_the_same_game(content, tmp_path):
    game = played(content, 4)
    path = save_game(game, "Before the test", tmp_path)
    assert path == tmp_path / "before-the-test.json"
    loaded = load_save(path, content)
    assert loaded.game.state == game.state
    assert loaded.notes == () and not loaded.rebuilt
    info = loaded.info
    assert (info.name, info.turn, info.date, info.phase, info.autosave, info.error) == (
        "Before the test", game.state.turn, str(game.date), game.phase_name, False, None)


def test_a_save_is_readable_json_with_its_header(content, tmp_path):
    game = played(content, 3)
    data = json.loads(save_game(game, "x", tmp_path).read_text("utf-8"))
    assert data["game"] == saves.MARK and data["format"] == saves.FORMAT
    assert data["content"] == content.fingerprint and data["scenario"] == game.state.scenario
    assert data["seed"] == 5 and data["moves"] == list(game.state.moves)
    assert data["state"]["meters"] == game.state.meters
    assert isinstance(data["state"]["flags"], list)


def test_a_finished_game_saves_and_loads(content, tmp_path):
    game = played(content, 60)
    assert game.over
    path = save_game(game, "The end", tmp_path)
    assert load_game(path, content).state == game.state


def test_an_existing_save_is_overwritten_only_when_confirmed(content, tmp_path):
    first, second = played(content, 1), played(content, 2)
    path = save_game(first, "Slot", tmp_path)
    before = path.read_bytes()
    with pytest.raises(SaveExistsError) as caught:
        save_game(second, "slot", tmp_path)
    assert str(path) in str(caught.value) and "already exists" in str(caught.value)
    assert path.read_bytes() == before
    save_game(second, "Slot", tmp_path, overwrite=True)
    assert load_game(path, content).state == second.state


@pytest.mark.parametrize("name, stem", [
    ("Spring 2003: the markets!", "spring-2003-the-markets"),
    ("../../etc/passwd", "etc-passwd"),
    ("???", "save"),
    ("autosave-00001", "save-autosave-00001"),
    ("평양", "평양"),
])
def test_save_names_become_safe_file_names(content, tmp_path, name, stem):
    path = save_game(played(content, 0), name, tmp_path)
    assert path.parent == tmp_path and path.stem == stem
    assert load_save(path, content).info.name == name


def test_a_save_needs_a_name(content, tmp_path):
    with pytest.raises(SaveError, match="needs a name"):
        save_game(played(content, 0), "  ", tmp_path)


def test_autosave_keeps_the_last_three(content, tmp_path):
    game = Game.new(content, seed=9)
    paths = []
    for _ in range(5):
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
        paths.append(autosave(game, tmp_path))
    kept = sorted(p.name for p in tmp_path.glob("*.json"))
    assert kept == [p.name for p in paths[-3:]]
    rows = list_saves(tmp_path)
    assert [r.path for r in rows] == paths[:-4:-1]  # newest first
    assert all(r.autosave and r.name.startswith("Autosave") for r in rows)
    assert load_game(rows[0].path, content).state == game.state


def test_autosaves_do_not_touch_named_saves(content, tmp_path):
    game = played(content, 1)
    named = save_game(game, "Mine", tmp_path)
    for _ in range(4):
        autosave(game, tmp_path)
    assert named.exists() and len(list(tmp_path.glob("autosave-*.json"))) == 3


def test_list_latest_and_delete(content, tmp_path):
    assert list_saves(tmp_path / "none") == [] and latest_save(tmp_path / "none") is None
    old = tmp_path / "old.json"
    old.write_text(saves._text(document(played(content, 1), "Old", now=datetime(2020, 1, 1, tzinfo=UTC))), "utf-8")
    new = save_game(played(content, 2), "New", tmp_path)
    (tmp_path / "broken.json").write_text("{", "utf-8")
    (tmp_path / ".new.123.tmp").write_text("half a save", "utf-8")
    (tmp_path / "notes.txt").write_text("not a save", "utf-8")
    rows = list_saves(tmp_path)
    assert [r.path.name for r in rows if r.error is None] == ["new.json", "old.json"]
    broken = next(r for r in rows if r.path.name == "broken.json")
    assert "truncated" in broken.error and broken.saved_at is not None
    assert latest_save(tmp_path).path == new
    delete_save(new)
    assert not new.exists() and latest_save(tmp_path).path == old
    with pytest.raises(SaveError, match="no such save"):
        delete_save(new)


def test_saves_dir_prefers_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(saves.ENVIRONMENT, raising=False)
    assert saves_dir() == places.default_saves_dir()  # was ./saves of whatever folder one stood in
    monkeypatch.setenv(saves.ENVIRONMENT, str(tmp_path / "env"))
    assert saves_dir() == tmp_path / "env"
    assert saves_dir(tmp_path / "flag") == tmp_path / "flag"


def test_a_checkout_keeps_saves_in_its_own_folder_wherever_one_stands(monkeypatch, tmp_path):
    monkeypatch.delenv(saves.ENVIRONMENT, raising=False)
    monkeypatch.chdir(tmp_path)
    repo = Path(__file__).resolve().parent.parent
    assert places.checkout() == repo and saves_dir() == repo / "saves"
    assert str(repo / "saves") in places.describe_saves_dir()


def test_an_installed_game_keeps_saves_in_the_players_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(saves.ENVIRONMENT, raising=False)
    monkeypatch.setattr(places, "_CHECKOUT", tmp_path / "site-packages")  # no pyproject.toml, no content/
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert places.checkout() is None
    assert saves_dir() == tmp_path / "data" / "soft-landing" / "saves"
    assert "data folder" in places.describe_saves_dir()


def test_a_missing_file_or_folder_is_a_save_error(content, tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        load_game(tmp_path / "gone.json", content)
    with pytest.raises(SaveError, match="folder"):
        load_game(tmp_path, content)


# --- verification --------------------------------------------------------------------------------

def edit(path: Path, change) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(saves._text(data), "utf-8")


@pytest.mark.parametrize("change, words", [
    (lambda d: d["state"]["meters"].update(economy=d["state"]["meters"]["economy"] + 0.5), ["state.meters.economy", "saved"]),
    (lambda d: d["state"].update(rng=12345), ["state.rng"]),
    (lambda d: d["state"].update(flags=sorted(d["state"]["flags"] + ["nuclear_weapon"])), ["state.flags"]),
    (lambda d: d["state"]["policies"].update({next(iter(d["state"]["policies"])): 3}), ["state.policies"]),
    (lambda d: d.update(turn=d["turn"] + 1), ["summary"]),
    (lambda d: d.update(phase="Triumphant"), ["summary"]),
])
def test_a_hand_edited_state_is_refused(content, tmp_path, change, words):
    path = save_game(played(content, 4), "edited", tmp_path)
    edit(path, change)
    before = path.read_bytes()
    with pytest.raises(SaveError) as caught:
        load_game(path, content)
    assert "hand-edited" in str(caught.value) and str(path) in str(caught.value)
    for word in words:
        assert word in str(caught.value)
    assert path.read_bytes() == before


def test_moves_edited_in_both_places_are_still_replayed_and_refused(content, tmp_path):
    """Editing the header's and the state's moves alike does not get past the replay."""
    path = save_game(played(content, 3), "edited", tmp_path)
    edit(path, lambda d: (d.update(moves=d["moves"] + ["end"]), d["state"].update(moves=d["state"]["moves"] + ["end"])))
    with pytest.raises(SaveError, match="hand-edited"):
        load_game(path, content)


def test_format_1_of_a_real_game_migrates_to_the_same_state(content, tmp_path):
    game = played(content, 5)
    current = document(game, "x")
    old = {k: current[k] for k in ("game", "game_version", "saved_at", "content", "scenario", "seed", "state")}
    old["format"] = 1
    path = tmp_path / "autosave-00007.json"
    path.write_text(json.dumps(old), "utf-8")
    loaded = load_save(path, content)
    assert loaded.game.state == game.state and loaded.notes == ()
    assert loaded.info.autosave and loaded.info.turn == game.state.turn


def test_format_2_of_a_real_game_loads_without_a_session_record(content, tmp_path):
    """Format 2 had no record of the season last rewound nor of a branch's main line."""
    game = played(content, 3)
    current = document(game, "x", line=saves.Line(rewound=3))
    assert current["format"] == 4 and current["rewound"] == 3 and current["main_line"] is None
    old = {k: v for k, v in current.items() if k not in ("rewound", "main_line", "series")}
    old["state"] = {k: v for k, v in current["state"].items() if k not in ("went_back", "one_life")}
    old["format"] = 2
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), "utf-8")
    loaded = load_save(path, content)
    assert loaded.game.state == game.state and loaded.notes == ()
    assert loaded.line == saves.Line()


def test_format_3_loads_as_a_game_of_no_series_that_never_said_where_it_went_back(content, tmp_path):
    """Format 3 had no series of autosaves, and its state neither went_back nor one_life."""
    game = played(content, 3)
    game.state = game.state.replace(rewinds=2)
    current = document(game, "x", line=saves.Line(rewound=2, series="abc123"))
    assert current["series"] == "abc123" and current["state"]["went_back"] == [] and current["state"]["one_life"] is False
    old = {k: v for k, v in current.items() if k != "series"}
    old["state"] = {k: v for k, v in current["state"].items() if k not in ("went_back", "one_life")}
    old["format"] = 3
    path = tmp_path / "three.json"
    path.write_text(json.dumps(old), "utf-8")
    loaded = load_save(path, content)
    assert loaded.game.state == game.state and loaded.game.state.rewinds == 2 and not loaded.game.state.one_life
    assert loaded.line == saves.Line(rewound=2) and loaded.info.series is None
    newer = tmp_path / "four.json"
    newer.write_text(json.dumps(current), "utf-8")
    assert load_save(newer, content).line.series == "abc123"


def test_a_branch_is_saved_with_its_main_line_and_loaded_back(content, tmp_path):
    main = played(content, 4)
    branch = Game.new(content, seed=5)
    for move in main.state.moves[:main.state.moves.index("end") + 1]:
        branch.play(move)
    branch.state = branch.state.replace(rewinds=1)
    path = save_game(branch, "branch", tmp_path, line=saves.Line(2, main, 2))
    data = json.loads(path.read_text("utf-8"))
    assert data["main_line"] == {"turn": 2, "moves": list(main.state.moves), "rewinds": 0}
    loaded = load_save(path, content)
    assert loaded.line.rewound == 2 and loaded.line.branch_turn == 2
    assert loaded.line.main is not None and loaded.line.main.state == main.state


@pytest.mark.parametrize("change, words", [
    (lambda d: d["main_line"]["moves"].insert(0, "no_such_dilemma:no_such_option"), ["main_line", "does not apply"]),
    (lambda d: d["main_line"].update(turn=40), ["main_line.turn"]),
    (lambda d: d.update(rewound=0), ["rewound"]),
    (lambda d: d["main_line"].update(moves="all of them"), ["main_line.moves"]),
    (lambda d: d["main_line"].update(eval="__import__('os')"), ["main_line", "unknown field"]),
])
def test_a_damaged_session_record_is_refused_and_the_file_left_alone(content, tmp_path, change, words):
    main = played(content, 3)
    path = save_game(played(content, 2), "branch", tmp_path, line=saves.Line(None, main, 1))
    edit(path, change)
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(SaveError) as caught:
        load_save(path, content)
    assert str(path) in str(caught.value)
    for word in words:
        assert word in str(caught.value), str(caught.value)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- other content --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def content_copy(tmp_path_factory):
    """A copy of the content that differs only by an event no game draws (so by fingerprint, not by play)."""
    folder = tmp_path_factory.mktemp("content")
    copy = folder / "content"
    shutil.copytree(DEFAULT_CONTENT, copy)
    (copy / "zz_unused.toml").write_text(UNUSED_EVENT, "utf-8")
    return copy


UNUSED_EVENT = (Path(__file__).parent / "data" / "unused_event.toml").read_text("utf-8")


def test_a_save_from_other_content_is_rebuilt_from_its_moves(content, content_copy, tmp_path):
    other = load_or_raise(content_copy)
    assert other.fingerprint != content.fingerprint
    game = played(content, 6)
    path = save_game(game, "then", tmp_path)
    loaded = load_save(path, other)
    assert loaded.rebuilt and loaded.game.state == game.state
    assert "other content" in loaded.notes[0] and "rebuilt" in loaded.notes[0]


def test_a_move_that_no_longer_applies_is_named_with_its_turn(content, content_copy, tmp_path):
    game = played(content, 6)
    index = next(n for n, m in enumerate(game.state.moves) if m != "end" and not m.startswith("policy:") and n > 2)
    event, option = game.state.moves[index].split(":")
    turn = game.state.moves[:index].count("end") + 1
    changed = content_copy.parent / "renamed"
    shutil.copytree(content_copy, changed)
    for file in changed.rglob("*.toml"):
        text = file.read_text("utf-8")
        at = text.find(f'id = "{event}"\n')
        if at >= 0:
            spot = text.index(f'id = "{option}"', at)
            file.write_text(text[:spot] + f'id = "{option}_renamed"' + text[spot + len(f'id = "{option}"'):], "utf-8")
    other = load_or_raise(changed)
    path = save_game(game, "then", tmp_path)
    with pytest.raises(SaveError) as caught:
        load_game(path, other)
    message = str(caught.value)
    for words in ("other content", f"move {index + 1} ", f"'{event}:{option}'", f"turn {turn}", "no longer applies"):
        assert words in message
    partial = load_save(path, other, partial=True)
    assert partial.rebuilt and partial.game.state.moves == game.state.moves[:index]
    assert f"turn {turn}" in partial.notes[0]


def test_a_save_from_another_game_version_is_rebuilt(content, tmp_path):
    game = played(content, 3)
    path = save_game(game, "old version", tmp_path)
    edit(path, lambda d: d.update(game_version="0.0.1"))
    loaded = load_save(path, content)
    assert loaded.rebuilt and "version 0.0.1" in loaded.notes[0] and loaded.game.state == game.state


# --- interrupted writes --------------------------------------------------------------------------

class Interrupted(Exception):
    pass


def _explode(*_args, **_kwargs):
    raise Interrupted("power cut")


def _half_writer(real_fdopen):
    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        real_write = handle.write

        class Half:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                real_write(data[: len(data) // 2])
                handle.flush()
                raise OSError(28, "No space left on device")

            def __getattr__(self, name):
                return getattr(handle, name)
        return Half()
    return fdopen


@pytest.mark.parametrize("point", ["mkstemp", "write", "fsync", "replace", "replace-oserror"])
def test_an_interrupted_write_leaves_the_previous_save(content, tmp_path, monkeypatch, point):
    first, second = played(content, 2), played(content, 5)
    path = save_game(first, "Slot", tmp_path)
    before = path.read_bytes()
    if point == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", _explode)
    elif point == "write":
        monkeypatch.setattr(saves.os, "fdopen", _half_writer(os.fdopen))
    elif point == "fsync":
        monkeypatch.setattr(saves.os, "fsync", _explode)
    elif point == "replace":
        monkeypatch.setattr(saves.os, "replace", _explode)
    else:
        monkeypatch.setattr(saves.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    with pytest.raises((Interrupted, SaveError)) as caught:
        save_game(second, "Slot", tmp_path, overwrite=True)
    if isinstance(caught.value, SaveError):
        assert str(path) in str(caught.value) and "could not be written" in str(caught.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_game(path, content).state == first.state
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.json"]  # no temporary file left


def test_an_interrupted_first_save_leaves_nothing(content, tmp_path, monkeypatch):
    monkeypatch.setattr(saves.os, "replace", _explode)
    with pytest.raises(Interrupted):
        save_game(played(content, 1), "New", tmp_path)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == [] and list_saves(tmp_path) == []


# --- architecture --------------------------------------------------------------------------------

def test_saves_and_replay_import_no_user_interface():
    code = ("import sys, game.files.saves, game.files.replay; "
            "bad = [m for m in ('textual', 'rich') if m in sys.modules]; print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_saves_never_use_pickle_or_eval():
    for module in ("saves.py", "save_loading.py", "replay.py"):
        source = (Path(saves.__file__).parent / module).read_text("utf-8")
        for word in ("pickle", "eval(", "exec(", "marshal"):
            assert word not in source, (module, word)
