"""History a reader can check: a month under its season's header, a price no earlier than its date,
and figures at the fact sheet's dates.

The game's seasons are quarters (winter January-March ... autumn October-December), so the last
month of each quarter reads against its header: "December 2008" under "Autumn 2008". The
validator refuses such an opening; a planted fixture shows that it does. It refuses too a price
that the history note dates later than the text can be shown (RFA's 2011 bribe prices shown as
the price of the day in 2007); a second fixture plants one. The indicators are then
evaluated at the dated points of the fact sheet (/work/shared/facts/timeline-2002-2012.md), with the
flags of a run that follows history, and compared with its figures within a tolerance.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from attrs import evolve

from game.content import validate_history as vh
from game.api import Game
from game.rules.model import Date
from game.content.loader import load_content

DATA = Path(__file__).parent / "data"


def _window(code: str) -> vh.Window:
    return vh.Window(Date.parse(code).index, Date.parse(code).index)


# --- a month against its season ------------------------------------------------------------------

@pytest.mark.parametrize("text, season", [
    ("December 2008. Orascom offers to build a network.", "2008-Q4"),   # autumn in the game, winter to a reader
    ("March 2010. A southern corvette has broken in two.", "2010-Q1"),  # winter in the game, spring to a reader
    ("June 2011. The Leader is back from China.", "2011-Q2"),           # spring in the game, summer to a reader
    ("September 2002. The Japanese Prime Minister is coming.", "2002-Q3"),
])
def test_a_month_that_reads_against_its_season_is_found(text, season):
    problems = vh.dated_problems(text, _window(season))
    assert any("a reader puts in" in p for p in problems), problems


@pytest.mark.parametrize("text, season", [
    ("November 2010. The enrichment hall is finished.", "2010-Q4"),
    ("January 2010. The new won has lost its value.", "2010-Q1"),
    ("The end of 2011. The Leader has died aboard his train.", "2011-Q4"),
    ("2010. A southern corvette has broken in two.", "2010-Q1"),
    ("Autumn 2008. In December the network opens.", "2008-Q4"),  # a month inside the text is no header
])
def test_a_month_inside_its_season_passes(text, season):
    assert vh.dated_problems(text, _window(season)) == []


def planted(tmp_path, fixture: str) -> list:
    """The problems of the minimal content with one planted file of tests/data; the content still loads."""
    folder = tmp_path / "content"
    shutil.copytree(DATA / "minimal", folder)
    shutil.copy(DATA / fixture, folder / f"zz_{fixture}")
    content, problems = load_content(folder)
    assert content is not None
    return problems


def test_the_planted_month_against_its_season_is_a_warning(tmp_path):
    problems = planted(tmp_path, "season_month.toml")
    found = [p for p in problems if p.item == "winter_in_autumn" and "a reader puts in" in p.message]
    assert [(p.field, p.level) for p in found] == [("text", "warning")], found
    assert "'December 2002', which a reader puts in winter" in str(found[0])
    assert "'Autumn'" in str(found[0])


def test_no_text_of_the_content_opens_with_a_month_against_its_season(content):
    windows = vh.event_windows(content)
    for event in content.events.values():
        if event.id not in windows:
            continue
        texts = [event.text] + [v.text for v in event.variants if v.text]
        for text in texts:
            assert not [p for p in vh.dated_problems(text, windows[event.id]) if "a reader puts in" in p], event.id


# --- a price shown before the date its history note gives it -------------------------------------

def test_a_history_note_dates_its_prices():
    note = ("Rice sold for 44 won in July 2002. In September 2011 Radio Free Asia reported that permits "
            "cost bribes of $30 for Pyongyang and $20 for the border area.")
    dated = vh.dated_figures(note)
    assert dated[(44.0, "won")] == Date(2002, 3).index
    assert dated[(30.0, "dollars")] == dated[(20.0, "dollars")] == Date(2011, 3).index
    assert vh.dated_figures("A permit cost $30, the traders say.") == {}  # no date, nothing to hold the text to


@pytest.mark.parametrize("text, found", [
    ("Thirty dollars buys a permit to the capital.", {(30.0, "dollars")}),
    ("A radio unsealed for 18,000 won, or $6.", {(18000.0, "won"), (6.0, "dollars")}),
    ("The traders say a permit goes for a bribe in dollars.", set()),
])
def test_the_prices_a_text_names_are_read(text, found):
    assert vh._figures(text) == found


def test_the_planted_price_before_its_date_is_a_warning(tmp_path):
    problems = planted(tmp_path, "price_dated.toml")
    found = [p for p in problems if p.item == "early_price" and "history note dates" in p.message]
    assert [(p.field, p.level) for p in found] == [("text", "warning")], found
    assert "names 30 dollars, which the history note dates 2011-Q3, but it can be shown from 2003-Q1" in found[0].message


# --- the indicators at the fact sheet's dated points ----------------------------------------------

def _at(content, year: int, quarter: int, flags: tuple[str, ...], tension: float) -> dict[str, float]:
    """The indicators of a country that fares as history did (poor, markets tolerated, the border
    patrolled), moved to a date with the flags a historical run holds then."""
    game = Game.new(content, "default", seed=1)
    state = game.state
    date = Date(year, quarter)
    game.state = evolve(state, date=date, turn=date.index - state.date.index + 1, flags=frozenset(flags),
                        meters={**state.meters, "economy": 28, "isolation": 72, "unrest": 30, "tension": tension},
                        policies={**state.policies, "markets": 1, "border": 1})
    return game.indicators()


BEFORE_EXCHANGE = ("july_measures", "kaesong", "markets_legal")

# (year, quarter, flags, tension, indicator, figure, tolerance): the fact sheet's figure at a date
# (a season's figure is its last month's), and how far the formula may stray from it.
DATED = [
    (2002, 3, ("july_measures",), 55, "won_dollar", 200, 0.15),             # black market after the devaluation
    (2006, 2, BEFORE_EXCHANGE, 70, "won_dollar", 2_800, 0.08),             # radio 18,000 won = $6-7: 2,600-3,000
    (2006, 4, BEFORE_EXCHANGE, 70, "won_dollar", 2_800, 0.08),
    (2008, 1, BEFORE_EXCHANGE, 55, "won_dollar", 3_000, 0.08),             # $1 = 3,000 won in March 2008
    (2008, 3, BEFORE_EXCHANGE, 55, "won_dollar", 3_200, 0.1),              # about 3,200 through most of 2008
    (2008, 4, BEFORE_EXCHANGE, 55, "won_dollar", 3_630, 0.08),             # 3,630 in December 2008
    (2009, 1, BEFORE_EXCHANGE, 55, "won_dollar", 3_540, 0.08),             # 3,540 in January 2009
    (2009, 3, BEFORE_EXCHANGE, 70, "won_dollar", 3_250, 0.1),              # 3,000-3,500 at the November exchange
    (2011, 3, BEFORE_EXCHANGE + ("currency_reform",), 65, "won_dollar", 3_000, 0.15),  # about 3,000 in 2011
    (2004, 4, ("july_measures", "kumgang_open", "kaesong"), 60, "kumgang_visitors", 268_000, 0.06),
    (2005, 2, ("july_measures", "kumgang_open", "kaesong"), 50, "kumgang_visitors", 300_000, 0.08),
    (2006, 4, ("july_measures", "kumgang_open", "kaesong", "kumgang_halved"), 70, "kumgang_visitors", 240_000, 0.06),
    (2007, 3, ("july_measures", "kumgang_open", "kaesong", "kumgang_halved"), 45, "kumgang_visitors", 345_000, 0.06),
]


@pytest.mark.parametrize("year, quarter, flags, tension, indicator, figure, tolerance", DATED)
def test_an_indicator_meets_the_fact_sheet_at_its_dated_points(content, year, quarter, flags, tension,
                                                               indicator, figure, tolerance):
    value = _at(content, year, quarter, flags, tension)[indicator]
    assert abs(value - figure) <= tolerance * figure, f"{indicator} in {year}-Q{quarter}: {value:,.0f}, not {figure:,}"


def test_the_market_rate_holds_2005_to_2009_near_the_record(content):
    """From 2005 to the exchange the market rate stays near 2,500-3,600 won/$, whatever the season."""
    for year in range(2005, 2010):
        for quarter in (1, 2, 3, 4):
            if (year, quarter) == (2009, 4):
                continue
            value = _at(content, year, quarter, BEFORE_EXCHANGE, 55)["won_dollar"]
            assert 2_300 <= value <= 3_900, f"won/$ in {year}-Q{quarter}: {value:,.0f}"
