"""The campaign's dilemmas on markets, zones, information and diplomacy (2002-2006) meet the
writing standard: word counts, grounding fields, real trade-offs between options, pinned dates
and follow-up chains that can fire."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from attrs import evolve

from game.api import Game
from game.rules.model import Date

CONTENT = Path(__file__).resolve().parent.parent / "content"
FILES = ["economy.toml", "opening.toml", "security.toml", "diplomacy.toml"]


def _files() -> list[Path]:
    events = CONTENT / "events"
    return [events / name for name in FILES] + sorted(events.glob("a_*.toml"))


def _events() -> list[dict]:
    found = []
    for path in _files():
        for event in tomllib.loads(path.read_text(encoding="utf-8")).get("event", []):
            found.append(event)
    return found


def _goods() -> dict[str, int]:
    meters = tomllib.loads((CONTENT / "meters.toml").read_text(encoding="utf-8"))["meter"]
    return {m["id"]: 1 if m["good"] == "up" else -1 for m in meters}


def _expected(option: dict, goods: dict[str, int]) -> dict[str, float]:
    values = {m: 0.0 for m in goods}
    for meter, value in option.get("effects", {}).items():
        mean = (value[0] + value[1]) / 2 if isinstance(value, list) else value
        values[meter] = mean * goods[meter]
    return values


EVENTS = _events()
IDS = [e["id"] for e in EVENTS]


def dominated_pairs(event: dict, goods: dict[str, int]) -> list[tuple[str, str]]:
    """(a, b) for every option a that is at least as good as option b on every meter."""
    options = event["options"]
    values = {o["id"]: _expected(o, goods) for o in options}
    pairs = []
    for a in options:
        for b in options:
            if a is b:
                continue
            if all(values[a["id"]][m] >= values[b["id"]][m] for m in goods):
                pairs.append((a["id"], b["id"]))
    return pairs


def test_enough_events():
    assert len(EVENTS) >= 25


@pytest.mark.parametrize("event", EVENTS, ids=IDS)
def test_no_option_dominates_another(event):
    assert dominated_pairs(event, _goods()) == []


def test_dominance_check_catches_a_dominated_option():
    event = {"options": [{"id": "a", "effects": {"economy": 2, "unrest": -1}},
                         {"id": "b", "effects": {"economy": 1}}]}
    assert dominated_pairs(event, _goods()) == [("a", "b")]


@pytest.mark.parametrize("event", EVENTS, ids=IDS)
def test_event_meets_the_writing_standard(event):
    words = len(event["text"].split())
    assert 60 <= words <= 180, f"{words} words of text"
    assert event["title"] and event["history"] and event["quote"]
    assert event["essay"].startswith(("P", "N"))
    assert len(event["quote"].split()) <= 60
    assert 2 <= len(event["options"]) <= 4
    for option in event["options"]:
        assert option["result"] and option["label"]
        for value in option.get("effects", {}).values():
            for amount in value if isinstance(value, list) else [value]:
                assert abs(amount) <= 12


def test_pinned_history_and_chains():
    pinned = {e["id"]: e["pinned"] for e in EVENTS if "pinned" in e}
    for ident, date in {"july_measures": "2002-Q3", "sinuiju": "2002-Q4", "npt_crisis": "2003-Q1",
                        "kaesong_zone": "2004-Q1", "grain_ban": "2005-Q4", "missile_tests": "2006-Q3",
                        "nuclear_test": "2006-Q4", "kumgang_incident": "2008-Q3"}.items():
        assert pinned.get(ident) == date
    assert len(pinned) >= 5
    everything = set()
    for path in (CONTENT / "events").glob("*.toml"):
        everything |= {e["id"] for e in tomllib.loads(path.read_text(encoding="utf-8")).get("event", [])}
    chains = set()
    for event in EVENTS:
        for option in event["options"]:
            for followup in option.get("followups", []):
                assert followup["event"] in everything
                chains.add((event["id"], followup["event"]))
    assert len({target for _, target in chains}) >= 5


def test_essay_paragraphs_cited():
    assert len({e["essay"] for e in EVENTS}) >= 14


def test_windows_fit_the_campaign():
    start, end = Date.parse("2002-Q3"), Date.parse("2011-Q4")
    for event in EVENTS:
        for key in ("pinned", "earliest", "latest"):
            if key in event:
                assert start <= Date.parse(event[key]) <= end, (event["id"], key)


# --- pinned history fires in play -----------------------------------------------------------------

PINNED_IN_PLAY = [  # (event, its season, flags a run would plausibly hold by then)
    ("july_measures", "2002-Q3", ()),
    ("sinuiju", "2002-Q4", ("july_measures",)),
    ("npt_crisis", "2003-Q1", ("july_measures",)),
    ("kaesong_zone", "2004-Q1", ("july_measures", "six_party")),
    ("joint_statement", "2005-Q3", ("six_party", "kaesong")),
    ("grain_ban", "2005-Q4", ("markets_legal", "kaesong")),
    ("missile_tests", "2006-Q3", ("six_party",)),
    ("nuclear_test", "2006-Q4", ("left_npt",)),
    ("kumgang_incident", "2008-Q3", ("kumgang_open", "kaesong")),
]


@pytest.mark.parametrize("ident,season,flags", PINNED_IN_PLAY, ids=[p[0] for p in PINNED_IN_PLAY])
def test_pinned_event_is_drawn_in_its_season(content, ident, season, flags):
    """Move a calm default game to the season before, end the turn, and the pinned event is drawn."""
    game = Game.new(content, "default", seed=3)
    start = game.state.date
    date = Date.parse(season)
    if date == start:
        assert ident in game.state.drawn
        return
    before = Date.from_index(date.index - 1)
    calm = {"economy": 40, "treasury": 40, "loyalty": 65, "unrest": 20, "surveillance": 65,
            "isolation": 70, "awareness": 25, "reform": 20, "tension": 50}
    game.state = evolve(game.state, date=before, turn=before.index - start.index + 1,
                        flags=frozenset(flags), pending=(), meters={**game.state.meters, **calm})
    game.end_season()
    assert not game.over
    assert game.date == date and ident in game.state.drawn


@pytest.mark.parametrize("ident,blocking_flag", [("nuclear_test", "disarming"),
                                                 ("joint_statement", "talks_boycotted"),
                                                 ("kumgang_incident", None)])
def test_pinned_event_waits_on_its_condition(content, ident, blocking_flag):
    """A pinned event whose condition fails gives way: the season brings something else."""
    event = content.events[ident]
    game = Game.new(content, "default", seed=3)
    start = game.state.date
    before = Date.from_index(event.pinned.index - 1)
    flags = {"left_npt", "six_party"} | ({blocking_flag} if blocking_flag else set())
    game.state = evolve(game.state, date=before, turn=before.index - start.index + 1,
                        flags=frozenset(flags), pending=())
    game.end_season()
    if not game.over:
        assert ident not in game.state.drawn and game.state.drawn


def test_flags_set_here_are_read_and_flags_read_here_are_set():
    everything = "\n".join(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.toml"))
    set_anywhere = set()
    for path in CONTENT.rglob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for event in data.get("event", []):
            for option in event["options"]:
                set_anywhere |= set(option.get("set_flags", []))
        for scenario in data.get("scenario", []):
            set_anywhere |= set(scenario.get("flags", []))
    for event in EVENTS:
        for option in event["options"]:
            for flag in option.get("set_flags", []) + option.get("clear_flags", []):
                assert f"flag.{flag}" in everything, f"{event['id']}/{option['id']} sets '{flag}', which nothing reads"
        conditions = [event.get("when", "")] + [m["when"] for m in event.get("modifiers", [])]
        for condition in conditions:
            for word in condition.replace("(", " ").replace(")", " ").split():
                if word.startswith("flag."):
                    assert word[5:] in set_anywhere, f"{event['id']} reads '{word}', which nothing sets"
