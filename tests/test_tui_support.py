"""Helpers for the pilot tests (no tests here): read what is on the screen, wait for the content, play by keys."""

from __future__ import annotations

import html
import re

from textual.widgets import Input

from game.tui.app import SoftLandingApp

_TEXT = re.compile(r'<text[^>]*?x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
                   r'clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>([^<]*)</text>')
CELL = 12.2  # the width of a terminal cell in Textual's screenshots


def screen_lines(app: SoftLandingApp) -> list[str]:
    """The terminal's rows as text, read back from the screenshot the app would save."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, _, line, text in _TEXT.findall(app.export_screenshot()):
        row = int(line)
        text = html.unescape(text).replace("\xa0", " ").rstrip("\n")
        column = round(float(x) / CELL)
        for offset, char in enumerate(text):
            if row < height and 0 <= column + offset < width:
                grid[row][column + offset] = char
    return ["".join(row) for row in grid]


def screen_text(app: SoftLandingApp) -> str:
    """All the rows joined, with runs of spaces squeezed, for `in` assertions."""
    return re.sub(r" +", " ", "\n".join(screen_lines(app)))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def region_text(lines: list[str], region) -> str:
    """The text inside a region of the screen (a widget's box), rows joined by spaces, squeezed."""
    rows = lines[region.y:region.y + region.height]
    # a scrollbar's thumb at the right edge of a row is not text: "The ▃▃ regime" reads "The regime"
    return squeeze(" ".join(_SCROLLBAR.sub("", row[region.x:region.x + region.width]) for row in rows))


_SCROLLBAR = re.compile(r"[▁▂▃▄▅▆▇█]+\s*$")


def on_screen(app: SoftLandingApp, text: str, widget=None, lines: list[str] | None = None) -> bool:
    """True if ``text`` is visible (inside ``widget``'s content box if given), ignoring line breaks."""
    lines = lines if lines is not None else screen_lines(app)
    if widget is not None:
        shown = region_text(lines, widget.content_region)
    else:
        shown = squeeze(" ".join(lines))
    return squeeze(text) in shown


async def wait_for_content(pilot, app: SoftLandingApp) -> None:
    for _ in range(400):
        if app.content is not None or app.content_problem is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_for_paint(pilot, app: SoftLandingApp, seconds: float = 10.0) -> None:
    """Pause until the whole screen is painted, the footer's last line included: on a busy machine one
    pause can return before the footer is drawn."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause()
        if screen_lines(app)[-1].strip():
            return
        await pilot.pause(0.02)


async def start_new_game(pilot, app: SoftLandingApp, scenario: str, seed: int) -> None:
    """Open the new-game dialog with n, pick a scenario with the arrow keys, type a seed, start."""
    from game.tui.screens.new_game import NewGameDialog

    await pilot.press("n")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, NewGameDialog)
    order = list(app.content.scenarios)
    await pilot.press("shift+tab", "shift+tab", "shift+tab")  # from Start, past One life and the seed, to the list
    assert app.focused.id == "scenario-list"
    await pilot.press("home", *["down"] * order.index(scenario))
    assert dialog.scenario == scenario
    await pilot.press("tab")
    seed_box = dialog.query_one("#seed", Input)
    assert app.focused is seed_box
    await pilot.press("end", *["backspace"] * len(seed_box.value), *str(seed), "enter")
    await pilot.pause()
