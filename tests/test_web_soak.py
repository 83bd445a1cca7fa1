"""A bounded soak of ``soft-landing serve`` (issue 28), loopback only: about 20 s here, never over 90 s.

A real server on a free 127.0.0.1 port starts real games. Forty sessions open and close, eight at a
time, with hostile traffic between them: pages of other origins, tokens the server never issued,
100000x100000 resizes, messages over the size limit and handshakes dropped with a TCP reset.
Afterwards no game process is left, no session folder is left empty, and the server's memory is
back near where it started.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time

import pytest
from aiohttp import ClientSession, CookieJar, WSMsgType, WSServerHandshakeError
from test_web import start_server, stop
from test_web_guard import drop_handshake

from game import web

SESSIONS = 40
AT_ONCE = 8
MAX_SESSIONS = 10


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the games a server started)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def session(url: str, origin: str, rng: random.Random, stats: dict[str, int]) -> None:
    """One student: the page (a cookie), the game's first screen, a few keys and a hostile resize, then gone.
    A full server is tried again, as a student reloads the page, until a game starts."""
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as client:
        async with client.get(url) as page:
            assert page.status == 200
        while True:
            socket = await client.ws_connect(url.replace("http", "ws") + "ws?width=80&height=24", headers={"Origin": origin})
            message = await socket.receive(timeout=40)
            if message.type == WSMsgType.TEXT and "The server is full" in message.data:
                stats["full"] += 1
                await socket.close()
                await asyncio.sleep(0.5)
                continue
            break
        async with socket:
            assert message.type == WSMsgType.BINARY, message
            stats["played"] += 1
            await socket.send_str(json.dumps(["resize", {"width": 100000, "height": 100000}]))
            await socket.send_str(json.dumps(["stdin", "n"]))
            await asyncio.sleep(rng.uniform(0, 0.5))
            if rng.random() < 0.3:
                await socket.send_str("x" * (web.server.MAX_MESSAGE + 10))  # the server closes the socket
                stats["oversize"] += 1
                await socket.receive(timeout=10)


async def hostile(url: str, origin: str, port: int, stats: dict[str, int]) -> None:
    async with ClientSession() as client:
        for foreign in ("http://evil.example", "null"):
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect(url.replace("http", "ws") + "ws", headers={"Origin": foreign})
            assert refused.value.status == 403
            stats["refused"] += 1
        async with client.get(url, headers={"Cookie": f"{web.COOKIE}={'a' * 32}"}) as page:
            assert page.cookies[web.COOKIE].value != "a" * 32  # replaced
            stats["replaced"] += 1
    for _ in range(3):
        drop_handshake(port, origin)
        stats["dropped"] += 1


@pytest.mark.slow  # 20-60 s on two shared cores: CI runs it, the fast loop skips it
def test_forty_sessions_and_hostile_traffic_leave_nothing_behind(tmp_path):
    process, url, data = start_server(tmp_path, "--max-sessions", str(MAX_SESSIONS))
    origin = url.rstrip("/")
    port = int(origin.rsplit(":", 1)[1])
    stats = {k: 0 for k in ("played", "full", "oversize", "refused", "replaced", "dropped")}
    most = 0
    try:
        time.sleep(1)
        memory_before = resident_mb(process.pid)
        started = time.monotonic()

        async def soak() -> None:
            nonlocal most
            rng = random.Random(28)
            gate = asyncio.Semaphore(AT_ONCE)

            async def one(n: int) -> None:
                async with gate:
                    if n % 5 == 0:
                        await hostile(url, origin, port, stats)
                    await session(url, origin, rng, stats)

            async def count() -> None:
                nonlocal most
                while True:
                    most = max(most, len(children(process.pid)))
                    await asyncio.sleep(0.1)
            counter = asyncio.create_task(count())
            await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(SESSIONS))), 90)
            counter.cancel()

        asyncio.run(soak())
        deadline = time.monotonic() + 20
        while children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = children(process.pid)
        sessions = data / web.SESSIONS_FOLDER
        empty = [p.name for p in sessions.iterdir() if not any(p.iterdir())] if sessions.exists() else []
        memory_after = resident_mb(process.pid)
        print(f"soak: {stats}, at most {most} games at once, {time.monotonic() - started:.1f} s, "
              f"server memory {memory_before:.0f} -> {memory_after:.0f} MB")
        assert left == [], f"game processes left: {left}"
        assert empty == [], f"empty session folders left: {empty}"
        assert stats["played"] == SESSIONS  # every student played, some after the server said it was full
        assert most <= MAX_SESSIONS
        assert memory_after < memory_before + 40
    finally:
        stop(process)
