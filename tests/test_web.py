"""The game in a browser: ``soft-landing serve`` on a free loopback port, and a real headless Chromium.

The browser test needs Debian's ``chromium`` (``.ci/run`` installs it when missing) and the
Playwright package; without them it is skipped, saying why. The page draws the terminal on a
canvas, so the test reads the screen by feeding the terminal stream the page received to a
terminal emulator (pyte) of the page's size.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from game import web

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(tmp_path, *extra: str):
    """A server on a free loopback port; the caller stops it (by its own process id)."""
    port = free_port()
    data = tmp_path / "data"
    with open(tmp_path / "server.log", "wb") as log:  # a file, not a pipe: a pipe nobody reads fills and stops the server
        process = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(port),
                                    "--data", str(data), *extra], stdout=log, stderr=subprocess.STDOUT,
                                   env=os.environ | {"SOFT_LANDING_SAVES": str(tmp_path / "saves")})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {(tmp_path / 'server.log').read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the server did not listen within 60 s")
    return process, url, data


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture()
def server(tmp_path):
    process, url, data = start_server(tmp_path)
    yield url, data
    stop(process)


def test_the_server_serves_the_page_with_a_session_cookie(server):
    url, data = server
    with urllib.request.urlopen(url, timeout=20) as response:
        page = response.read().decode("utf-8")
        cookie = response.headers.get("Set-Cookie", "")
    assert response.status == 200
    assert "<title>" not in page or "Soft Landing" in page
    assert f"ws://127.0.0.1:{urlparse(url).port}/ws" in page  # addressed as the browser reached it
    assert cookie.startswith(web.COOKIE + "=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert web.GameServer(data).tokens.session_of(token) is not None  # issued and signed by this server


def test_each_session_has_its_own_saves_folder(tmp_path):
    server = web.GameServer(tmp_path, port=free_port())
    one, two = server.session_folder("a" * 32), server.session_folder("b" * 32)
    assert one != two and one.is_dir() and one.parent == two.parent == tmp_path / web.SESSIONS_FOLDER
    for bad in ("../" + "a" * 29, "A" * 32, "a" * 31, "a" * 32 + "/x", ""):
        with pytest.raises(ValueError):
            server.session_folder(bad)
    command = web.game_command(tmp_path / "it's here", None, "SL1-ABC")  # an argument list: no shell to quote for
    assert command[command.index("--saves") + 1] == str(tmp_path / "it's here") and command[-2:] == ["--code", "SL1-ABC"]


class Screen:
    """The terminal the page shows, rebuilt from the stream the page received over its websocket."""

    def __init__(self) -> None:
        import pyte

        self.pyte = pyte
        self.screen: pyte.Screen | None = None
        self.stream: pyte.Stream | None = None
        self.pending: list[str] = []

    def attach(self, socket_url: str) -> None:
        query = parse_qs(urlparse(socket_url).query)
        width, height = int(query.get("width", ["80"])[0]), int(query.get("height", ["24"])[0])
        self.screen = self.pyte.Screen(width, height)
        self.stream = self.pyte.Stream(self.screen)

    def receive(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        if text.startswith("[") and text.endswith("]"):
            try:
                json.loads(text)
                return  # the server's own messages (pong, meta), not the terminal's
            except ValueError:
                pass
        if self.stream is not None:
            self.stream.feed(text)

    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen is not None else ""


def wait_for(page, screen: Screen, words: list[str], seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen.text()
        if all(w in shown for w in words):
            return shown
        page.wait_for_timeout(250)
    raise AssertionError(f"the page never showed {words}; it shows:\n{screen.text()}")


def browser_driver():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("pyte")
    return playwright


def open_page(browser, url: str, screen: Screen):
    page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()

    def opened(socket) -> None:
        screen.attach(socket.url)
        socket.on("framereceived", screen.receive)
    page.on("websocket", opened)
    page.goto(url)
    return page


@pytest.mark.slow
def test_a_real_browser_loads_the_game_and_starts_a_campaign(server, content, tmp_path):
    playwright = browser_driver()
    url, data = server
    screen = Screen()
    started = time.monotonic()
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = open_page(browser, url, screen)
            title = wait_for(page, screen, ["New game", "Start from a run or class code", "Lankov"])
            assert "L A N D I N G" in title or "SOFT LANDING" in title.upper()
            page.screenshot(path=str(tmp_path / "title.png"))
            # no click first: the page gives the terminal the keyboard as soon as it is there
            assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')")
            page.keyboard.press("n")  # New game: the dialog of scenario and seed
            wait_for(page, screen, ["Seed", "Start (enter)"])
            page.keyboard.press("Enter")
            titles = [e.title for e in content.events.values()]
            deadline = time.monotonic() + 60
            while not any(t in screen.text() for t in titles):
                assert time.monotonic() < deadline, f"no dilemma on the page:\n{screen.text()}"
                page.wait_for_timeout(250)
            page.screenshot(path=str(tmp_path / "dilemma.png"))
        finally:
            browser.close()
    sessions = list((data / web.SESSIONS_FOLDER).iterdir())
    assert len(sessions) == 1  # the browser's session got its own saves folder
    print(f"browser test: {time.monotonic() - started:.1f} s")


@pytest.mark.slow
def test_a_browser_served_with_a_class_code_starts_in_the_class_game(tmp_path, content):
    from game.files import classroom

    playwright = browser_driver()
    code = classroom.class_code(content, "classroom", 8)
    first = classroom.class_game(content, "classroom", 8).dilemma
    process, url, _ = start_server(tmp_path, "--class", code)
    try:
        screen = Screen()
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = open_page(browser, url, screen)
                wait_for(page, screen, ["Your name", "No name (esc)"])  # a class's page asks the student's name first
                page.locator(".xterm-helper-textarea").focus()
                page.keyboard.press("Escape")  # the name is optional
                wait_for(page, screen, [first.title])
            finally:
                browser.close()
    finally:
        stop(process)


async def test_a_full_server_says_so_instead_of_starting_a_game(tmp_path):
    from aiohttp import ClientSession
    from aiohttp.test_utils import TestServer

    server = web.GameServer(tmp_path, port=free_port(), max_sessions=0)
    test_server = TestServer(await server._make_app())
    await test_server.start_server()
    try:
        origin = f"http://127.0.0.1:{test_server.port}"
        async with ClientSession() as client, client.ws_connect(test_server.make_url("/ws"), headers={"Origin": origin}) as socket:
            message = await socket.receive(timeout=10)
        assert "The server is full" in message.data
        assert not (tmp_path / web.SESSIONS_FOLDER).exists()  # no game, no folder
    finally:
        await test_server.close()
