"""Run code layout 2: flags and the class deck after the seed; layout 1 still reads; saves carry both."""

from __future__ import annotations

import zlib

import pytest

from game.files import replay
from game.api import Game
from game.files.saves import load_save, save_game
from game.sim.simulate import play
from game.sim.strategies import load_strategy


def _layout_1(game: Game) -> str:
    """The code an earlier version of the game wrote for a game: layout 1, no flags and no deck."""
    current = replay.read_code(replay.encode_run(game))
    body = (bytes([1]) + current.content_tag + replay._varint(current.scenario)
            + replay._varint(replay._zigzag(current.seed)) + replay._varint(current.count)
            + current.number.to_bytes((current.number.bit_length() + 7) // 8, "big"))
    return replay.CODE_PREFIX + replay._base32(body + zlib.crc32(body).to_bytes(4, "big"))


def test_codes_are_written_in_layout_2_with_flags_and_deck(content):
    game = Game.new(content, seed=3, deck=41)
    run = replay.read_code(replay.encode_run(game))
    assert (run.layout, run.flags, run.deck, run.seed, run.count) == (2, 0, 41, 3, 0)


def test_a_layout_1_code_reads_as_no_flags_and_no_deck(content):
    finished = play(content, load_strategy("cautious"), 0, 2)
    old = _layout_1(finished)
    run = replay.read_code(old)
    assert (run.layout, run.flags, run.deck) == (1, 0, 0)
    again = replay.decode_run(old, content)
    assert again.state == finished.state and again.state.deck == 0 and again.state.rewinds == 0
    assert replay.encode_run(again) != old  # written again, it is layout 2
    assert replay.decode_run(replay.encode_run(again), content).state == finished.state


def test_a_class_game_replays_from_its_code_in_its_deck(content):
    game = Game.new(content, seed=11, deck=977)
    for _ in range(6):
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    again = replay.decode_run(replay.encode_run(game), content)
    assert again.state == game.state and again.state.deck == 977


def test_the_rewind_flag_survives_a_code(content):
    game = Game.new(content, seed=2)
    game.state = game.state.replace(rewinds=3)
    code = replay.encode_run(game)
    assert replay.read_code(code).rewound
    assert replay.decode_run(code, content).state.rewinds == 1  # it does not say where: only that there was one
    game.state = game.state.replace(went_back=(1, 1, 1))
    named = replay.encode_run(game)
    assert replay.read_code(named).went_back == (1, 1, 1)
    assert replay.decode_run(named, content).state == game.state  # how often and where survive the code
    assert replay.read_code(code).went_back == () and code != named
    plain = Game.new(content, seed=2)
    assert not replay.read_code(replay.encode_run(plain)).rewound


@pytest.mark.parametrize("flags, deck, words", [
    (8, 0, "flags"),  # bits 0-2: went back, one life, where it went back; bit 3 means nothing yet
    (4, 0, "went back 0 times"),  # bit 2 promises the seasons gone back to, and there are none
    (0, 1 << 70, "deck"),
])
def test_impossible_flags_or_decks_are_refused(content, flags, deck, words):
    run = replay.read_code(replay.encode_run(Game.new(content, seed=1)))
    body = (bytes([2]) + run.content_tag + replay._varint(run.scenario) + replay._varint(replay._zigzag(run.seed))
            + replay._varint(flags) + replay._varint(deck) + replay._varint(0))
    code = replay.CODE_PREFIX + replay._base32(body + zlib.crc32(body).to_bytes(4, "big"))
    with pytest.raises(replay.CodeError, match=words):
        replay.read_code(code)


def test_an_unknown_layout_is_refused_with_the_ones_known(content):
    run = replay.read_code(replay.encode_run(Game.new(content, seed=1)))
    body = bytes([3]) + run.content_tag + bytes(4)
    code = replay.CODE_PREFIX + replay._base32(body + zlib.crc32(body).to_bytes(4, "big"))
    with pytest.raises(replay.CodeError, match="layout 3.*1 to 2"):
        replay.read_code(code)


def test_saves_carry_the_deck_and_the_rewinds(content, tmp_path):
    game = Game.new(content, seed=8, deck=5)
    for _ in range(3):
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    game.state = game.state.replace(rewinds=2)
    loaded = load_save(save_game(game, "class game", tmp_path), content).game
    assert loaded.state == game.state
    assert (loaded.state.deck, loaded.state.rewinds) == (5, 2)
