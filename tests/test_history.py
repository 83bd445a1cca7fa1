"""History a teacher can hand out: texts true to the season, the scenario and the player's past.

The validator's history checks (game.validate_history) are tested here on made-up texts, so that
each can be seen to fail; the content's own texts, endings and indicators are played through the
engine: each alternative of an earlier choice, each scenario's ending, each choice history would
have moved.
"""

from __future__ import annotations

import re

import pytest

from game.content import validate_history as vh
from game.api import Game
from game.rules.model import Date
from game.rules.regime import run_regime
from game.rules.state import namespace
from game.rules.variants import ENDING_PLACEHOLDERS, fill, placeholders, shown_ending

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _window(first: str, last: str) -> vh.Window:
    return vh.Window(Date.parse(first).index, Date.parse(last).index)


# --- dated texts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, first, last", [
    ("Autumn 2007. A Central Committee inspection reports.", "2007-Q2", "2008-Q2"),  # market_women as it was
    ("Spring 2010. Someone must have been wrong.", "2010-Q2", "2011-Q2"),             # pak_nam_gi
    ("January 2010. The new won has lost its value.", "2010-Q1", "2010-Q3"),          # redenomination_protests
    ("Late 2008. The age ban has not closed the markets.", "2008-Q1", "2009-Q3"),     # market_days
    ("Summer 2008. The Americans want a picture.", "2008-Q2", "2008-Q4"),             # cooling_tower
    ("2004. Two years ago a network opened.", "2004-Q1", "2005-Q1"),
    ("Seoul asks again. In March 2010 the corvette sank.", "2009-Q4", "2010-Q4"),     # a memory of the future
    ("The reunions of 2009 went well.", "2008-Q1", "2010-Q4"),                        # a year not yet reached
])
def test_a_date_the_window_can_contradict_is_found(text, first, last):
    assert vh.dated_problems(text, _window(first, last))


@pytest.mark.parametrize("text, first, last", [
    ("Autumn 2007. The markets have become hotbeds.", "2007-Q4", "2007-Q4"),
    ("2008. The Americans want a picture.", "2008-Q2", "2008-Q4"),
    ("November 2010. The enrichment hall is finished.", "2010-Q4", "2010-Q4"),
    ("Winter 2004. The zone was agreed in 2000 and given its law in November 2002.", "2004-Q1", "2004-Q1"),
    ("The traders have grown rich since 2002, and Romania fell in 1989.", "2005-Q4", "2009-Q1"),
])
def test_a_date_true_in_the_whole_window_passes(text, first, last):
    assert vh.dated_problems(text, _window(first, last)) == []


def test_follow_ups_inherit_the_window_of_what_schedules_them(content):
    windows = vh.event_windows(content)
    # yongbyon_deal is pinned to 2007-Q1 and brings cooling_tower back after five or six seasons
    assert (windows["cooling_tower"].first, windows["cooling_tower"].last) == (
        Date(2008, 2).index, Date(2008, 3).index + vh.FOLLOWUP_WAIT)
    # kaesong_zone (2004-Q1) -> kaesong_workers (7 or 9) -> kaesong_pay (6 or 8): a chain, a wait at each step
    assert (windows["kaesong_workers"].first, windows["kaesong_workers"].last) == (
        Date(2005, 4).index, Date(2006, 2).index + vh.FOLLOWUP_WAIT)
    assert (windows["kaesong_pay"].first, windows["kaesong_pay"].last) == (
        Date(2007, 2).index, Date(2008, 3).index + vh.FOLLOWUP_WAIT)
    # the exchange's protests and the finance chief are pinned to the winter of 2010, when they happened
    assert windows["pak_nam_gi"].first == windows["pak_nam_gi"].last == Date(2010, 1).index
    assert windows["hecker_visit"].first == windows["hecker_visit"].last == Date(2010, 4).index


def test_every_dated_text_of_the_content_lies_in_its_window(content):
    problems: list[str] = []
    vh.check_dates(content, lambda kind, ident, field, message, level="error": problems.append(
        f"{ident}.{field}: {message}"))
    assert not problems, "\n".join(problems)


# --- history notes and quotes --------------------------------------------------------------------

@pytest.mark.parametrize("note", [
    "Reunions were held at Kumgang; the fact sheet gives no figures for them.",
    "Seoul suspended its aid. If no missile flies here, aid goes on as before.",
    "If the programme was being dismantled, the test does not happen and the season brings other business.",
    "The player who chooses this option keeps the flag.",
])
def test_a_note_about_the_game_is_not_history(content, note):
    found: list[str] = []
    event = next(iter(content.events.values()))
    fake = type("C", (), {"events": {event.id: type("E", (), {"id": event.id, "history": note})()}})()
    vh.check_history_notes(fake, lambda kind, ident, field, message, level="error": found.append(message))  # type: ignore[arg-type]
    assert found


def test_no_note_of_the_content_speaks_of_the_game(content):
    for event in content.events.values():
        assert not vh._NOT_HISTORY.search(event.history), (event.id, event.history)


def test_no_quote_is_spread_over_more_than_two_items(content):
    quotes = [e.quote for e in content.events.values()] + [p.quote for p in content.policies.values()]
    quotes += [e.quote for e in content.endings] + [m.quote for m in content.meters.values()]
    normal = [" ".join(q.split()).lower() for q in quotes if q]
    overused = {q: normal.count(q) for q in normal if normal.count(q) > vh.MAX_QUOTE_USES}
    assert not overused, overused


def test_rollbacks_are_not_argued_with_the_essays_case_against_reform(content):
    """P19 says reform brings collapse: it cannot be the point of a dilemma about taking reform back."""
    for event_id in ("grain_ban", "market_days"):
        assert "P19" not in content.events[event_id].essay


# --- endings -------------------------------------------------------------------------------------

def _at(content, scenario: str, date: Date, flags=()):
    game = Game.new(content, scenario, seed=1)
    start = content.scenarios[scenario].start
    return game.state.replace(date=date, turn=date.index - start.index + 1, flags=frozenset(flags))


@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_no_ending_names_a_year_outside_its_run(content, scenario):
    """Every ending, closing a run of this scenario at its last season (or any earlier one for a
    collapse or a landing), names only years between the scenario's start and the run's end."""
    spec = content.scenarios[scenario]
    for ending in content.endings:
        ends = [spec.end] if ending.outcome == "survival" else [
            Date.from_index(i) for i in range(spec.start.index, spec.end.index + 1)]
        for end in ends:
            for flags in ((), ("heir_named",)):
                shown = shown_ending(content, _at(content, scenario, end, flags), ending)
                assert shown is not None
                for field in (shown.title, shown.text, shown.verdict):
                    assert "{" not in field, (ending.id, field)
                    for year in map(int, _YEAR.findall(field)):
                        assert year < 1995 or spec.start.year <= year <= end.year, (
                            f"{ending.id} closing {scenario} in {end}: names {year}")


def test_a_short_run_is_not_told_the_succession(content):
    """A classroom run ends in spring 2008: no heir takes his father's place in it."""
    for seed in range(4):
        game = Game.new(content, "classroom", seed=seed)
        while not game.over:
            while game.dilemma:
                game.answer(game.options()[seed % len(game.options())].id)
            game.end_season()
        ending = game.ending
        assert ending is not None
        assert "general's uniform" not in ending.text and "2011" not in ending.text, ending.id
        if ending.outcome == "survival":
            assert "spring of 2008" in ending.text.lower(), ending.text


LATE_EVENTS = ("succession", "failing health", "stroke", "heir", "currency exchange", "Cheonan")


def test_an_ending_for_any_year_names_no_late_event(content):
    """An ending that does not ask for a year closes classroom runs too, which end in spring 2008: it must
    not say the run came through the Leader's stroke or the succession."""
    for ending in content.endings:
        if ending.when is not None and "year" in ending.when.source:
            continue
        for field in (ending.title, ending.text, ending.verdict):
            named = [words for words in LATE_EVENTS if re.search(rf"\b{words}\b", field, re.IGNORECASE)]
            assert not named, f"{ending.id} names {named}: {field}"


@pytest.mark.parametrize("promises", [(), ("amnesty_promised",), ("cadres_guaranteed",)])
def test_a_pledged_landing_reads_its_own_ending(content, promises):
    """Under Seoul's pledge the kinder world is what the run needed, whatever the cadres were promised:
    the report must say so rather than credit the promise."""
    from game.rules.engine import select_ending
    from game.rules.state import namespace
    state = _at(content, "default", Date(2011, 4), ("two_states", *promises))
    assert select_ending(content, state, namespace(state), "soft_landing", None) == "soft_landing_two_states"
    if promises:
        state = _at(content, "default", Date(2011, 4), promises)
        assert select_ending(content, state, namespace(state), "soft_landing", None) == "soft_landing_cadres"


def test_ending_placeholders_are_known_and_filled(content):
    for ending in content.endings:
        for text in (ending.title, ending.text, ending.verdict):
            assert set(placeholders(text)) <= set(ENDING_PLACEHOLDERS), ending.id
    values = {"when": "the spring of 2008", "When": "The spring of 2008", "year": "2008", "season": "spring",
              "start_year": "2005"}
    assert fill("{When} finds the regime intact, as in {start_year}.", values) == (
        "The spring of 2008 finds the regime intact, as in 2005.")
    assert fill("An {unknown} stays as written.", values) == "An {unknown} stays as written."


def test_the_ending_check_refuses_a_year_and_an_unknown_placeholder(content):
    from attrs import evolve
    bad = evolve(content, endings=(evolve(content.endings[0], text="By the end of 2011 {wen} it held."),))
    found: list[str] = []
    vh.check_endings(bad, lambda kind, ident, field, message, level="error": found.append(message))
    assert any("2011" in m for m in found) and any("{wen}" in m for m in found)


# --- the regime's reasons -------------------------------------------------------------------------

def test_a_reason_names_only_the_values_that_made_it_fire(content):
    state = _at(content, "default", Date(2006, 1)).replace(
        phase="strained", meters={**Game.new(content).state.meters, "unrest": 51, "loyalty": 100})
    verdict = run_regime(content, state, namespace(state))
    reason = verdict.changes[0].reason
    unrest, loyalty = content.meters["unrest"].name, content.meters["loyalty"].name  # meters by their names
    assert verdict.phase == "crisis" and f"{unrest} 51" in reason and loyalty not in reason, reason


def test_the_end_of_the_campaign_denies_no_phase(content):
    row = next(t for t in content.transitions if t.outcome == "survival")
    assert not vh._DENIAL.search(row.reason), row.reason
    found: list[str] = []
    from attrs import evolve
    bad = evolve(content, transitions=(evolve(row, reason="The regime reached the end without collapse or reform"),))
    vh.check_reasons(bad, lambda kind, ident, field, message, level="error": found.append(message))
    assert found


# --- texts that follow the player's past ----------------------------------------------------------

def _play(content, first: str, option: str | None, then: str, when: Date, flags=()):
    """The text of ``then`` shown at ``when`` after answering ``first`` with ``option`` (None: never met)."""
    game = Game.new(content, "default", seed=5)
    state = game.state.replace(flags=frozenset(flags))
    if option is not None:
        game.state = state.replace(pending=(first,))
        assert option in {o.id for o in game.options()}, (first, option)
        game.answer(option)
        state = game.state
    start = content.scenarios["default"].start
    game.state = state.replace(pending=(then,), date=when, turn=when.index - start.index + 1)
    dilemma = game.dilemma
    assert dilemma is not None and dilemma.id == then
    return " ".join(dilemma.text.split())


@pytest.mark.parametrize("option, present, absent", [
    ("test", "Four months after the test", None),
    ("announce", None, "after the test"),
    ("hold", None, "after the test"),
])
def test_the_fuel_oil_deal_remembers_whether_there_was_a_test(content, option, present, absent):
    text = _play(content, "nuclear_test", option, "yongbyon_deal", Date(2007, 1))
    assert present is None or present in text
    assert absent is None or absent not in text


@pytest.mark.parametrize("option, present", [
    ("ban", "was shut"), ("cadres", "served cadres alone"), ("allow", "anyone with the money"), (None, "was shut"),
])
def test_the_network_for_cairo_remembers_the_first_network(content, option, present):
    text = _play(content, "mobile_ban", option, "koryolink", Date(2008, 4))
    assert present in text
    others = {"was shut", "served cadres alone", "anyone with the money"} - {present}
    assert not any(other in text for other in others), text


@pytest.mark.parametrize("option, named", [
    ("make_him_general", True), ("collective_guard", True), ("postpone", False),
])
def test_yeonpyeong_names_the_young_general_only_once_he_is_named(content, option, named):
    text = _play(content, "heir_general", option, "yeonpyeong", Date(2010, 4), flags=("second_test",))
    assert ("young general" in text) == named, text
    death = _play(content, "heir_general", option, "kim_death", Date(2011, 4))
    assert ("never named an heir" in death) == (not named), death


@pytest.mark.parametrize("option, present", [("strict", "the markets have closed"), ("generous", "generous cap")])
def test_the_protests_after_the_exchange_follow_its_cap(content, option, present):
    text = _play(content, "currency_reform", option, "redenomination_protests", Date(2010, 1))
    assert present in text, text


@pytest.mark.parametrize("option, present", [("license_orascom", "grown beyond"), ("cadres_only", "cadres' network")])
def test_the_grown_network_follows_who_was_licensed(content, option, present):
    text = _play(content, "koryolink", option, "phone_network", Date(2009, 4))
    assert present in text, text


def test_every_variant_can_be_shown(content):
    """A variant reads flags some option sets, so a player can meet it."""
    set_by_options = {f for e in content.events.values() for o in e.options for f in o.set_flags}
    set_by_options |= {f for s in content.scenarios.values() for f in s.flags}
    variants = [(e.id, v) for e in content.events.values() for v in e.variants]
    assert variants
    for event_id, variant in variants:
        assert variant.when.flags <= set_by_options, (event_id, variant.when.source)


# --- indicators that follow the player ----------------------------------------------------------

def _indicators(content, date: Date, flags, policies=None, **meters) -> dict[str, float]:
    game = Game.new(content, "default", seed=1)
    start = content.scenarios["default"].start
    state = game.state.replace(date=date, turn=date.index - start.index + 1, flags=frozenset(flags),
                               meters={**game.state.meters, "economy": 28, "isolation": 72, "tension": 55, **meters},
                               policies={**game.state.policies, "border": 1, **(policies or {})})
    game.state = state
    return game.indicators()


def test_kaesong_workers_follow_the_choices_about_the_workforce(content):
    base = ("kaesong",)
    for date in (Date(2008, 4), Date(2010, 4)):
        expanded = _indicators(content, date, base)["kaesong_workers"]
        screened = _indicators(content, date, base + ("kaesong_screened",))["kaesong_workers"]
        frozen = _indicators(content, date, base + ("kaesong_frozen",))["kaesong_workers"]
        large = _indicators(content, date, base + ("kaesong_large",))["kaesong_workers"]
        shut = _indicators(content, date, base + ("kaesong_closed",))["kaesong_workers"]
        assert shut == 0 < frozen < screened < expanded < large, (date, frozen, screened, expanded, large)
        assert frozen <= 7_000, "a workforce frozen in 2006 stays near its size then"


def test_kumgang_visitors_follow_the_quota(content):
    base = ("kumgang_open",)
    for date in (Date(2005, 4), Date(2006, 2), Date(2006, 4)):
        halved = _indicators(content, date, base + ("kumgang_halved",))["kumgang_visitors"]
        kept = _indicators(content, date, base)["kumgang_visitors"]
        raised = _indicators(content, date, base + ("kumgang_raised",))["kumgang_visitors"]
        assert halved < kept < raised, (date, halved, kept, raised)
    assert _indicators(content, Date(2009, 2), ("kumgang_closed",))["kumgang_visitors"] == 0


def test_the_border_and_the_country_move_the_crossers_and_the_defectors(content):
    date = Date(2009, 2)
    for indicator in ("crossers", "defectors"):
        sealed = _indicators(content, date, (), {"border": 2})[indicator]
        patrolled = _indicators(content, date, ())[indicator]
        open_ = _indicators(content, date, (), {"border": 0})[indicator]
        hungry = _indicators(content, date, (), economy=12, isolation=50)[indicator]
        assert sealed < patrolled < open_ and patrolled < hungry, (indicator, sealed, patrolled, open_, hungry)
    rich, poor = (_indicators(content, date, (), economy=e)["income_gap"] for e in (60, 20))
    assert rich < poor


@pytest.mark.parametrize("option, kept", [("lease_pier", False), ("open_rason", False), ("keep_port", True)])
def test_the_yalu_zones_remember_what_became_of_rason(content, option, kept):
    text = _play(content, "rason_port", option, "hwanggumpyong", Date(2011, 2))
    assert ("the port we kept for ourselves" in text) == kept, text


@pytest.mark.parametrize("option, boycotted", [("bargain", False), ("stall", False), ("boycott", True)])
def test_the_nuclear_declaration_remembers_whether_we_sat_at_the_talks(content, option, boycotted):
    text = _play(content, "six_party_talks", option, "nuclear_declaration", Date(2005, 1))
    assert ("We have stayed away from the talks" in text) == boycotted, text
    assert ("still negotiating" in text) == (not boycotted), text
