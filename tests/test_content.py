"""The campaign's content: valid, balanced option by option, grounded in the essay, and true to history.

These tests read the game's own content folder. They need nothing outside the repository: the
essay paragraphs are checked through the `essay` fields and quotes in the TOML files themselves
(the word-for-word check against the essay runs in CI when the essay is present).
"""

from __future__ import annotations

import tomllib

import pytest
from attrs import evolve

from game.api import Game
from game.rules.premises import longest_telling
from game.rules.model import Date
from game.content.loader import DEFAULT_CONTENT, load_content
from game.content.validate_design import dominated_options, flags_never_read
from game.content.validate_design import law_breaches as validate_law_breaches

#: Warnings the validator may raise that are accepted on purpose, as (substring, reason).
ACCEPTED_WARNINGS: tuple[tuple[str, str], ...] = ()

CITED_PARAGRAPHS = [f"P{n}" for n in range(2, 27)]


def _quoted_tables(node):
    if isinstance(node, dict):
        if "quote" in node:
            yield node
        for value in node.values():
            yield from _quoted_tables(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quoted_tables(value)


def dominated_pairs(content) -> list[str]:
    """Every (event, better, worse) where one option is at least as good as another on every meter
    (the rule lives in the validator, a warning for every folder)."""
    return [f"{event.id}: option '{a}' is at least as good as '{b}' on every meter"
            for event in content.events.values() for a, b in dominated_options(content, event)]


def followup_chains(content) -> set[tuple[str, str]]:
    """(source event, follow-up event) pairs: a choice that comes back later as another dilemma."""
    return {(event.id, f.event) for event in content.events.values() for option in event.options
            for f in option.followups if f.event != event.id}


# --- validity -----------------------------------------------------------------------------------

def test_content_validates_without_errors_or_unexplained_warnings():
    content, problems = load_content(DEFAULT_CONTENT)
    errors = [str(p) for p in problems if p.level == "error"]
    assert not errors, "\n".join(errors)
    unexplained = [str(p) for p in problems if p.level == "warning"
                   and not any(text in str(p) for text, _ in ACCEPTED_WARNINGS)]
    assert not unexplained, "\n".join(unexplained)
    assert content is not None


def test_no_option_is_dominated(content):
    found = dominated_pairs(content)
    assert not found, "\n".join(found)


def law_breaches(content) -> list[str]:
    """Effects that break the essay's laws as the engine states them (the rule lives in the validator):
    whatever raises tension rallies the cadres or leaves them be (P25); whatever lowers isolation
    never lowers awareness (P13); awareness never falls by more than 2."""
    return [f"{kind} {ident} {field}: {what}" for kind, ident, field, what in validate_law_breaches(content)]


def test_effects_keep_the_essays_laws(content):
    found = law_breaches(content)
    assert not found, "\n".join(found)


def test_dominance_check_catches_a_dominated_option(content):
    event = next(iter(content.events.values()))
    first = event.options[0]
    copy = evolve(first, id="copy_of_first")
    bad = evolve(content, events={event.id: evolve(event, options=(first, copy))})
    assert dominated_pairs(bad), "two identical options must count as dominating each other"


def test_every_flag_set_is_read_and_every_flag_read_is_set(content):
    written = {f for s in content.scenarios.values() for f in s.flags}
    conditions = [i.value for i in content.indicators] + [t.when for t in content.transitions]
    conditions += [e.when for e in content.endings] + [d.when for d in content.drift] + [d.amount for d in content.drift]
    for event in content.events.values():
        conditions += [event.when] + [m.when for m in event.modifiers] + [o.when for o in event.options]
        conditions += [v.when for v in event.variants]  # a text variant reads the flags an earlier choice set
        conditions += [v.when for o in event.options for v in o.variants]
        for option in event.options:
            written.update(option.set_flags, option.clear_flags)
    read = {f for c in conditions if c is not None for f in c.flags}
    assert not written - read, f"flags set but never read: {sorted(written - read)}"
    assert flags_never_read(content) == sorted(written - read)
    assert not read - written, f"flags read but never set: {sorted(read - written)}"


# --- grounding ----------------------------------------------------------------------------------

def _all_quoted_tables():
    for path in sorted(DEFAULT_CONTENT.rglob("*.toml")):
        yield from ((path.name, table) for table in _quoted_tables(tomllib.loads(path.read_text("utf-8"))))


def test_every_essay_paragraph_p2_to_p26_is_cited():
    cited = set()
    for _, table in _all_quoted_tables():
        refs = table.get("essay")
        cited.update([refs] if isinstance(refs, str) else refs or [])
    missing = [p for p in CITED_PARAGRAPHS if p not in cited]
    assert not missing, f"essay paragraphs no quote cites: {', '.join(missing)}"


def test_quotes_are_short_and_cite_a_paragraph():
    for name, table in _all_quoted_tables():
        quote = table["quote"]
        assert isinstance(quote, str) and quote.strip(), f"{name}: empty quote"
        assert len(quote.split()) <= 60, f"{name}: quote of {len(quote.split())} words: {quote[:50]}"
        assert table.get("essay"), f"{name}: quote without an essay paragraph: {quote[:50]}"


def test_event_texts_are_within_the_standard_length(content):
    for event in content.events.values():
        words = len(event.text.split())
        assert 60 <= words <= 180, f"{event.id}: narrative of {words} words (60-180)"
        for n, variant in enumerate(event.variants):
            if not variant.text:
                continue  # an addition only: held with the text it follows, below
            words = len(variant.text.split())
            assert 60 <= words <= 180, f"{event.id}: variant {n} of {words} words (60-180)"
        told, where = longest_telling(content, event)
        assert told <= 240, f"{event.id}: with the additions that hold together the text runs to {told} words ({where})"
        assert event.history.strip(), f"{event.id}: no history note"
        for option in event.options:
            assert option.result.strip(), f"{event.id}/{option.id}: no result text"


# --- the size of the campaign -------------------------------------------------------------------

def test_campaign_has_enough_events_pinned_dates_and_chains(content):
    events = content.events.values()
    assert len(content.events) >= 48
    assert sum(e.pinned is not None for e in events) >= 8
    assert len({target for _, target in followup_chains(content)}) >= 8


def test_followup_only_events_are_scheduled_by_something(content):
    targets = {target for _, target in followup_chains(content)}
    for event in content.events.values():
        if event.followup_only:
            assert event.id in targets, f"{event.id} is follow-up only but nothing schedules it"


def test_pinned_dates_fall_inside_the_default_campaign(content):
    scenario = content.scenarios["default"]
    for event in content.events.values():
        if event.pinned:
            assert scenario.start <= event.pinned <= scenario.end, event.id


def test_policies_scenarios_and_endings(content):
    assert len(content.policies) >= 5
    for policy in content.policies.values():
        assert len(policy.levels) >= 3, policy.id
    assert {"border", "markets", "media", "foreign", "privileges"} <= set(content.policies)
    assert len(content.scenarios) >= 2 and "default" in content.scenarios
    assert content.scenarios["default"].start == Date(2002, 3)
    assert content.scenarios["default"].end == Date(2011, 4)
    assert len({(e.title, e.text) for e in content.endings}) >= 7
    kinds = {e.kind for e in content.endings if e.outcome == "collapse"}
    assert {"uprising", "elite_split", "absorption", "implosion"} <= kinds
    assert sum(e.outcome == "survival" for e in content.endings) >= 2
    assert any(e.outcome == "survival" and e.when is not None for e in content.endings)
    assert any(e.outcome == "soft_landing" for e in content.endings)
    for ending in content.endings:
        assert ending.verdict.strip() and ending.quote.strip() and ending.essay, ending.id


@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_every_scenario_starts_and_plays(content, scenario):
    game = Game.new(content, scenario, seed=11)
    for _ in range(6):
        if game.over:
            break
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    assert game.state.turn > 1 or game.over


# --- indicators against the fact sheet ----------------------------------------------------------

def _indicators_at(content, year: int, quarter: int, flags=(), policies=None, **meters) -> dict[str, float]:
    """The indicators of a default game moved to a date, with some flags, policies and meters."""
    game = Game.new(content, "default", seed=1)
    state = game.state
    date = Date(year, quarter)
    turn = date.index - state.date.index + 1
    state = evolve(state, date=date, turn=turn, flags=frozenset(flags),
                   meters={**state.meters, **meters}, policies={**state.policies, **(policies or {})})
    game.state = state
    return game.indicators()


HISTORY = {  # flags a run that follows history would hold by each date, and its tension then
    2002: (("july_measures",), 55),
    2003: (("july_measures", "kumgang_open"), 65),
    2004: (("july_measures", "kumgang_open", "kaesong", "markets_legal"), 60),
    2005: (("july_measures", "kumgang_open", "kaesong", "markets_legal", "kumgang_halved"), 50),
    2006: (("july_measures", "kumgang_open", "kaesong", "markets_legal", "kumgang_halved"), 70),
    2007: (("july_measures", "kumgang_open", "kaesong", "markets_legal", "kumgang_halved"), 45),
    2008: (("july_measures", "kaesong", "markets_legal", "kumgang_closed"), 55),
    2009: (("july_measures", "kaesong", "markets_legal", "kumgang_closed"), 70),
    2010: (("july_measures", "kaesong", "markets_legal", "kumgang_closed", "currency_reform"), 65),
}

#: defectors reaching the South each year, by the Ministry of Unification's count (the fact sheet's table)
DEFECTORS = {2002: 1_143, 2003: 1_282, 2004: 1_896, 2005: 1_382, 2006: 2_022, 2007: 2_548, 2008: 2_804,
             2009: 2_929, 2010: 2_402, 2011: 2_706}

# (year, quarter, flags year, indicator, low, high): every figure the fact sheet dates, with its spread.
# A season's figure is its last month's: "March 2008" is 2008-Q1, "June 2007" 2007-Q2.
FACTS = [
    (2002, 3, 2002, "rice_price", 40, 60),            # 44 won/kg after the July measures
    (2005, 4, 2005, "rice_price", 450, 800),          # 525-700 won/kg at the end of 2005
    (2007, 2, 2007, "rice_price", 850, 1250),         # 970-1,100 won/kg in June 2007
    (2008, 1, 2008, "rice_price", 2000, 3000),        # above 2,000 won/kg in March 2008
    (2009, 4, 2010, "rice_price", 10, 60),            # the new won: a hundred old for one (22 new won)
    (2010, 1, 2010, "rice_price", 1000, 1600),        # about 1,300 new won by March 2010
    (2010, 4, 2010, "rice_price", 600, 1300),         # about 900 new won in December 2010
    (2011, 1, 2010, "rice_price", 2000, 3300),        # 2,000-3,300 in January 2011
    (2011, 3, 2010, "rice_price", 1600, 3300),        # 2,200-2,400 in September 2011
    (2002, 3, 2002, "won_dollar", 150, 250),          # about 200 won/$ on the black market
    (2008, 1, 2008, "won_dollar", 2500, 3600),        # $1 = 3,000 won in March 2008
    (2009, 3, 2009, "won_dollar", 2800, 4000),        # 3,000-3,500 won/$ at the November 2009 exchange
    (2009, 4, 2010, "won_dollar", 25, 50),            # the same in new won, a hundred old for one
    (2011, 1, 2010, "won_dollar", 2500, 4500),        # 4,400 won/$ in January 2011
    (2011, 3, 2010, "won_dollar", 2500, 3800),        # about 3,000 won/$ in 2011
    (2003, 2, 2003, "crossers", 60_000, 300_000),     # 60,000-100,000 in Yanbian alone (2003), up to 300,000
    (2007, 2, 2007, "crossers", 6_000, 16_000),       # 6,000-16,000 in 2007 (Robinson)
    (2010, 4, 2010, "crossers", 80_000, 120_000),     # about 100,000 (October 2010)
    (2003, 1, 2002, "kumgang_visitors", 50_000, 150_000),   # ferries: about 100,000 a year
    (2006, 2, 2006, "kumgang_visitors", 200_000, 280_000),  # 230,224 in Jan-Nov 2006, the quota halved
    (2006, 4, 2006, "kumgang_visitors", 200_000, 280_000),  # the same year, at its end
    (2007, 3, 2007, "kumgang_visitors", 300_000, 450_000),  # 1.3M to 1.7M in 2007
    (2009, 2, 2008, "kumgang_visitors", 0, 0),              # tours suspended from July 2008
    (2003, 4, 2003, "kaesong_workers", 0, 0),               # before the zone
    (2004, 1, 2004, "kaesong_workers", 20, 100),            # 42 builders in February 2004
    (2006, 2, 2006, "kaesong_workers", 5_500, 8_500),       # 6,859 in April 2006
    (2006, 4, 2006, "kaesong_workers", 8_500, 12_500),      # 10,093 in November 2006
    (2008, 4, 2008, "kaesong_workers", 32_000, 42_000),     # 37,168 in December 2008
    (2010, 4, 2010, "kaesong_workers", 42_000, 51_000),     # 46,284 in 2010
    (2004, 4, 2004, "income_gap", 10, 20),                  # about $10,000 against $500-1,000 (the essay, 2004)
    (2009, 2, 2009, "income_gap", 16.5, 19.5),              # $17,175 against $960 in 2009: 17.9 times
] + [(year, 2, min(HISTORY, key=lambda y: (y > year, abs(y - year))), "defectors", round(n * 0.95), round(n * 1.05))
     for year, n in DEFECTORS.items()]  # the Ministry of Unification's count, year by year


@pytest.mark.parametrize("year,quarter,flags_year,indicator,low,high", FACTS)
def test_indicators_follow_the_fact_sheet(content, year, quarter, flags_year, indicator, low, high):
    # a country that fares as history did: poor, strained, markets tolerated, the border patrolled
    flags, tension = HISTORY[flags_year]
    values = _indicators_at(content, year, quarter, flags, policies={"markets": 1, "border": 1},
                            economy=28, isolation=72, unrest=30, tension=tension)
    assert low <= values[indicator] <= high, f"{indicator} in {year}-Q{quarter}: {values[indicator]:,.0f}"


def test_every_named_indicator_exists(content):
    assert {"rice_price", "won_dollar", "crossers", "kumgang_visitors", "kaesong_workers", "defectors",
            "income_gap"} <= {i.id for i in content.indicators}


#: what the leadership chose in history, where a dilemma offers it
HISTORICAL_CHOICES = {
    "july_measures": "full", "sinuiju": "abandon", "npt_crisis": "withdraw", "six_party_talks": "stall",
    "kumgang_tours": "fenced", "general_markets": "legalise", "kaesong_zone": "walled",
    "kumgang_quota": "halve", "grain_ban": "ban", "joint_statement": "hedge", "banco_delta_asia": "walk_out",
    "missile_tests": "launch", "nuclear_test": "test", "yongbyon_deal": "shut_down",
    "roh_kim_summit": "sign_everything", "lee_myung_bak": "denounce", "market_women": "age_ban",
    "market_days": "three_days", "cooling_tower": "demolish_no_protocol", "kumgang_incident": "regret",
    "kim_stroke": "prepare_son", "food_aid_2008": "limit_monitors", "koryolink": "license_orascom",
    "rocket_and_test": "launch_and_test", "currency_reform": "strict", "redenomination_protests": "raise_cap",
    "pak_nam_gi": "shoot_scapegoat", "cheonan": "deny_and_decorate", "heir_general": "make_him_general",
    "hecker_visit": "show_hall", "yeonpyeong": "shell_the_island", "kim_death": "seal_and_mourn",
}


def _historical_run(content, seed: int) -> dict[Date, dict[str, float]]:
    """Play the default campaign choosing what history chose where we can tell; the indicators by date."""
    game = Game.new(content, "default", seed=seed)
    seen = {}
    while not game.over:
        while game.dilemma:
            ids = {o.id for o in game.options()}
            wanted = HISTORICAL_CHOICES.get(game.dilemma.id)
            first = next(o.id for o in game.dilemma.options if o.id in ids)  # the writers' first open option
            game.answer(wanted if wanted in ids else first)
        seen[game.date] = game.indicators()
        game.end_season()
    return seen


def test_the_historical_choices_name_real_options(content):
    for event_id, option_id in HISTORICAL_CHOICES.items():
        assert event_id in content.events, event_id
        assert option_id in {o.id for o in content.events[event_id].options}, f"{event_id}/{option_id}"


def test_a_historical_line_keeps_the_indicators_in_range(content):
    """Whatever the dice do to the meters, history's choices give history's orders of magnitude."""
    runs = [_historical_run(content, seed) for seed in range(2002, 2012)]
    for seen in runs:
        for date, values in seen.items():
            assert all(v >= 0 for v in values.values()), date
            assert 3_000 <= values["crossers"] <= 300_000, date
            if date == Date(2002, 3):
                assert 30 <= values["rice_price"] <= 70
            if Date(2008, 1) <= date <= Date(2009, 3):
                assert 1_500 <= values["rice_price"] <= 4_000, f"rice {values['rice_price']:.0f} in {date}"
                assert 2_000 <= values["won_dollar"] <= 4_500, f"won {values['won_dollar']:.0f} in {date}"
            if date == Date(2009, 4):
                assert values["rice_price"] <= 100, "the new won is a hundredth of the old"
            if date == Date(2010, 1):  # the fact sheet: from 22 new won to about 1,300 by March 2010
                assert 800 <= values["rice_price"] <= 2_000, f"rice {values['rice_price']:.0f} in {date}"
            assert 300 <= values["defectors"] <= 7_500, date
            assert 5 <= values["income_gap"] <= 40, date
            if date >= Date(2010, 1):
                assert 35_000 <= values["kaesong_workers"] <= 55_000
            if date >= Date(2008, 4):
                assert values["kumgang_visitors"] == 0, "the tours stopped after the 2008 shooting"
            if Date(2005, 1) <= date <= Date(2008, 2):
                assert 150_000 <= values["kumgang_visitors"] <= 450_000, f"Kumgang {values['kumgang_visitors']:.0f} in {date}"
    reached = max(max(seen) for seen in runs)
    assert reached >= Date(2008, 3), f"history's own line should live past the 2008 price surge (ended by {reached})"


def test_after_the_stroke_opens_on_2008s_figures(content):
    game = Game.new(content, "after_the_stroke", seed=3)
    values = game.indicators()
    assert 1_800 <= values["rice_price"] <= 3_500, values
    assert 2_500 <= values["won_dollar"] <= 4_000, values
    assert 30_000 <= values["kaesong_workers"] <= 40_000, values
    assert "kim_stroke" in game.state.pending, "the scenario opens on the Leader's stroke"


@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_indicators_stay_finite_and_plausible_in_any_run(content, scenario):
    import math
    import random

    for seed in range(12):
        rng = random.Random(seed)
        game = Game.new(content, scenario, seed=seed)
        while not game.over:
            while game.dilemma:
                game.answer(rng.choice(game.options()).id)
            moves = [(p, lv) for p, levels in game.policy_moves().items() for lv in levels]
            if moves and rng.random() < 0.3:
                game.set_policy(*rng.choice(moves))
            values = game.indicators()
            assert all(math.isfinite(v) and v >= 0 for v in values.values()), (game.date, values)
            assert values["rice_price"] < 20_000 and values["won_dollar"] < 20_000, (game.date, values)
            assert values["crossers"] <= 300_000 and values["kaesong_workers"] <= 55_000, (game.date, values)
            game.end_season()
