"""The world remembers what the player did: tellings that follow the run, premises checked by reasoning,
follow-ups that keep to their moment, and a full meter that says so."""

import shutil
from collections import Counter
from pathlib import Path

import pytest

from game.api import Game
from game.sim.balance import tally
from game.rules.model import FOLLOWUP_WAIT
from game.rules.engine import new_game
from game.content.loader import load_content
from game.sim.simulate import play, run_seeds
from game.sim.strategies import load_strategy
from game.views import presenter

DATA = Path(__file__).parent / "data"
STANDARD = ("The fixture needs a text of the standard length, so this sentence stands in for the narrative that a "
            "real dilemma would carry: the date, the place, who reports it, what they want, and what each answer "
            "would cost the leadership in money, in loyalty and in what the people come to know.")

REMEMBERING = f'''
[[premise]]
id = "markets_open"
description = "markets that trade openly"
when = "policy.markets >= 1"

[[event]]
id = "stalls"
title = "Stalls"
pinned = "2002-Q3"
assumes = ["markets_open"]
essay = "P6"
quote = "x"
history = "2002."
text = "The stalls thrive. {STANDARD}"

[[event.options]]
id = "tax"
label = "Tax the thriving stalls"
result = "Taxed."
assumes = ["markets_open"]
effects = {{ economy = 2, unrest = 1 }}

[[event.options.variants]]
when = "policy.markets == 0"
label = "Fine the alley traders"
result = "Fined."

[[event.options]]
id = "leave"
label = "Leave them be"
result = "Left."
effects = {{ economy = 1, unrest = -1 }}

[[event.variants]]
when = "policy.markets == 0"
text = "Since the decree the stalls trade in the alleys. {STANDARD}"

[[event.variants]]
when = "policy.markets == 2"
add = "The lawful stalls pay their fees on time."
'''


@pytest.fixture
def remembering(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DATA / "minimal", folder)
    text = (folder / "events.toml").read_text(encoding="utf-8")
    (folder / "events.toml").write_text(text.replace('pinned = "2002-Q3"', 'pinned = "2002-Q4"', 1), encoding="utf-8")
    (folder / "zz_stalls.toml").write_text(REMEMBERING, encoding="utf-8")
    content, problems = load_content(folder)
    assert content is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.level == "error"]
    return content


def game_with_markets(content, level: int) -> Game:
    live = new_game(content, seed=3).thaw()
    live.policies["markets"] = level
    return Game.from_live(content, live)


def test_a_plain_run_meets_the_plain_telling(remembering):
    game = game_with_markets(remembering, 1)
    assert game.dilemma.id == "stalls"
    assert game.dilemma.text.startswith("The stalls thrive.")
    assert {o.label for o in game.options()} == {"Tax the thriving stalls", "Leave them be"}
    assert not game.follows_run()


def test_a_decree_turns_the_telling_and_the_offer(remembering):
    game = game_with_markets(remembering, 0)
    assert game.dilemma.text.startswith("Since the decree")
    labels = {o.id: o.label for o in game.options()}
    assert labels["tax"] == "Fine the alley traders"
    assert {o.id: o.label for o in game.dilemma.options}["tax"] == "Fine the alley traders"
    assert game.follows_run()


def test_an_addition_follows_whichever_text_is_shown(remembering):
    game = game_with_markets(remembering, 2)
    assert game.dilemma.text.startswith("The stalls thrive.")
    assert game.dilemma.text.rstrip().endswith("The lawful stalls pay their fees on time.")
    assert game.follows_run()


def test_the_telling_is_prose_and_decides_nothing(remembering, tmp_path):
    """Rewording a telling or its premises keeps the fingerprint, so saves and run codes stay valid."""
    folder = tmp_path / "content"
    stalls = folder / "zz_stalls.toml"
    stalls.write_text(stalls.read_text(encoding="utf-8").replace("Fine the alley traders", "Fine the hawkers")
                      .replace("markets that trade openly", "markets open to all"), encoding="utf-8")
    reworded, _ = load_content(folder)
    assert reworded is not None and reworded.fingerprint == remembering.fingerprint


def test_a_covered_premise_passes_check(tmp_path):
    """The planted contradiction of tests/data/bad_content/presupposed.toml, answered by a variant."""
    folder = tmp_path / "content"
    shutil.copytree(DATA / "minimal", folder)
    planted = (DATA / "bad_content" / "presupposed.toml").read_text(encoding="utf-8")
    covered = planted + f'\n[[event.variants]]\nwhen = "policy.markets == 0"\ntext = "In the alleys. {STANDARD}"\n'
    (folder / "zz.toml").write_text(covered, encoding="utf-8")
    content, problems = load_content(folder)
    assert content is not None
    assert not [p for p in problems if "assumes" in p.message]
    (folder / "zz.toml").write_text(planted, encoding="utf-8")
    _, problems = load_content(folder)
    assert [p.field for p in problems if "assumes" in p.message] == ["text"]


def test_a_variant_that_reads_only_meters_is_no_memory(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DATA / "minimal", folder)
    planted = REMEMBERING.replace('when = "policy.markets == 2"', 'when = "economy > 60"')
    (folder / "zz.toml").write_text(planted, encoding="utf-8")
    _, problems = load_content(folder)
    assert any(p.field == "variants[1].when" and "reads no flag, policy or phase" in p.message for p in problems)


def test_a_follow_up_keeps_to_its_moment(content):
    """A follow-up comes when due, or after waiting at most FOLLOWUP_WAIT seasons for room; then it is dropped,
    so a dated follow-up is never shown long after the choice that brought it."""
    followups = {f"{e.id}/{o.id}": o.followups for e in content.events.values() for o in e.options if o.followups}
    waits: Counter[int] = Counter()
    for index in range(60):
        game_seed, strategy_seed = run_seeds(7, index)
        state = play(content, load_strategy("random"), game_seed, strategy_seed).state
        due: dict[str, list[int]] = {}
        for ident in content.scenarios[state.scenario].force:
            due.setdefault(ident, []).append(1)
        for record in state.history:
            for decision in record.decisions:
                for followup in followups.get(f"{decision.event}/{decision.option}", ()):
                    due.setdefault(followup.event, []).append(record.turn + followup.after)
        for record in state.history:
            for event in record.drawn:
                if content.events[event].followup_only:
                    waits[min(record.turn - t for t in due[event] if t <= record.turn)] += 1
    assert waits, "no follow-up came in 60 campaigns: the check would be vacuous"
    assert max(waits) <= FOLLOWUP_WAIT, waits


def test_a_full_meter_says_the_gain_was_lost(content):
    live = new_game(content, seed=5).thaw()
    game = Game.from_live(content, live)
    dilemma = game.dilemma
    option = next(o for o in game.options() if any(c.low > 0 for c in o.effects.changes))
    meter = next(c.meter for c in option.effects.changes if c.low > 0)
    live.meters[meter] = 100.0
    game.answer(option.id)
    lost = presenter.lost_to_cap(game, dilemma.id, option.id)
    assert any(content.meters[meter].name in line and "the gain was lost" in line for line in lost)
    assert "any further gain is lost" in presenter.at_bound(game, meter)


def test_a_meter_with_room_loses_nothing(content):
    live = new_game(content, seed=5).thaw()
    game = Game.from_live(content, live)
    dilemma = game.dilemma
    option = next(o for o in game.options() if any(c.low > 0 for c in o.effects.changes))
    for change in option.effects.changes:
        live.meters[change.meter] = 50.0
    game.answer(option.id)
    assert presenter.lost_to_cap(game, dilemma.id, option.id) == []


def test_most_dilemmas_follow_the_run(content):
    """Issue 24: at least 40% of the dilemmas a random player meets are told or offered differently because
    of what the run did (what `soft-landing balance` prints as "dilemmas that follow the run")."""
    result = tally(content, "random", 150)
    assert result.met > 3000
    assert result.follow_share >= 0.40, f"{result.follow_share:.1%} of {result.met} dilemmas follow the run"
