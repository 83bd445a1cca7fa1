"""What the browser server guards (issue 28): origins, tokens, message sizes, game processes, folders.

The server runs in the test's event loop on a free loopback port (aiohttp's TestServer); the games
it starts are a stand-in that speaks textual-serve's protocol (so a test does not wait for the real
game to start) and can be told to ignore SIGTERM or to report the sizes it is sent. One test starts
the real game.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import struct
import sys
import textwrap
import time
from pathlib import Path

import pytest
from aiohttp import ClientSession, CookieJar, WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestServer

from game import web
from game.web import folders, games, guard, server as web_server

FAKE_GAME = textwrap.dedent('''
    import json, os, signal, sys, time
    mode = sys.argv[1]
    saves = sys.argv[sys.argv.index("--saves") + 1]
    if mode == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(os.path.join(os.path.dirname(os.path.dirname(saves)), f"pid-{os.getpid()}"), "w") as out:
        out.write(saves)
    if mode == "hog":
        hoard = bytearray(64 * 1024 * 1024)
    out = sys.stdout.buffer
    out.write(b"__GANGLION__\\n"); out.flush()
    def packet(kind, payload):
        out.write(kind + len(payload).to_bytes(4, "big") + payload); out.flush()
    packet(b"D", b"hello from the game")
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(5)
        if len(head) < 5:
            break
        body = stdin.read(int.from_bytes(head[1:], "big"))
        if head[:1] == b"M":
            meta = json.loads(body)
            if meta["type"] == "resize":
                packet(b"D", f"size {meta['width']}x{meta['height']}".encode())
            if meta["type"] == "quit" and mode != "stubborn":
                break
    if mode == "stubborn":
        while True:
            time.sleep(1)
''')


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def game_pids(data: Path) -> list[int]:
    return [int(p.name[4:]) for p in data.glob("pid-*")]


@pytest.fixture()
def fake_game(tmp_path, monkeypatch):
    """Games started by the server are the stand-in, in the mode the test sets (``normal``, ``stubborn``, ``hog``)."""
    script = tmp_path / "fake_game.py"
    script.write_text(FAKE_GAME)
    mode = {"name": "normal"}

    def command(saves, content=None, code=None, mods=()):
        return [sys.executable, str(script), mode["name"], "--saves", str(saves)]
    monkeypatch.setattr(web_server, "game_command", command)
    monkeypatch.setattr(games, "TERM_WAIT", 0.5)
    monkeypatch.setattr(games, "WATCH_EVERY", 0.1)
    return mode


class Served:
    def __init__(self, game_server: web.GameServer, test_server: TestServer) -> None:
        self.game = game_server
        self.test = test_server
        self.origin = f"http://127.0.0.1:{test_server.port}"

    def url(self, path: str) -> str:
        return str(self.test.make_url(path))


async def serve(data: Path, **options) -> Served:
    options.setdefault("grace", 0.5)
    game_server = web.GameServer(data, **options)
    test_server = TestServer(await game_server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    return Served(game_server, test_server)


@pytest.fixture()
async def served(tmp_path, fake_game):
    running = await serve(tmp_path / "data")
    yield running
    await running.test.close()
    await asyncio.gather(*(g.stop() for g in list(running.game.games)))


async def first_text(socket, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = await socket.receive(timeout=seconds)
        if message.type in (WSMsgType.BINARY, WSMsgType.TEXT):
            return message.data.decode() if isinstance(message.data, bytes) else message.data
        if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            raise AssertionError(f"closed: {message}")
    raise AssertionError("nothing received")


async def until(predicate, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


# --- 1. only the server's own pages start games ------------------------------------------------

@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1", "null", None])
async def test_a_page_of_another_origin_gets_403_and_no_game(served, origin, tmp_path):
    headers = {"Origin": origin} if origin else {}
    async with ClientSession() as client:
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect(served.url("/ws"), headers=headers)
    assert refused.value.status == 403
    assert served.game.active == 0 and game_pids(tmp_path / "data") == []
    assert not served.game.sessions.exists()


async def test_a_name_pointed_at_the_server_by_dns_rebinding_is_refused(served):
    forged = f"evil.example:{served.test.port}"
    async with ClientSession() as client:
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect(served.url("/ws"), headers={"Origin": f"http://{forged}", "Host": forged})
        assert refused.value.status == 403
        async with client.get(served.url("/"), headers={"Host": forged}) as page:
            assert page.status == 403


async def test_the_servers_own_page_starts_a_game(served, tmp_path):
    async with ClientSession() as client, client.ws_connect(served.url("/ws"), headers={"Origin": served.origin}) as socket:
        assert await first_text(socket) == "hello from the game"
        assert served.game.active == 1
    assert await until(lambda: served.game.active == 0)


async def test_an_allowed_proxy_origin_starts_a_game(tmp_path, fake_game):
    running = await serve(tmp_path / "data", allow_origins=["https://games.school.example"])
    try:
        async with ClientSession() as client, client.ws_connect(
                running.url("/ws"), headers={"Origin": "https://games.school.example"}) as socket:
            assert await first_text(socket) == "hello from the game"
    finally:
        await running.test.close()
        await asyncio.gather(*(g.stop() for g in list(running.game.games)))


def test_the_origin_check_on_a_classroom_network():
    check = guard.OriginCheck("0.0.0.0")
    assert check.refusal("http://192.168.1.20:8000", "192.168.1.20:8000", "http") is None  # the address students type
    assert check.refusal("http://localhost:8000", "localhost:8000", "http") is None
    assert check.refusal("http://evil.example:8000", "evil.example:8000", "http") is not None
    assert check.refusal("http://192.168.1.20:8000", "192.168.1.20:8001", "http") is not None
    loopback = guard.OriginCheck("127.0.0.1")
    assert loopback.refusal("http://10.0.0.1:8000", "10.0.0.1:8000", "http") is not None  # not one of its names


async def test_a_token_the_server_never_issued_is_replaced_and_names_no_folder(served, tmp_path):
    made_up = ["a" * 32, "b" * 32 + "." + "c" * 32, "../../etc", "d" * 64]
    async with ClientSession() as client:
        for token in made_up:
            async with client.get(served.url("/"), headers={"Cookie": f"{web.COOKIE}={token}"}) as page:
                assert page.status == 200
                issued = page.cookies[web.COOKIE].value
            assert issued != token and served.game.tokens.session_of(issued) is not None
            async with client.ws_connect(served.url("/ws"), headers={"Origin": served.origin,
                                                                     "Cookie": f"{web.COOKIE}={token}"}) as socket:
                await first_text(socket)
                saves = [Path((tmp_path / "data" / f"pid-{pid}").read_text()) for pid in game_pids(tmp_path / "data")]
                assert saves and all(s.parent == served.game.sessions and s.name not in token for s in saves)
            for pid_file in (tmp_path / "data").glob("pid-*"):
                pid_file.unlink()
    assert await until(lambda: served.game.active == 0)
    assert sorted(p.name for p in served.game.sessions.iterdir()) == []  # no save: removed at the end


def test_an_issued_token_survives_a_restart_and_no_other_key_accepts_it(tmp_path):
    data = tmp_path / "data"
    tokens = guard.SessionTokens(data)
    token = tokens.issue()
    assert guard.SessionTokens(data).session_of(token) == token.split(".")[0]  # the key is kept in the data folder
    assert guard.SessionTokens(tmp_path / "other").session_of(token) is None
    assert oct((data / guard.KEY_FILE).stat().st_mode & 0o777) == "0o600"


# --- 2. bounded messages and processes -----------------------------------------------------------

def test_terminal_sizes_are_clamped():
    assert guard.clamp_size(100000, 100000) == (300, 100)
    assert guard.clamp_size(1, -5) == (20, 6)
    assert guard.clamp_size("120", "40") == (120, 40)
    assert guard.clamp_size("9" * 400, None) == (80, 24)
    assert guard.clamp_size(True, 3.5) == (80, 24)


async def test_a_huge_resize_reaches_the_game_clamped(served):
    async with ClientSession() as client, client.ws_connect(
            served.url("/ws?width=100000&height=100000"), headers={"Origin": served.origin}) as socket:
        await first_text(socket)
        await socket.send_str(json.dumps(["resize", {"width": 100000, "height": 100000}]))
        assert await first_text(socket) == "size 300x100"
        await socket.send_str(json.dumps(["resize", {"width": "x", "height": [1]}]))
        assert await first_text(socket) == "size 80x24"


@pytest.mark.parametrize("message", ["x" * (web_server.MAX_MESSAGE + 1), "not json", '{"stdin": 1}', "[]"])
async def test_an_oversize_or_malformed_message_closes_the_socket_and_ends_the_game(served, message, tmp_path):
    async with ClientSession() as client, client.ws_connect(served.url("/ws"), headers={"Origin": served.origin}) as socket:
        await first_text(socket)
        await socket.send_str(message)
        closing = await socket.receive(timeout=10)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    pids = game_pids(tmp_path / "data")
    assert pids and await until(lambda: not any(alive(p) for p in pids))
    assert served.game.active == 0


async def test_a_game_that_ignores_sigterm_is_killed_when_its_page_goes(served, fake_game, tmp_path):
    fake_game["name"] = "stubborn"
    async with ClientSession() as client, client.ws_connect(served.url("/ws"), headers={"Origin": served.origin}) as socket:
        await first_text(socket)
    [pid] = game_pids(tmp_path / "data")
    assert alive(pid)
    assert await until(lambda: not alive(pid), 10)
    assert served.game.active == 0


async def test_max_sessions_counts_games_still_alive_not_open_pages(tmp_path, fake_game):
    fake_game["name"] = "stubborn"
    running = await serve(tmp_path / "data", max_sessions=1, grace=3)
    try:
        async with ClientSession() as client:
            async with client.ws_connect(running.url("/ws"), headers={"Origin": running.origin}) as socket:
                await first_text(socket)
            [pid] = game_pids(tmp_path / "data")
            assert alive(pid)  # its page is gone, it is not: the slot is still taken
            async with client.ws_connect(running.url("/ws"), headers={"Origin": running.origin}) as socket:
                assert "The server is full" in await first_text(socket)
            assert await until(lambda: not alive(pid) and running.game.active == 0, 15)
            async with client.ws_connect(running.url("/ws"), headers={"Origin": running.origin}) as socket:
                assert await first_text(socket) == "hello from the game"
    finally:
        await running.test.close()
        await asyncio.gather(*(g.stop() for g in list(running.game.games)))


def drop_handshake(port: int, origin: str) -> None:
    """Send a websocket handshake and reset the connection at once (SO_LINGER 0), as a rude client does."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Origin: {origin}\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    connection.close()


async def test_dropped_handshakes_leave_no_game_and_no_folder(tmp_path, fake_game):
    running = await serve(tmp_path / "data", max_sessions=3)
    try:
        for _ in range(15):
            drop_handshake(running.test.port, running.origin)
            await asyncio.sleep(0.02)
            assert running.game.active <= 3
        assert await until(lambda: running.game.active == 0, 20)
        assert not any(alive(p) for p in game_pids(tmp_path / "data"))
        assert not running.game.sessions.exists() or list(running.game.sessions.iterdir()) == []
    finally:
        await running.test.close()


async def test_a_game_over_the_memory_ceiling_is_ended(tmp_path, fake_game):
    fake_game["name"] = "hog"
    running = await serve(tmp_path / "data", memory_ceiling=32 * 1024 * 1024)
    try:
        async with ClientSession() as client, client.ws_connect(running.url("/ws"), headers={"Origin": running.origin}) as socket:
            with pytest.raises(AssertionError, match="closed"):
                for _ in range(3):
                    await first_text(socket)
        assert await until(lambda: running.game.active == 0)
        assert not any(alive(p) for p in game_pids(tmp_path / "data"))
    finally:
        await running.test.close()


# --- 3. housekeeping --------------------------------------------------------------------------------

def test_prune_removes_empty_and_old_folders_and_keeps_recent_saves(tmp_path):
    sessions = tmp_path / "sessions"
    now = time.time()
    empty, old, recent, interrupted = (sessions / (c * 32) for c in "abcd")
    for folder in (empty, old, recent, interrupted):
        folder.mkdir(parents=True)
    (old / "my-game.json").write_text("{}")
    (recent / "my-game.json").write_text("{}")
    (interrupted / ".autosave-00001.x1.tmp").write_text("")
    for path in (old, old / "my-game.json"):
        os.utime(path, (now - 40 * 86400, now - 40 * 86400))
    stranger = sessions / "not-a-session"
    stranger.mkdir()
    removed = folders.prune(sessions, keep_days=30, now=now)
    assert sorted(removed) == sorted([empty, old, interrupted])
    assert sorted(p.name for p in sessions.iterdir()) == sorted([recent.name, stranger.name])


def test_the_server_prunes_at_start(tmp_path, monkeypatch):
    sessions = tmp_path / "data" / web.SESSIONS_FOLDER
    (sessions / ("e" * 32)).mkdir(parents=True)
    server = web.GameServer(tmp_path / "data")
    server.console.quiet = True
    asyncio.run(server.on_startup(None))  # type: ignore[arg-type]
    assert list(sessions.iterdir()) == []


def test_the_serve_command_checks_its_new_options(tmp_path):
    import subprocess
    for args, words in ((["--keep-days", "0"], "--keep-days"), (["--allow-origin", "evil"], "--allow-origin")):
        done = subprocess.run([sys.executable, "-m", "game", "serve", "--data", str(tmp_path), *args],
                              capture_output=True, text=True, timeout=60,
                              env=os.environ | {"SOFT_LANDING_SAVES": str(tmp_path / "saves")})
        assert done.returncode == 2 and words in done.stdout + done.stderr


async def test_the_real_game_starts_and_ends_with_its_page(tmp_path):
    running = await serve(tmp_path / "data", grace=5)
    try:
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as client:  # unsafe: cookies of an IP address
            async with client.get(running.url("/")) as page:
                token = page.cookies[web.COOKIE].value
            async with client.ws_connect(running.url("/ws?width=80&height=24"),
                                         headers={"Origin": running.origin}) as socket:
                text = ""
                deadline = time.monotonic() + 60
                while "New game" not in text and time.monotonic() < deadline:
                    message = await socket.receive(timeout=60)
                    assert message.type in (WSMsgType.BINARY, WSMsgType.TEXT), message
                    text += message.data.decode("utf-8", "replace") if isinstance(message.data, bytes) else message.data
                assert "New game" in text
                [game] = running.game.games
                pid = game.pid
                assert running.game.users == {running.game.tokens.session_of(token): 1}  # the page's own session
        assert await until(lambda: running.game.active == 0, 20)
        assert pid is not None and not alive(pid)
        session = running.game.tokens.session_of(token)
        assert session is not None and not (running.game.sessions / session).exists()  # nothing saved, nothing kept
    finally:
        await running.test.close()
        await asyncio.gather(*(g.stop() for g in list(running.game.games)))
