"""Seeing a mod's effect: `balance --mod DIR --baseline` plays the same players on the same seeds with and
without the mod, and says which shares moved beyond noise; the report counts the regime's roads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from game.api import Game
from game.sim.balance import Tally, tally
from game.sim.baseline import compare, roads_taken, two_proportion_p
from game.cli import main
from game.content.loader import load_or_raise
from game.sim.personas import holding_names, load_persona
from game.sim.simulate import play
from game.sim.strategies import load_strategy

GRAIN = Path(__file__).parent / "data" / "mods" / "grain_year"


def _tally(name: str, runs: int, **outcomes: int) -> Tally:
    return Tally(name, runs=runs, outcomes=Counter(outcomes), endings=Counter(outcomes))


def test_the_two_proportion_test_tells_chance_from_a_change():
    assert two_proportion_p(50, 100, 50, 100) == pytest.approx(1.0)
    assert two_proportion_p(50, 100, 55, 100) > 0.4  # five points on a hundred runs is noise
    assert two_proportion_p(70, 100, 40, 100) < 0.001  # the hardliner's 70% to 40%
    assert two_proportion_p(70, 100, 40, 100) == pytest.approx(two_proportion_p(40, 100, 70, 100))
    assert two_proportion_p(0, 100, 0, 100) == 1.0 and two_proportion_p(1, 0, 1, 10) == 1.0


def test_compare_gives_each_player_s_shares_side_by_side():
    base = {"hardliner": _tally("hardliner", 100, survival=70, collapse=30)}
    modded = {"hardliner": _tally("hardliner", 100, survival=40, collapse=60)}
    changes = {c.what: c for c in compare(base, modded, ["hardliner", "nobody"])}
    survival = changes["survival"]
    assert (survival.base, survival.mod) == (0.7, 0.4)
    assert survival.difference == pytest.approx(-0.3) and survival.beyond_noise
    assert not changes["soft_landing"].beyond_noise
    assert changes["ending collapse"].mod == 0.6
    assert survival.to_json()["beyond_noise"] is True


def test_roads_taken_names_the_transitions_a_run_took():
    content = load_or_raise()
    seen: Counter[str] = Counter()
    for seed in range(12):
        state = play(content, load_strategy("random"), seed, seed, None).state
        roads = roads_taken(content, state)
        assert len(roads) == len(state.transitions)
        assert all(r in {t.id for t in content.transitions} for r in roads)
        if state.outcome == "survival":
            assert roads[-1] == "campaign_end"
        elif state.outcome == "collapse":
            assert next(t for t in content.transitions if t.id == roads[-1]).kind == state.collapse_kind
        seen.update(roads)
    assert len(seen) >= 3


def test_the_report_counts_roads_per_player():
    modded = load_or_raise(None, mods=[GRAIN])
    seizing = tally(modded, "hardliner", 20, scenario="grain_year")
    assert seizing.roads["grain_riots"] == seizing.collapse_kinds["grain_riots"] > 0
    assert seizing.to_json([2009])["roads"]["grain_riots"] == seizing.roads["grain_riots"]


def test_a_mod_s_policy_is_swept_level_by_level():
    assert holding_names({"grain": 3}) == ["holding_grain_0", "holding_grain_1", "holding_grain_2"]
    player = load_persona("holding_grain_2")
    assert player is not None and player.plan == {"grain": 2}  # type: ignore[attr-defined]
    modded = load_or_raise(None, mods=[GRAIN])
    game = Game.new(modded, "grain_year", 1)
    player.adjust(game, None)  # type: ignore[attr-defined]
    assert game.policies["grain"] == 2
    base_game = Game.new(load_or_raise(), None, 1)
    player.adjust(base_game, None)  # type: ignore[attr-defined]  # a policy the content lacks is left alone


def test_balance_baseline_shows_the_mod_s_effect(capsys):
    argv = ["balance", "--mod", str(GRAIN), "--baseline", "--strategies", "hardliner", "--runs", "30", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {(r["player"], r["what"]): r for r in report["baseline"]}
    survival = rows[("hardliner", "survival")]
    assert survival["base"] > 0.4 and survival["mod"] < survival["base"] and survival["beyond_noise"]
    assert rows[("hardliner", "ending collapse_grain_riots")]["base"] == 0.0
    assert report["strategies"]["hardliner"]["roads"]["grain_riots"] > 0


def test_balance_baseline_in_words(capsys):
    argv = ["balance", "--mod", str(GRAIN), "--baseline", "--strategies", "hardliner", "--runs", "20"]
    assert main(argv) == 0
    shown = capsys.readouterr().out
    assert "With the mod against without it" in shown and "Roads the regime took" in shown
    assert "Beyond noise" in shown and "hardliner survival" in shown


@pytest.mark.parametrize(("argv", "words"), [
    (["balance", "--scenario", "grain_yer", "--mod", str(GRAIN)], "no scenario grain_yer (did you mean 'grain_year'?)"),
    (["balance", "--baseline"], "--baseline compares the content with a mod laid over it: give --mod DIR"),
])
def test_balance_names_what_it_cannot_do(capsys, argv, words):
    assert main(argv) == 2
    assert words in " ".join(capsys.readouterr().out.split())


def test_a_scenario_only_the_mod_has_is_played_and_said_to_have_no_baseline(capsys):
    argv = ["balance", "--mod", str(GRAIN), "--scenario", "grain_year", "--baseline", "--strategies", "random",
            "--runs", "10"]
    assert main(argv) == 0
    assert "the content alone has no scenario grain_year" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("width", [80, 120])
def test_the_roads_table_fits_the_screen_with_every_number_and_name_whole(content, width):
    """At 80 columns the roads' table was one table of 15 columns, every number cut to "0…": it now splits into
    tables that each fit, every road in one of them with its name and its numbers whole."""
    from rich.console import Console

    from game.commands.balance_report import _print_roads

    roads = [t.id for t in content.transitions]
    names = ["random", "walls_until_2009", "landing_watcher"]
    totals = {name: Tally(name, runs=40, roads=Counter({road: k + i for k, road in enumerate(roads)})) for i, name in enumerate(names)}
    console = Console(width=width, record=True, color_system=None)
    _print_roads(console, content, totals, names)
    shown = console.export_text()
    assert "…" not in shown
    assert max(len(line) for line in shown.splitlines()) <= width
    headers = " ".join(shown.split())
    for road in roads:
        assert all(word in headers for word in road.split("_")), road
    assert f"{(len(roads) - 1 + 2) / 40:.2f}" in shown  # the last road's count for the last player
    tables = shown.count("Roads the regime took")
    assert tables == shown.count("strategy") and tables >= (2 if width == 80 else 1)
