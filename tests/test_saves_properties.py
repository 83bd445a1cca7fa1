"""Laws of saves and run codes, hunted with hypothesis.

- For any reachable state, loading its save gives the state back, and replaying its moves does too.
- Any byte string, any JSON value and any mutation of a valid save either loads or is refused with
  a SaveError: never another exception.
- Run codes round-trip; garbage codes are refused with a SaveError.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import given

from game.files import replay, saves
from game.api import Game
from game.content.loader import load_or_raise
from game.files.replay import replay_moves
from game.files.saves import SaveError, game_from_code, load_save, run_code, save_game


@lru_cache(maxsize=1)
def _content():
    return load_or_raise()


def drive(data: st.DataObject, content, max_turns: int = 40) -> Game:
    """A reachable game: a scenario, a seed, then options and policy moves chosen by hypothesis."""
    scenario = data.draw(st.sampled_from(sorted(content.scenarios)), label="scenario")
    seed = data.draw(st.one_of(st.integers(0, 10_000), st.integers(-(2**70), 2**70)), label="seed")
    game = Game.new(content, scenario, seed)
    turns = data.draw(st.integers(0, max_turns), label="turns")
    for turn in range(turns):
        if game.over:
            break
        last = turn == turns - 1
        while game.dilemma:
            _maybe_policy(data, game)
            options = game.options()
            game.answer(options[data.draw(st.integers(0, len(options) - 1), label="option")].id)
            if last and data.draw(st.booleans(), label="stop mid-turn"):
                return game
        _maybe_policy(data, game)
        game.end_season()
    return game


def _maybe_policy(data: st.DataObject, game: Game) -> None:
    moves = [(pid, level) for pid, levels in game.policy_moves().items() for level in levels]
    if moves and data.draw(st.integers(0, 5), label="policy?") == 0:
        pid, level = moves[data.draw(st.integers(0, len(moves) - 1), label="policy move")]
        game.set_policy(pid, level)


@given(st.data())
def test_loading_a_save_gives_the_state_back_and_so_do_its_moves(data):
    content = _content()
    game = drive(data, content)
    state = game.state
    with tempfile.TemporaryDirectory() as folder:
        path = save_game(game, "any", Path(folder))
        loaded = load_save(path, content)
        stored = json.loads(path.read_text("utf-8"))
    assert loaded.game.state == state
    assert not loaded.rebuilt and loaded.info.turn == state.turn
    assert saves.CONVERTER.structure(stored["state"], type(state)) == state
    assert replay_moves(content, stored["scenario"], stored["seed"], stored["moves"]).state == state


@given(st.data())
def test_run_codes_round_trip(data):
    content = _content()
    game = drive(data, content)
    code = run_code(game)
    assert code.startswith("SL1-") and code.isascii() and len(code) < 120
    assert game_from_code(code, content).state == game.state
    assert game_from_code(code.lower(), content).state == game.state
    spaced = " ".join(code[i:i + 8] for i in range(0, len(code), 8))
    assert game_from_code(spaced, content).state == game.state


# --- anything else is refused cleanly --------------------------------------------------------------

def _load(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.json"
        path.write_bytes(data)
        try:
            load_save(path, _content())
        except SaveError as error:
            assert str(error).startswith(str(path)) and error.problem
        assert path.read_bytes() == data
        rows = saves.list_saves(Path(folder))
        assert len(rows) == 1


@given(st.binary(max_size=2000))
def test_any_bytes_load_or_are_refused(data):
    _load(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=12)


@given(json_values)
def test_any_json_value_loads_or_is_refused(value):
    _load(json.dumps(value).encode())


header_values = (st.none() | st.booleans() | st.integers(-3, 2**65) | st.sampled_from(["default", "2004-Q2", "end"])
                 | st.text(max_size=8) | st.lists(st.sampled_from(["end", "x:y", "policy:markets:1", 3]), max_size=4)
                 | st.dictionaries(st.sampled_from(["turn", "meters", "seed"]), st.integers(0, 3), max_size=2))


@given(st.dictionaries(st.sampled_from(["name", "saved_at", "autosave", "game_version", "content", "scenario",
                                        "seed", "turn", "date", "phase", "outcome", "moves", "state"]),
                       header_values, max_size=13),
       st.sampled_from([1, 2]))
def test_any_json_with_a_save_header_loads_or_is_refused(fields, version):
    _load(json.dumps({"game": saves.MARK, "format": version, **fields}).encode())


@lru_cache(maxsize=1)
def _valid_save() -> str:
    game = Game.new(_content(), seed=21)
    for _ in range(3):
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    return saves._text(saves.document(game, "base"))


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, here + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, here + (index,))
    return found


@st.composite
def mutated_saves(draw) -> bytes:
    text = _valid_save()
    kind = draw(st.sampled_from(["flip", "truncate", "delete", "retype", "splice"]))
    raw = text.encode()
    if kind == "flip":
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1:]
    if kind == "truncate":
        return raw[: draw(st.integers(0, len(raw) - 1))]
    if kind == "splice":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    doc = json.loads(text)
    path = draw(st.sampled_from(_paths(doc)[1:]))
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if kind == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return json.dumps(doc).encode()


@given(mutated_saves())
def test_any_mutation_of_a_valid_save_loads_or_is_refused(data):
    _load(data)


# --- run codes ------------------------------------------------------------------------------------

def _refused(code: str) -> None:
    try:
        game_from_code(code, _content())
    except SaveError as error:
        assert "run code" in str(error)


@given(st.text(max_size=80))
def test_garbage_codes_are_refused(code):
    _refused(code)


@given(st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ-ilo ", max_size=80))
def test_garbage_after_the_prefix_is_refused(tail):
    try:
        game_from_code("SL1-" + tail, _content())
        raise AssertionError("a random code was accepted")
    except SaveError as error:
        assert "run code" in str(error)


@given(st.data())
def test_a_code_with_one_character_changed_is_refused(data):
    content = _content()
    code = run_code(drive(data, content, max_turns=10))
    at = data.draw(st.integers(4, len(code) - 1), label="position")
    char = data.draw(st.sampled_from([c for c in replay._ALPHABET if c != code[at]]), label="new character")
    try:
        game_from_code(code[:at] + char + code[at + 1:], content)
        raise AssertionError("a damaged code was accepted")
    except SaveError:
        pass


@given(st.binary(max_size=60))
def test_any_code_with_a_good_checksum_replays_or_is_refused(body):
    code = replay.CODE_PREFIX + replay._base32(body + zlib.crc32(body).to_bytes(4, "big"))
    _refused(code)
