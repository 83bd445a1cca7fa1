"""A live class in real browsers: ``serve --class``, three students play to their endings, the teacher's page lists them.

The students play the classroom scenario (twelve seasons) in headless Chromium as fast as the
page takes keys, each with a habit of their own (always the option of one number, the first where
there are fewer), in a class whose seed makes the three habits end three different ways (found by
playing the habits headlessly first, which also says which ending each browser run must reach).
The server records each run as it ends; the teacher's page, opened with the link the server
printed, must list the three students and their three endings. About a minute: slow.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest

from game.files import classroom, lesson
from test_web import CHROMIUM, CHROMIUM_ARGS, Screen, browser_driver, open_page, start_server, stop, wait_for

pytestmark = pytest.mark.slow

NAMES = ("Ana <b>Kim</b>", "Ri Chol-su", "Mina & Jun")


def habit_ending(content, seed: int, key: int) -> str:
    """The ending of a class game played by one habit, headlessly: as the browser student below plays it."""
    game = classroom.class_game(content, "classroom", seed)
    while not game.over:
        while game.dilemma:
            options = game.options()
            game.answer(options[key - 1 if key <= len(options) else 0].id)
        game.end_season()
    assert game.ending is not None
    return game.ending.title


def a_class_of_three_endings(content) -> tuple[int, dict[str, str]]:
    """A classroom seed and three habits (keys) that end three different ways, with their endings (the
    seed of the most different endings if no seed up to 400 has three)."""
    best: tuple[int, dict[str, str]] = (1, {})
    for seed in range(1, 400):
        endings: dict[str, str] = {}
        for key in (1, 2, 3, 4):
            title = habit_ending(content, seed, key)
            if title not in endings.values():
                endings[str(key)] = title
        if len(endings) > len(best[1]):
            best = (seed, endings)
        if len(endings) >= 3:
            break
    return best


def teacher_link(log_path, url: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(r"/teacher\?token=[0-9a-f]{32}", log_path.read_text(errors="replace"))
        if found:
            return url.rstrip("/") + found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"the server printed no teacher's link:\n{log_path.read_text(errors='replace')}")


def fetch(address: str) -> str:
    with urllib.request.urlopen(address, timeout=20) as answer:
        return answer.read().decode("utf-8")


def test_three_browser_students_play_to_their_endings_and_the_teacher_sees_them(tmp_path, content):
    playwright = browser_driver()
    seed, endings = a_class_of_three_endings(content)
    habits = list(endings.items())
    students = [(name, habits[n % len(habits)][0]) for n, name in enumerate(NAMES)]
    code = classroom.class_code(content, "classroom", seed)
    first_season = str(classroom.class_game(content, "classroom", seed).date)
    process, url, data = start_server(tmp_path, "--class", code)
    started = time.monotonic()
    try:
        teacher = teacher_link(tmp_path / "server.log", url)
        live = teacher.replace("/teacher?", "/teacher/live?")
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                pages = []
                for name, _key in students:  # each in a context of its own: its own cookie, session and game
                    screen = Screen()
                    page = open_page(browser, url, screen)
                    wait_for(page, screen, ["Your name", "Start (enter)"])
                    page.locator(".xterm-helper-textarea").focus()
                    page.keyboard.type(name)
                    page.keyboard.press("Enter")
                    pages.append((page, screen))
                for page, screen in pages:
                    wait_for(page, screen, [first_season])  # the class's first season is on
                assert "<b>3</b> playing" in fetch(live)
                view = browser.new_context().new_page()  # the teacher's page, open while the class plays
                view.goto(teacher)
                view.wait_for_selector("#live table")
                assert "3 playing" in view.locator("#live").inner_text()
                done = [False] * len(pages)
                deadline = time.monotonic() + 240
                while not all(done):
                    assert time.monotonic() < deadline, "\n\n".join(s.text() for _p, s in pages)
                    for n, ((page, screen), (_name, key)) in enumerate(zip(pages, students)):
                        if done[n]:
                            continue
                        if "After-action report" in screen.text():
                            done[n] = True
                            continue
                        # the student's habit, then the first option where there are fewer; the result; the season's end
                        for press in (key, "1", "Enter", "e"):
                            page.keyboard.press(press)
                            page.wait_for_timeout(40)
                runs: list[lesson.Run] = []
                deadline = time.monotonic() + 30
                while len(runs) < 3:  # the server looks at the records every two seconds
                    assert time.monotonic() < deadline, f"runs recorded: {runs}"
                    time.sleep(0.5)
                    runs = lesson.read_runs(data)
                # the page was not reloaded: its script fetched the live part and the debrief again by itself
                # (polled from here: the page's policy forbids the string evaluation wait_for_function would use)
                deadline = time.monotonic() + 20
                while not ("3 ended" in view.locator("#live").inner_text()
                           and "&v=" in (view.locator("#debrief").get_attribute("src") or "")):
                    assert time.monotonic() < deadline, view.locator("#live").inner_text()
                    view.wait_for_timeout(250)
                view.wait_for_timeout(1000)
                shown = view.locator("#live").inner_text()
                html = view.content()
                view.screenshot(path=str(tmp_path / "teacher.png"), full_page=True)
                debrief = view.frame_locator("#debrief").locator("body").inner_text()
            finally:
                browser.close()
        assert len(runs) == 3 and all(r.source == lesson.BROWSER for r in runs)
        assert {r.name for r in runs} == {name for name, _key in students}
        assert "0 playing" in shown and "3 ended" in shown
        reached = {}
        for run in runs:
            game = lesson.admit(run.code, lesson.ClassOf.of(code), content)
            assert game.over and game.ending is not None
            reached[run.name] = game.ending.title
            assert game.ending.title in shown  # the teacher's page lists each student's ending
            assert f"{run.name}\tended: {game.ending.title}" in shown  # beside the student's name
        assert reached == {name: endings[key] for name, key in students}  # each played their habit, key by key
        assert "Ana <b>Kim</b>" in shown and "Ana &lt;b&gt;Kim&lt;/b&gt;" in html  # typed markup is text
        assert "<b>Kim</b>" not in html.replace("<b>3</b>", "")
        assert all(name in debrief for name, _key in students)  # the debrief beside it holds the three runs
        assert all(title in debrief for title in reached.values())  # as they ended
        assert len({r.code for r in runs}) == 3  # three habits, three different runs
        print(f"class in the browser: {time.monotonic() - started:.1f} s; seed {seed}, endings {json.dumps(reached)}")
    finally:
        stop(process)
