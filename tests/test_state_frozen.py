"""A frozen GameState is frozen all the way down: its mappings refuse changes, it hashes, and a
live copy made from it shares nothing that can change."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from game.api import Game
from game.files.saves import CONVERTER, load_save, save_game
from game.rules.state import FrozenDict


def finished(content, seed: int = 8) -> Game:
    game = Game.new(content, seed=seed)
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    return game


@pytest.fixture(scope="module")
def state(content):
    return finished(content).state


@pytest.mark.parametrize("name", ["meters", "start_meters", "policies", "last_fired", "streaks"])
def test_every_mapping_of_a_state_refuses_change(state, name):
    mapping = getattr(state, name)
    key = next(iter(mapping), "x")
    for change in (lambda: mapping.__setitem__(key, 99), lambda: mapping.update({key: 1}), lambda: mapping.pop(key),
                   mapping.clear, mapping.popitem, lambda: mapping.setdefault("new", 1), lambda: mapping.__delitem__(key)):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(TypeError):
        mapping |= {key: 1}
    assert getattr(state, name) == mapping


def test_the_records_of_past_turns_refuse_change_too(state):
    with pytest.raises(TypeError):
        state.history[0].meters["unrest"] = 99.0
    assert isinstance(state.history[0].meters, FrozenDict)


def test_a_state_hashes_and_equal_states_hash_alike(content, state):
    again = finished(content).state
    assert again == state and hash(again) == hash(state)
    assert len({state, again, Game.new(content, seed=9).state}) == 2


def test_thaw_shares_nothing_that_can_change(state):
    live = state.thaw()
    for name in ("meters", "policies", "last_fired", "streaks", "flags", "history", "moves"):
        assert getattr(live, name) is not getattr(state, name), name
    with pytest.raises(TypeError):  # the start never changes in play: shared, and frozen
        live.start_meters["unrest"] = -1.0
    live.meters["unrest"] = -1.0
    live.policies[next(iter(live.policies))] = 99
    assert state.start_meters["unrest"] != -1.0 and state.meters["unrest"] != -1.0
    assert 99 not in state.policies.values()


def test_frozen_mappings_read_like_dicts_and_travel_through_json_pickle_and_copy(state, content, tmp_path):
    assert state.meters == dict(state.meters) and isinstance(state.meters, FrozenDict)
    assert json.loads(json.dumps(CONVERTER.unstructure(state)))["meters"] == dict(state.meters)
    assert pickle.loads(pickle.dumps(state)) == state and copy.deepcopy(state) == state
    game = finished(content)
    loaded = load_save(save_game(game, "frozen", tmp_path), content).game.state
    assert type(loaded.meters) is FrozenDict and loaded == game.state and hash(loaded) == hash(game.state)
