"""`soft-landing simulate`: the JSON report, reproducibility, user strategies and clear errors."""

import json
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.sim.simulate import merge, simulate
from game.sim.strategies import load_strategy

MINIMAL = Path(__file__).parent / "data" / "minimal"
STRATEGIES = Path(__file__).parent / "data" / "strategies"


def run_json(capsys, *args):
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_report_has_every_field_and_counts_add_up(capsys, content):
    report = run_json(capsys, "--runs", "30", "--seed", "7", "--strategy", "random")
    assert report["runs"] == 30 and report["seed"] == 7 and report["strategy"] == "random"
    assert set(report["endings"]) == {"survival", "soft_landing", "collapse"}
    assert sum(report["endings"].values()) == 30
    assert sum(report["collapse_kinds"].values()) == report["endings"]["collapse"]
    assert 1 <= report["mean_turns"] <= 38
    assert set(report["events_seen"]) == set(content.events)
    assert all(0 <= n <= 30 for n in report["events_seen"].values())
    expected_options = {f"{e.id}/{o.id}" for e in content.events.values() for o in e.options}
    assert set(report["options_chosen"]) == expected_options
    assert report["seconds"] >= 0


def test_same_arguments_give_the_same_report(capsys):
    first = run_json(capsys, "--runs", "20", "--seed", "3", "--strategy", "cautious")
    second = run_json(capsys, "--runs", "20", "--seed", "3", "--strategy", "cautious")
    first.pop("seconds"), second.pop("seconds")
    assert first == second
    third = run_json(capsys, "--runs", "20", "--seed", "4", "--strategy", "cautious")
    third.pop("seconds")
    assert third != first


def test_other_content_and_scenario(capsys):
    report = run_json(capsys, "--runs", "10", "--content", str(MINIMAL), "--scenario", "short")
    assert report["scenario"] == "short"
    assert set(report["events_seen"]) == {"measures", "inflation", "radios", "riot"}


def test_a_users_strategy_by_module_and_function(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(STRATEGIES))
    report = run_json(capsys, "--runs", "5", "--strategy", "last_option:choose", "--content", str(MINIMAL),
                      "--scenario", "short")
    assert report["options_chosen"]["measures/shelve"] == 5
    assert report["options_chosen"]["measures/adopt"] == 0
    sys.modules.pop("last_option", None)


@pytest.mark.parametrize(("args", "words"), [
    (["--strategy", "bogus"], "unknown strategy 'bogus'"),
    (["--strategy", "no_such_module:f"], "cannot load strategy"),
    (["--runs", "0"], "--runs must be at least 1"),
    (["--scenario", "nowhere"], "no scenario 'nowhere'"),
])
def test_bad_arguments_are_explained(capsys, args, words):
    assert main(["simulate", *args]) == 2
    assert words in capsys.readouterr().out


def test_table_output(capsys):
    assert main(["simulate", "--runs", "5", "--strategy", "hardliner"]) == 0
    out = capsys.readouterr().out
    assert "survival" in out and "campaigns/s" in out and "dilemmas never seen" in out


def test_parts_merge_into_the_whole(content):
    strategy = load_strategy("random")
    whole = simulate(content, strategy, 12, 9)
    parts = merge([simulate(content, strategy, 5, 9, first=0), simulate(content, strategy, 7, 9, first=5)])
    for name in ("runs", "endings", "collapse_kinds", "events_seen", "options_chosen", "endings_by_turn"):
        assert getattr(parts, name) == getattr(whole, name)
    assert parts.mean_turns == pytest.approx(whole.mean_turns)


def test_the_report_plays_again_the_settings_that_led():
    """The balance report's second look: the settings that survived most and those that landed at all,
    most first, never a setting that did not land for its landing odds."""
    from game.sim.balance import CONFIRM_SETTINGS, Tally, confirm_runs, to_confirm

    totals = {}
    for index in range(12):
        t = Tally(f"policy_{index:05d}", runs=20)
        t.outcomes["survival"] = index  # policy_00011 survives most
        t.outcomes["soft_landing"] = 3 if index == 2 else 0
        totals[t.strategy] = t
    chosen = to_confirm(totals, list(totals))
    assert chosen[:CONFIRM_SETTINGS] == [f"policy_{i:05d}" for i in range(11, 11 - CONFIRM_SETTINGS, -1)]
    assert chosen[CONFIRM_SETTINGS:] == ["policy_00002"]
    assert confirm_runs(1000) == 200 and confirm_runs(20) == 20 and confirm_runs(100) == 50


def test_the_report_shows_the_settings_played_again(capsys):
    """With fixed settings asked for, the report plays the leaders again and judges by that second look."""
    assert main(["balance", "--runs", "60", "--strategies", "policy_11111,policy_00000,random"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2 settings, 10 runs each" in out and "the 2 that survived or landed most, played again" in out
    assert "highest survival: policy_11111" in out
    assert main(["balance", "--runs", "60", "--strategies", "policy_11111,policy_00000", "--json"]) == 0
    import json
    runs = {name: s["runs"] for name, s in json.loads(capsys.readouterr().out)["strategies"].items()}
    assert runs == {"policy_11111": 50, "policy_00000": 50}  # the first look played 10 each
