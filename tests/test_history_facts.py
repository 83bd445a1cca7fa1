"""History a reader can check: a month under its season's header, and figures at the fact sheet's dates.

The game's seasons are quarters (winter January-March ... autumn October-December), so the last
month of each quarter reads against its header: "December 2008" under "Autumn 2008". The
validator refuses such an opening; a planted fixture shows that it does. The indicators are then
evaluated at the dated points of the fact sheet (/work/shared/facts/timeline-2002-2012.md), with the
flags of a run that follows history, and compared with its figures within a tolerance.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game import validate_history as vh
from game.content import Date
from game.loader import load_content
from game.state import namespace

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


def test_the_planted_month_against_its_season_is_a_warning(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DATA / "minimal", folder)
    shutil.copy(DATA / "season_month.toml", folder / "zz_season.toml")
    content, problems = load_content(folder)
    assert content is not None
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
