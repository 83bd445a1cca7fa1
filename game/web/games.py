"""One browser session's game process: started without a shell, in a process group of its own, and ended for sure.

textual-serve starts the game through ``sh -c`` and, when the page goes, asks it to quit and waits
for its output to end: a game that does not answer (deadlocked, swapping, ignoring SIGTERM) is
waited for for ever while the server has already forgotten it. Here the game is asked to quit, is
given a grace period to autosave and exit, then gets SIGTERM, then SIGKILL, all sent to its process
group; and a game whose memory passes a ceiling is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from asyncio.subprocess import PIPE, Process

from textual_serve.app_service import AppService, log

GRACE = 3.0  # seconds a game has to quit by itself once its page is gone (a reload opens a new game)
TERM_WAIT = 2.0  # seconds between SIGTERM and SIGKILL
MEMORY_CEILING = 512 * 1024 * 1024  # bytes of resident memory; a game uses about 45 MB
WATCH_EVERY = 1.0  # seconds between two looks at a game's memory
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int) -> int | None:
    """The resident memory of a process, from /proc; None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read(200).split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class GameProcess(AppService):
    """A textual-serve app service whose process is started from an argument list and always ends."""

    def __init__(self, argv: list[str], *, memory_ceiling: int = MEMORY_CEILING, grace: float = GRACE,
                 environment: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.environment = dict(environment or {})  # added to the game's environment (its player's folder)
        self.memory_ceiling = memory_ceiling
        self.grace = grace
        self.over_memory = False  # set when the watch ended the game for its memory
        self._watch: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return {**super()._build_environment(width, height), **self.environment}

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=self._build_environment(width, height),
            start_new_session=True)  # its own process group: whatever it starts ends with it
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        await super().start(width, height)
        self._watch = asyncio.create_task(self._watch_memory())

    async def _watch_memory(self) -> None:
        while self.running and self.pid is not None:
            used = resident_bytes(self.pid)
            if used is not None and used > self.memory_ceiling:
                log.warning("game %s uses %d MB, over the ceiling of %d MB: ended", self.pid, used >> 20,
                            self.memory_ceiling >> 20)
                self.over_memory = True
                self._signal(signal.SIGKILL)
                with contextlib.suppress(Exception):
                    await self.remote_close()
                return
            await asyncio.sleep(WATCH_EVERY)

    def _signal(self, number: int) -> None:
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, number)

    async def _exited(self, seconds: float) -> bool:
        assert self._process is not None
        try:
            await asyncio.wait_for(self._process.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Ask the game to quit; after the grace period SIGTERM, then SIGKILL. Returns once it is gone."""
        if self._watch is not None:
            self._watch.cancel()
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._download_manager.cancel_app_downloads(self.app_service_id), 1)
            with contextlib.suppress(Exception):  # a game that reads nothing must not hold this up
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 1)
            if not await self._exited(self.grace):
                log.warning("game %s did not quit within %.0f s: SIGTERM", process.pid, self.grace)
                self._signal(signal.SIGTERM)
                if not await self._exited(TERM_WAIT):
                    log.warning("game %s ignored SIGTERM: SIGKILL", process.pid)
                    self._signal(signal.SIGKILL)
                    await process.wait()
        self._signal(signal.SIGKILL)  # anything the game left behind in its group
        if self._task is not None:
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(task, TERM_WAIT)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
