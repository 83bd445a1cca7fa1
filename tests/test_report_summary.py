"""A student's after-action report: its first printed page is the run's own summary."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from game.sim.simulate import play
from game.sim.strategies import load_strategy
from game.views import report, report_html


@pytest.fixture(scope="module")
def eventful(content):
    """A full campaign with many changes of phase (more than the first page shows)."""
    games = [play(content, load_strategy("random"), seed, seed) for seed in range(40)]
    return max(games, key=lambda g: len(g.state.transitions))


def test_the_summary_comes_first_then_a_page_break(eventful):
    page = report_html.html(eventful)
    order = [page.index(words) for words in ("How the run ended, and why", "The verdict on the essay",
                                             "The chain of causes", 'class="new-page"', "The turns that mattered",
                                             "The country over the run")]
    assert order == sorted(order)
    assert page.count("The verdict on the essay") == 1


def test_the_summary_shows_the_last_changes_of_phase(eventful):
    page = report_html.html(eventful)
    summary = page.split('class="new-page"', 1)[0]
    shown = re.findall(r"<li><b>Turn (\d+),", summary)
    changes = eventful.state.transitions
    assert [int(t) for t in shown] == [c.turn for c in changes[-report_html.SUMMARY_CHANGES:]]
    if len(changes) > report_html.SUMMARY_CHANGES:
        earlier = len(changes) - report_html.SUMMARY_CHANGES
        assert f"The {earlier} earlier change{'s' if earlier > 1 else ''} of phase" in summary
    assert all(html.escape(line, quote=True) in summary for line in report.run_verdict(eventful))


@pytest.mark.slow  # prints with a headless browser
@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")), reason="needs chromium and pdftotext")
def test_the_first_printed_page_is_the_summary(eventful, tmp_path):
    source = tmp_path / "report.html"
    source.write_text(report_html.html(eventful), "utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", source.as_uri()], capture_output=True, timeout=120, check=True)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    assert "The verdict on the essay" in pages[0] and "The chain of causes" in pages[0]
    assert pages[1].lstrip().startswith("The turns that mattered")
