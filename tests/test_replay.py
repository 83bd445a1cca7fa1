"""Run codes and ``soft-landing replay CODE|PATH``: exact replays, clear refusals, no tracebacks."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.files import replay
from game.api import Game, MoveError
from game.cli import main
from game.content.loader import DEFAULT_CONTENT, load_or_raise
from game.files.saves import SaveError, game_from_code, run_code, save_game
from game.sim.simulate import play
from game.sim.strategies import load_strategy


@pytest.fixture(scope="module")
def finished(content) -> Game:
    """A campaign played to its ending."""
    return play(content, load_strategy("cautious"), 0, 0)


def test_a_finished_campaign_has_a_short_code_that_replays_it(content, finished):
    code = run_code(finished)
    assert code.startswith("SL1-") and len(code) < 80
    assert set(code[4:]) <= set(replay._ALPHABET)
    again = game_from_code(code, content)
    assert again.state == finished.state and again.over


def test_a_new_game_has_a_code_too(content):
    game = Game.new(content, seed=-7)
    assert game_from_code(run_code(game), content).state == game.state


def test_codes_are_read_forgivingly(content, finished):
    code = run_code(finished)
    body = code[4:]
    assert game_from_code(f"  sl1-{body.lower()}\n", content).state == finished.state
    misread = body.replace("0", "O").replace("1", "I")
    assert game_from_code("SL1-" + misread, content).state == finished.state


@pytest.mark.parametrize("code, words", [
    ("", ["empty"]),
    ("hello", ["not a run code"]),
    ("SL2-ABCDEFGH", ["version 2"]),
    ("SL1-AB", ["too short"]),
    ("SL1-ABCDEFGHJKMNPQRST", ["damaged", "wrong or missing"]),
    ("SL1-ABC!DEF", ["'!'"]),
])
def test_bad_codes_name_the_code_and_the_fault(content, code, words):
    with pytest.raises(SaveError) as caught:
        game_from_code(code, content)
    message = str(caught.value)
    assert message.startswith("run code")
    for word in words:
        assert word in message


def test_a_mistyped_character_breaks_the_checksum(content, finished):
    code = run_code(finished)
    last = "X" if code[-1] != "X" else "Y"
    with pytest.raises(SaveError, match="damaged.*checksum"):
        game_from_code(code[:-1] + last, content)


def test_a_code_survives_a_change_of_prose(content, finished, tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, copy)
    for file in copy.rglob("*.toml"):
        file.write_text(file.read_text("utf-8").replace('title = "', 'title = "Revised: ') + "\n# reworded\n", "utf-8")
    other = load_or_raise(copy)
    assert other.fingerprint == content.fingerprint
    assert game_from_code(run_code(finished), other).state.moves == finished.state.moves


def test_a_code_from_other_content_says_so(content, finished, tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, copy)
    (copy / "zz_unused.toml").write_text(UNUSED_EVENT, "utf-8")  # play content differs, not only prose
    other = load_or_raise(copy)
    if replay._tag(other) == replay._tag(content):
        pytest.skip("the two fingerprints share their tag")
    with pytest.raises(SaveError, match="other content"):
        game_from_code(run_code(finished), other)


UNUSED_EVENT = (Path(__file__).parent / "data" / "unused_event.toml").read_text("utf-8")


# --- the command -----------------------------------------------------------------------------------

def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["replay", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_replay_a_code_prints_where_it_ends(capsys, finished):
    status, out = run_cli(capsys, run_code(finished))
    state = finished.state
    assert status == 0
    for text in (f"{state.turn} of {state.last_turn}", str(state.date), finished.phase_name,
                 finished.ending.title, (state.outcome or "").replace("_", " ")):
        assert text in out
    for reason in finished.reasons:
        assert reason.split(":")[0] in out
    assert run_code(finished) in out.replace("\n", "")


def test_replay_a_save_file(capsys, content, tmp_path):
    game = Game.new(content, seed=4)
    for _ in range(3):
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    path = save_game(game, "three turns", tmp_path)
    status, out = run_cli(capsys, str(path))
    assert status == 0
    assert f"{game.state.turn} of" in out and str(game.date) in out and "still in play" in out


@pytest.mark.parametrize("argument, words, status", [
    ("SL1-ZZZZZZZZZZZZ", ["run code", "SL1-ZZZZZZZZZZZZ", "damaged"], 1),
    ("nowhere/lost.json", ["nowhere/lost.json", "no such save file"], 2),
    ("banana", ["banana", "not a run code"], 2),
])
def test_replay_refuses_what_it_cannot_read(capsys, argument, words, status):
    code, out = run_cli(capsys, argument)
    assert code == status
    for word in words:
        assert word in out
    assert "Traceback" not in out


def test_replay_a_bad_save_file_names_it(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"game": "Soft Landing save", "format": 2, "seed"', "utf-8")
    code, out = run_cli(capsys, str(path))
    assert code == 1 and "broken.json" in out.replace("\n", "") and "truncated" in out  # a long folder wraps the name


def test_the_installed_command_never_shows_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe garbage")
    for argument in ("SL1-0000", str(bad), str(tmp_path)):
        result = subprocess.run([sys.executable, "-m", "game", "replay", argument],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        assert "Traceback" not in result.stdout + result.stderr
        assert Path(argument).name in (result.stdout + result.stderr).replace("\n", "")


#: the content the earlier codes were made with: a code replays only on its own content, and the
#: game's content grows, so the codes are replayed on a copy of it as it was
EARLIER_CONTENT = Path(__file__).parent / "data" / "earlier_content"

#: codes written by an earlier version of the game, with what they must still replay to
EARLIER_CODES = [  # (code, number of moves, the last answer, the ending, sha256 of the moves, one per line)
    ("SL1-40HJDR11RKV5Q9M5W56WP6GG40TK8YG", 39, "group_109:let_it_earn", "survival", "0f8a0a236cd1f13f"),
    ("SL1-8134VG590ZDC5CFF38ZTWA258QAY05H906HSGPG4R362ZWR888DR79J07A", 107, "kim_death:promise_relief", "survival_hollow", "554dfc12a139e7c2"),
]


@pytest.fixture(scope="module")
def earlier_content():
    return load_or_raise(EARLIER_CONTENT)


@pytest.mark.parametrize("code, count, last_answer, ending, digest", EARLIER_CODES)
def test_codes_from_earlier_versions_replay_the_same_moves(earlier_content, code, count, last_answer, ending, digest):
    """Options are counted in the writers' order, whatever order a game shows them in."""
    state = replay.decode_run(code, earlier_content).state
    moves = state.moves
    assert len(moves) == count and moves[-2] == last_answer and state.ending == ending
    assert hashlib.sha256("\n".join(moves).encode()).hexdigest()[:16] == digest


def test_every_seed_a_game_accepts_makes_a_code_it_reads_back(content):
    """Seeds of about 2^77 used to start a game whose run code the game then refused."""
    from game.rules.dice import SEED_LIMIT

    for seed in (SEED_LIMIT - 1, -(SEED_LIMIT - 1)):
        game = Game.new(content, seed=seed)
        assert replay.decode_run(replay.encode_run(game), content).state.seed == seed
    for seed in (SEED_LIMIT, -SEED_LIMIT, 2**80):
        with pytest.raises(MoveError, match="seed"):
            Game.new(content, seed=seed)
