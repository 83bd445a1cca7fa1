"""The game in a browser: textual-serve runs one game process per browser session.

Each browser session (a random token kept in a cookie) gets its own saves folder under the
server's data folder, and its game process is started with that folder and no other, so no
student can load or continue another's game; a student who reloads the page finds their saves
again. The page and its websocket are addressed from the request, so the server can listen on
every interface of a classroom machine and still be reached by the name or address students type.
There are no accounts and nothing is encrypted: this is for a classroom's own network, not the
internet.
"""

from __future__ import annotations

import re
import secrets
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, log, to_int

COOKIE = "soft_landing_session"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
SESSIONS_FOLDER = "sessions"
MAX_SESSIONS = 60  # games at once: each is a process of about 45 MB
FULL = "\x1b[2J\x1b[H\r\n  The server is full ({n} games are being played). Try again in a moment.\r\n"


def game_command(saves: Path, content: Path | None = None, code: str | None = None) -> str:
    """The shell command of one browser session's game: this Python, this game, its own saves."""
    parts = [sys.executable, "-m", "game", "--saves", str(saves)]
    if content is not None:
        parts += ["--content", str(content)]
    if code:
        parts += ["--code", code]
    return " ".join(shlex.quote(p) for p in parts)


class GameServer(Server):
    """A textual-serve server that gives every browser session its own game and saves folder."""

    def __init__(self, data: Path, host: str = "127.0.0.1", port: int = 8000, content: Path | None = None,
                 code: str | None = None, max_sessions: int = MAX_SESSIONS) -> None:
        super().__init__(game_command(Path(data), content, code), host=host, port=port, title="Soft Landing")
        self.data = Path(data)
        self.content = content
        self.code = code
        self.max_sessions = max_sessions
        self.active = 0  # games running now, one per open page

    def session_folder(self, token: str) -> Path:
        """The saves folder of a session (made when first needed)."""
        if not _TOKEN.match(token):
            raise ValueError("not a session token")
        folder = self.data / SESSIONS_FOLDER / token
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _token(self, request: web.Request) -> str | None:
        token = request.cookies.get(COOKIE, "")
        return token if _TOKEN.match(token) else None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, addressed as the browser reached it, with the session's cookie set."""
        base = f"{request.scheme}://{request.host}"
        socket = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}/ws"
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": socket,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if self._token(request) is None:
            response.set_cookie(COOKIE, secrets.token_hex(16), httponly=True, samesite="Strict",
                                max_age=60 * 60 * 24 * 30)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One game process for this connection, saving in its session's folder only."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if self.active >= self.max_sessions:
            await websocket.prepare(request)
            await websocket.send_str(FULL.format(n=self.active))
            await websocket.close()
            return websocket
        token = self._token(request) or secrets.token_hex(16)  # no cookie: a folder of its own, kept for this page
        command = game_command(self.session_folder(token), self.content, self.code)
        self.active += 1
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                     close=websocket.close,  # type: ignore[arg-type]  # as textual-serve itself passes it
                                     download_manager=self.download_manager, debug=self.debug)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except Exception as error:  # noqa: BLE001 - one session's failure must not stop the server
            log.exception(error)
        finally:
            self.active -= 1
            if app_service is not None:
                await app_service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        where = f"http://{self.host}:{self.port}/"
        self.console.print(f"Soft Landing is served on {where} (saves under {self.data / SESSIONS_FOLDER})")
        if self.host in ("0.0.0.0", "::"):
            self.console.print("Students open http://<this machine's name or address>:" f"{self.port}/")
        self.console.print("Press Ctrl+C to stop.")
