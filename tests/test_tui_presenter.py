"""The presentation rules, without a terminal: hints, sparklines, roads out of a phase, the report."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest

from game.api import Game, Hint
from game.views import presenter, report
from game.views.charts import column_chart, meters_chart
from game.views.export import export


def finished(content, seed: int = 5) -> Game:
    game = Game.new(content, None, seed)
    while not game.over:
        while game.dilemma:
            options = game.options()
            game.answer(options[(game.state.turn + len(game.state.decisions)) % len(options)].id)
        game.end_season()
    return game


def test_hints_read_as_arrows_and_words_not_numbers(content):
    game = Game.new(content, None, 1)
    meter = next(iter(content.meters))
    strong = presenter.hint_view(game, Hint(meter, 1, 3, True))
    assert strong.arrows == "▲▲▲" and strong.words == "up sharply" and strong.tone == "good"
    weak = presenter.hint_view(game, Hint(meter, -1, 1, False))
    assert weak.arrows == "▼" and weak.tone == "bad"
    unsure = presenter.hint_view(game, Hint(meter, 0, 2, None))
    assert unsure.arrows == "↕" and unsure.tone == "unsure"
    for option in game.options():
        for hint in game.hints(option):
            view = presenter.hint_view(game, hint)
            assert not any(ch.isdigit() for ch in view.arrows + view.words)


def test_date_line(content):
    game = Game.new(content, None, 1)
    assert presenter.date_line(game) == f"{game.date} · turn 1 of {game.state.last_turn}"


def test_sparkline_and_bar():
    assert presenter.sparkline([0, 100], low=0, high=100) == "▁█"
    noisy = presenter.sparkline([50, 50.5, 49.8])  # noise stays near the middle, not full height
    assert set(noisy) <= {"▄", "▅"}
    assert presenter.sparkline([10, 90]) == "▁█"
    assert len(presenter.sparkline(list(range(40)), width=6)) == 6
    assert presenter.bar(100, 8) == "█" * 8 and presenter.bar(0, 8) == "·" * 8
    assert len(presenter.bar(37, 10)) == 10


def test_pressures_are_ranked_nearest_first(content):
    game = Game.new(content, None, 3)
    views = presenter.pressure_views(game)
    gaps = [v.gap for v in views if not v.holds and v.gap is not None]
    assert gaps == sorted(gaps)
    assert all(v.summary for v in views)


def test_column_chart_shape():
    rows = column_chart([0, 50, 100], height=2)
    assert len(rows) == 2 and all(len(r) == 3 for r in rows)
    assert rows[0][2] == "█" and rows[1][0] == " "
    assert len(column_chart(list(range(100)), height=1, width=10)[0]) == 10
    lines = meters_chart({"a": ("Alpha", [10, 20, 30])}, height=2)
    assert lines[0].startswith("Alpha") and "10 →  30" in lines[-1]


def test_decision_impacts_come_from_event_causes(content):
    game = finished(content)
    impacts = presenter.decision_impacts(game, limit=3)
    assert impacts and impacts == sorted(impacts, key=lambda d: (-d.total, d.turn))
    top = impacts[0]
    record = next(r for r in game.state.history if r.turn == top.turn)
    causes = {c.cause for c in record.changes if c.cause.startswith("event:")}
    total = max(sum(abs(c.delta) for c in record.changes if c.cause == cause) for cause in causes)
    assert top.total == pytest.approx(total)


def test_markdown_report_for_a_teacher(content, tmp_path):
    game = finished(content)
    text = report.markdown(game, "CODE-123", datetime(2026, 1, 2, 3, 4))
    assert game.ending.title in text and game.ending.verdict.strip()[:40] in text
    assert f"**Seed:** {game.state.seed}" in text and "CODE-123" in text
    for change in game.state.transitions:  # the chain of causes shows the last ones, the turns that mattered all
        assert f"**Turn {change.turn}, " in text and change.reason in text
    assert "## The decisions that moved the meters most" in text and "```" in text
    assert "Lankov" in text
    first = content.events[game.state.history[0].decisions[0].event]
    assert "## The essay in this run" in text and first.quote in text and first.history in text
    path = export(game, tmp_path, "CODE-123", datetime(2026, 1, 2, 3, 4))
    assert path.parent == tmp_path / "reports" and path.read_text(encoding="utf-8") == text


def test_log_entries_follow_the_campaign(content):
    game = finished(content)
    entries = presenter.log_entries(game)
    decisions = sum(len(r.decisions) for r in game.state.history)
    assert len(entries) >= decisions
    assert any("The regime:" in text for _, text in entries)


def test_presentation_modules_do_not_import_textual():
    code = ("import sys; import game.views.presenter, game.views.report, game.views.charts, game.views.texts; "
            "print('textual' in sys.modules or 'rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("value, shown", [
    (2.5, " +2.5"), (-12.0, "-12.0"), (0.05, " +0.1"), (0.03, "+0.03"), (-0.012, "-0.01"), (0.0, "+0.00"),
])
def test_a_small_recorded_change_is_not_shown_as_zero(value, shown):
    assert presenter.exact_change(value) == shown


def test_a_road_closed_by_history_is_not_shown(content):
    """The regime panel speaks of meters: a road that needs a flag this run lacks (Seoul's pledge) is left
    out, and where the flag is there the road is shown by its meters only; a road that the pledge closes
    in the landing (the quiet exodus) is left out there."""
    def roads(phase: str, flags: set[str]) -> list[presenter.PressureView]:
        live = Game.new(content, None, 3).state.thaw()
        live.phase, live.flags = phase, set(flags)
        return presenter.pressure_views(Game.from_live(content, live))

    def landing_roads(views: list[presenter.PressureView]) -> list[str]:
        return [v.condition for v in views if v.target == content.phases["landing"].name]

    plain = landing_roads(roads("reforming", set()))
    pledged = landing_roads(roads("reforming", {"two_states"}))
    assert len(plain) == 1 and len(pledged) == 2
    assert not any("flag" in text or "two_states" in text for text in plain + pledged)
    absorbed = lambda views: [v for v in views if v.short_target == "Absorption"]
    assert absorbed(roads("landing", set())) and not absorbed(roads("landing", {"two_states"}))
    assert all("phase" not in v.condition for v in absorbed(roads("reforming", set())))


def test_the_pledged_road_to_the_landing_has_a_name_of_its_own(content):
    """Two roads lead to the landing under the pledge; the content names the rarer one so the panel can
    tell them apart (the validator warns when two roads would look alike)."""
    live = Game.new(content, None, 3).state.thaw()
    live.phase, live.flags = "reforming", {"two_states"}
    views = presenter.pressure_views(Game.from_live(content, live))
    landing = content.phases["landing"].name
    assert sorted(v.road for v in views if v.target == landing) == ["", "pledged"]
