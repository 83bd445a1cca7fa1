"""Key -> screen latency of ``soft-landing serve`` under load: N browser sessions press a key at once.

Starts a server on a free 127.0.0.1 port (loopback only), opens N websocket sessions of the real
game, waits until each shows its title screen, then for a number of rounds every session presses a
key at the same moment (n, which opens the new-game dialog, then Escape, which closes it) and the
time until the words of the new screen have arrived is recorded.
Prints the median, 90th percentile and worst, and the server's and games' CPU time. Asserts nothing.

    .venv/bin/python scripts/bench_web.py --sessions 1 30 --rounds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import ClientSession, WSMsgType

# n opens the new-game dialog, Escape closes it: each press is timed until its screen has been drawn.
KEYS = (("n", "Start (enter)"), ("\x1b", "Continue"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Page:
    """One session's socket, read all the time (so the server's heartbeat pings are answered)."""

    def __init__(self, socket_) -> None:
        self.socket = socket_
        self.frames: asyncio.Queue[str] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == WSMsgType.BINARY:
                self.frames.put_nowait(message.data.decode("utf-8", "replace"))
            elif message.type == WSMsgType.TEXT and "full" in message.data:
                self.frames.put_nowait("FULL")

    async def until(self, words: str, seconds: float = 120) -> None:
        text = ""
        async with asyncio.timeout(seconds):
            while words not in text:
                text += await self.frames.get()
                if "FULL" in text:
                    raise RuntimeError("the server is full")

    def drain(self) -> None:
        while not self.frames.empty():
            self.frames.get_nowait()


async def open_session(client: ClientSession, url: str, origin: str) -> Page:
    page = Page(await client.ws_connect(url, headers={"Origin": origin}, max_msg_size=0))
    await page.until("New game")
    return page


async def press(page: Page, key: tuple[str, str]) -> float:
    typed, words = key
    page.drain()
    started = time.monotonic()
    await page.socket.send_str(json.dumps(["stdin", typed]))
    await page.until(words, 60)
    latency = time.monotonic() - started
    await asyncio.sleep(0.3)  # the rest of this frame
    return latency


def cpu_seconds(pid: int) -> float:
    """User and system time of a process and its children that have ended, from /proc."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(f) for f in fields[11:15]) / ticks


def games_cpu(server: int) -> float:
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == server:
                    total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                continue
    return total


async def measure(port: int, server: int, sessions: int, rounds: int) -> dict[str, float]:
    url, origin = f"ws://127.0.0.1:{port}/ws?width=80&height=24", f"http://127.0.0.1:{port}"
    async with ClientSession() as client:
        sockets = []
        for _ in range(sessions):  # one at a time: start-up is not what is measured
            sockets.append(await open_session(client, url, origin))
        await asyncio.sleep(3)  # every game has loaded its content
        before_server, before_games = cpu_seconds(server), games_cpu(server)
        latencies: list[float] = []
        started = time.monotonic()
        for n in range(rounds):
            latencies += await asyncio.gather(*(press(s, KEYS[n % 2]) for s in sockets))
            await asyncio.sleep(0.5)
        wall = time.monotonic() - started
        server_cpu, game_cpu = cpu_seconds(server) - before_server, games_cpu(server) - before_games
        for page in sockets:
            await page.socket.close()
            page.reader.cancel()
    latencies.sort()
    return {"sessions": sessions, "presses": len(latencies), "median_ms": 1000 * statistics.median(latencies),
            "p90_ms": 1000 * latencies[int(0.9 * (len(latencies) - 1))], "worst_ms": 1000 * latencies[-1],
            "server_cpu_s": server_cpu, "games_cpu_s": game_cpu, "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "server.log", "wb") as log:
            server = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", str(port), "--data",
                                       str(Path(tmp) / "data"), "--max-sessions", str(max(args.sessions) + 5)],
                                      stdout=log, stderr=subprocess.STDOUT,
                                      env=os.environ | {"SOFT_LANDING_SAVES": str(Path(tmp) / "saves")})
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            for count in args.sessions:
                result = asyncio.run(measure(port, server.pid, count, args.rounds))
                print(f"{result['sessions']:>3} sessions, {result['presses']} presses: median {result['median_ms']:.0f} ms, "
                      f"90% {result['p90_ms']:.0f} ms, worst {result['worst_ms']:.0f} ms; CPU over {result['wall_s']:.1f} s: "
                      f"server {result['server_cpu_s']:.1f} s, games {result['games_cpu_s']:.1f} s", flush=True)
                time.sleep(5)  # the games of this count end before the next
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
