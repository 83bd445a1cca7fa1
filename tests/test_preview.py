"""Preview and jump, for content writers: `show DILEMMA --state ...` tells a dilemma as its variants choose
in a state, and `--force DILEMMA` starts a game that meets it in its first season."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.api import Game
from game.cli import main
from game.content.loader import load_or_raise
from game.content.preview import PreviewError, forced, start_state, tell
from game.files.replay import encode_run
from game.files.saves import SaveError, game_from_code
from game.tui.app import SoftLandingApp
from test_tui_support import wait_for_content

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
CLOSED = "With the markets closed by decree"  # what koryolink's variant adds while policy.markets == 0


@pytest.fixture(scope="module")
def content():
    return load_or_raise()


def test_show_tells_the_dilemma_as_its_variants_choose_for_the_state(capsys):
    assert main(["show", "koryolink", "--state", "policy.markets=0,flag.two_states,year=2008"]) == 0
    shown = capsys.readouterr().out
    assert "A Network for Cairo" in shown and CLOSED in shown
    assert "License Orascom and sell phones to all who can pay" in shown
    assert "flag.two_states" in shown and "policy.markets=0" in shown
    assert main(["show", "koryolink", "--state", "policy.markets=2"]) == 0
    assert CLOSED not in capsys.readouterr().out


def test_show_marks_an_option_the_state_does_not_offer(capsys):
    assert main(["show", "radios", "--content", str(MINIMAL), "--state", "policy.markets=0"]) == 0
    assert "(not offered in this state)" in capsys.readouterr().out
    assert main(["show", "radios", "--content", str(MINIMAL), "--state", "policy.markets=2"]) == 0
    assert "not offered" not in capsys.readouterr().out


def test_show_says_when_the_dilemma_would_not_come_in_that_state(capsys):
    assert main(["show", "riot", "--content", str(MINIMAL), "--state", "unrest=10"]) == 0
    assert "Its condition does not hold in this state" in capsys.readouterr().out
    assert main(["show", "riot", "--content", str(MINIMAL), "--state", "unrest=60"]) == 0
    assert "does not hold" not in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "words"), [
    (["show", "korylink"], "no dilemma 'korylink' (did you mean 'koryolink'?)"),
    (["show", "koryolink", "--state", "polcy.markets=0"], "(did you mean 'policy'?)"),
    (["show", "koryolink", "--state", "policy.markts=0"], "no policy 'markts' (did you mean 'markets'?)"),
    (["show", "koryolink", "--state", "policy.markets=7"], "policy markets has levels 0 to 2"),
    (["show", "koryolink", "--state", "econmy=20"], "(did you mean 'economy'?)"),
    (["show", "koryolink", "--state", "economy=lots"], "the value after = is a number"),
    (["show", "koryolink", "--state", "phase=crisiss"], "no phase 'crisiss' (did you mean 'crisis'?)"),
])
def test_show_names_what_it_cannot_read(capsys, argv, words):
    assert main(argv) == 2
    assert words in " ".join(capsys.readouterr().out.split())


def test_the_state_starts_from_the_scenario_and_changes_as_asked(content):
    ns, flags, policies = start_state(content, "after_the_stroke", "economy=12,flag.kaesong=0,flag.extra,phase.crisis,quarter=2")
    assert ns["economy"] == 12 and ns["year"] == 2008 and ns["quarter"] == 2 and ns["phase"] == "crisis"
    assert "kaesong" not in flags and "extra" in flags and "lee_hardline" in flags
    assert policies["border"] == 2
    told = tell(content, "koryolink", "policy.markets=0")
    assert CLOSED in told.text and len(told.options) == 3


def test_force_brings_the_dilemma_in_the_first_season(content):
    game = Game.new(forced(content, "ryongchon"), None, 3)  # pinned to 2004 in the campaign
    assert "ryongchon" in game.state.pending
    assert "ryongchon" not in Game.new(content, None, 3).state.pending
    later = Game.new(forced(content, "library_sections", "after_the_stroke"), "after_the_stroke", 5)
    assert "library_sections" in later.state.pending


def test_a_forced_game_s_run_code_does_not_replay_on_the_content_as_it_is(content):
    game = Game.new(forced(content, "ryongchon"), None, 3)
    while game.dilemma is not None:
        game.answer(game.options()[0].id)
    code = encode_run(game)
    with pytest.raises(SaveError):
        game_from_code(code, content)


def test_force_names_an_unknown_dilemma(content):
    with pytest.raises(PreviewError, match="did you mean 'ryongchon'"):
        forced(content, "ryongchn")


def test_force_is_an_option_of_play(capsys):
    assert main(["--force", "ryongchon", "check"]) == 2
    assert "--force before 'check' is an option of play" in capsys.readouterr().err


async def test_the_game_started_with_force_meets_it_at_once(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path, force="ryongchon")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        for _ in range(100):
            if app.game is not None:
                break
            await pilot.pause(0.02)
        assert app.game is not None and "ryongchon" in app.game.state.pending


async def test_force_of_an_unknown_dilemma_is_a_message(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path, force="ryongchn")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        assert app.content_problem is not None and "did you mean 'ryongchon'" in app.content_problem
