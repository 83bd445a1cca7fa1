"""The debrief at class size: shares with their counts, small groups too few to tell, copies counted
once, plurals, a chart that moves, the essay's words, and the two-page handout before the appendix."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from game.files import classroom
from game.files.replay import encode_run
from game.sim.simulate import play, run_seeds
from game.sim.strategies import load_strategy
from game.views import debrief, presenter
from game.views.class_debrief import MIN_MOVE, plural, share
from tests.test_report_html import check_page

LESSON = 1235  # the README's class


@pytest.fixture(scope="module")
def lesson(content) -> list[classroom.Entry]:
    """Thirty random students of the README's class."""
    deck = classroom.deck_for("classroom", LESSON)
    games = [play(content, load_strategy("random"), LESSON, run_seeds(LESSON, n)[1], "classroom", deck) for n in range(30)]
    return [classroom.Entry(n + 1, f"Student {n + 1}", encode_run(g), g) for n, g in enumerate(games)]


def test_a_share_shows_its_count_and_small_groups_are_too_few_to_tell():
    assert share(3, 5) == "3 of 5 (60%)"
    assert share(2, 4) == "2 of 4 (too few to tell)" and "%" not in share(4, 4)
    assert plural(1, "student") == "1 student" and plural(2, "student") == "2 students"
    assert plural(1, "copy", "copies") == "1 copy" and plural(3, "copy", "copies") == "3 copies"


def test_every_share_of_the_debrief_has_its_count(content, lesson):
    result = debrief.build(lesson, [], content)
    page, md = debrief.to_html(result), debrief.to_markdown(result)
    check_page(page)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    for text in (shown, md):
        for _, n in result.outcomes:
            assert share(n, result.straight) in text
        # the odds where the class split are shares of played-out games, whose count the section gives once
        odds = re.search(r"Appendix: the odds where the class split.*?played-out games an option", text, re.S)
        assert odds is not None
        text = text.replace(odds.group(0), "")
        # no bare percentage of students: every one follows "k of n ("
        for found in re.finditer(r"\d+%", text):
            assert re.search(r"\d+ of \d+ \($", text[max(0, found.start() - 20):found.start()]), text[found.start() - 40:found.end()]
    for s in result.separators:
        assert s.takers >= 5 and s.others >= 5
        assert share(s.good_took, s.takers) in page


def test_a_small_class_says_too_few_to_tell_and_counts_in_the_singular(content, lesson):
    result = debrief.build(lesson[:1], [], content)
    assert result.summary.startswith("1 run read") and not result.separators
    page = debrief.to_html(result)
    assert "too few to tell" in page.lower() and "1 student)" in page and "1 students" not in page
    assert "(too few to tell)" in debrief.to_markdown(result)


def test_identical_codes_are_flagged_and_counted_once(content, lesson):
    twice = [*lesson[:6], classroom.Entry(7, "Ana again", lesson[2].code, lesson[2].game)]
    result = debrief.build(twice, [], content)
    assert len(result.entries) == 6 and result.straight == 6
    assert [(c.name, c.same_as) for c in result.copies] == [("Ana again", "Student 3")]
    assert "1 copy of a run counted once" in result.summary
    assert "Ana again" in debrief.to_html(result) and "counted once" in debrief.to_markdown(result)


def test_the_default_chart_moves_and_separates_the_endings(content, lesson):
    result = debrief.build(lesson, [], content)
    assert {o for _, o, _ in result.series} >= {"survival", "collapse"}

    def moves(meter):
        ranges = [max(s) - min(s) for s in (presenter.meter_series(e.game, meter) for e in lesson)]
        return sum(ranges) / len(ranges)

    def separation(meter):
        finals: dict = {}
        for e in lesson:
            finals.setdefault(e.game.state.outcome, []).append(e.game.state.meters[meter])
        means = [sum(v) / len(v) for v in finals.values()]
        return max(means) - min(means)

    varying = [m for m in content.meters if moves(m) >= MIN_MOVE]
    assert result.meter in varying
    assert separation(result.meter) == max(separation(m) for m in varying)
    flat = [m for m in content.meters if m not in varying]
    assert flat, "the test needs a meter that stays flat in this class"


def test_the_essays_words_stand_beside_the_paragraph(content, lesson):
    result = debrief.build(lesson, [], content)
    page, md = debrief.to_html(result), debrief.to_markdown(result)
    assert len(result.contested) == 3
    for split in result.splits:
        assert split.quote == " ".join(content.events[split.dilemma_id].quote.split())
    for split in result.contested:
        essay = ", ".join(split.essay)
        assert f"{essay}: \u201c" in page and f'{essay}: "{split.quote}"' in md


def test_the_handout_comes_before_the_appendix(content, lesson):
    page = html.unescape(debrief.to_html(debrief.build(lesson, [], content)))  # the headings' apostrophes are escaped
    order = [page.index(words) for words in ("How the class ended", "<svg", "Where the class split", "For discussion",
                                             "Appendix", "The students' runs", "dilemma by dilemma")]
    assert order == sorted(order)
    breaks = [m.start() for m in re.finditer('class="new-page"', page)]
    assert len(breaks) == 2 and breaks[0] < order[2] and order[3] < breaks[1] < order[4]


@pytest.mark.slow  # prints with a headless browser
@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")), reason="needs chromium and pdftotext")
def test_the_first_two_printed_pages_are_the_handout(content, lesson, tmp_path):
    source = tmp_path / "debrief.html"
    source.write_text(debrief.to_html(debrief.build(lesson, [], content)), "utf-8")
    pdf = tmp_path / "debrief.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", source.as_uri()], capture_output=True, timeout=120, check=True)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    assert "How the class ended" in pages[0] and "Every run" in pages[0]
    assert "Where the class split" in pages[1] and "For discussion" in pages[1] and "Lankov doubts" in pages[1]
    assert pages[2].lstrip().startswith("Appendix")


def test_a_lone_landing_is_not_what_the_decisions_are_compared_by(content, lesson):
    """One landing in a class would make every option its student took look decisive ("1 of 6 against 0 of 21")."""
    landed = play(content, load_strategy("planner"), LESSON, 0, "classroom", classroom.deck_for("classroom", LESSON))
    if landed.state.outcome != "soft_landing":
        pytest.skip("the planner did not land in this class")
    entries = [*lesson, classroom.Entry(31, "Lander", encode_run(landed), landed)]
    result = debrief.build(entries, [], content)
    assert result.good == "no collapse"
