"""The game in a browser: one game process per browser session, behind textual-serve's page.

Each browser session (a token the server issued, kept in a cookie) gets its own saves folder under
the server's data folder, and its game process is started with that folder and no other, so no
student can load or continue another's game; a student who reloads the page finds their saves
again. The page and its websocket are addressed from the request, so the server can listen on
every interface of a classroom machine and still be reached by the name or address students type.

What a stranger can do is bounded: only the server's own pages start games (``guard``), a message
is at most ``MAX_MESSAGE`` bytes and a terminal at most 300x100, every game ends when its page goes
(``games``), ``max_sessions`` counts game processes still alive, and folders of sessions that never
saved are removed (``folders``). There are no accounts and nothing is encrypted: this is for a
classroom's own network, not the internet.

Served with a class code, every game asks the student's name and keeps a class record in its
folder; the server reads the records every few seconds, records each run of the class as it ends
(``game.files.lesson``), and serves the teacher's live page behind a token printed at start-up
(``teacher``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from rich.logging import RichHandler
from textual_serve.app_service import AppService
from textual_serve.server import Server, log, to_int

from game import i18n
from game.i18n import N_
from game.places import PLAYER_ENVIRONMENT
from game.web import folders
from game.web.games import GRACE, MEMORY_CEILING, GameProcess
from game.web.guard import MAX_MESSAGE, OriginCheck, SessionTokens, clamp_size, read_message

if TYPE_CHECKING:
    from game.rules.model import Content
    from game.web.teacher import TeacherPages

COOKIE = "soft_landing_session"
SESSIONS_FOLDER = "sessions"
MAX_SESSIONS = 60  # games at once: each is a process of about 45 MB
#: what a page is sent when the server is full (translated when it is sent, after a clear screen)
FULL = N_("The server is full ({n} games are being played). Try again in a moment.")
COOKIE_AGE = 60 * 60 * 24 * 30
SCAN_EVERY = 2.0  # seconds between two looks at the class records of the open pages

# textual-serve's page takes keys only once the terminal's hidden text box has the focus, which it gets
# on a click: the page gives it the focus as soon as the terminal is there (and again when the window
# comes back), unless the player has put the focus somewhere else on the page.
FOCUS_TERMINAL = """<script>
(function () {
  function focusTerminal() {
    var input = document.querySelector(".xterm-helper-textarea");
    var elsewhere = document.activeElement && document.activeElement !== document.body;
    if (input && !elsewhere) { input.focus(); }
  }
  var checks = 0;
  var timer = setInterval(function () { focusTerminal(); if (++checks > 600) { clearInterval(timer); } }, 50);
  window.addEventListener("focus", focusTerminal);
})();
</script>
"""


def game_command(saves: Path, content: Path | None = None, code: str | None = None,
                 mods: Iterable[Path] = ()) -> list[str]:
    """The command of one browser session's game: this Python, this game (with its mods), its own saves."""
    parts = [sys.executable, "-m", "game", "--saves", str(saves)]
    if content is not None:
        parts += ["--content", str(content)]
    for mod in mods:
        parts += ["--mod", str(mod)]
    if code:  # a class's game: it asks the student's name and keeps a class record for the teacher's page
        parts += ["--class-student", "--code", code]
    return parts


class GameServer(Server):
    """A textual-serve server that gives every browser session its own game and saves folder."""

    def __init__(self, data: Path, host: str = "127.0.0.1", port: int = 8000, content: Path | None = None,
                 code: str | None = None, max_sessions: int = MAX_SESSIONS, allow_origins: Iterable[str] = (),
                 keep_days: float = folders.KEEP_DAYS, memory_ceiling: int = MEMORY_CEILING,
                 grace: float = GRACE, loaded: Content | None = None, mods: Iterable[Path] = (),
                 lang: str | None = None) -> None:
        self.mods = tuple(mods)
        self.lang = lang  # every game's language until its player chooses another on the title screen
        super().__init__(" ".join(game_command(Path(data), content, code, self.mods)), host=host, port=port,
                         title="Soft Landing")
        self.data = Path(data)
        self.content = content
        self.code = code
        self.max_sessions = max_sessions
        self.keep_days = keep_days
        self.memory_ceiling = memory_ceiling
        self.grace = grace
        self.origins = OriginCheck(host, allow_origins)
        self.tokens = SessionTokens(self.data)
        self.games: set[GameProcess] = set()  # every game process not yet known to be gone
        self.users: Counter[str] = Counter()  # pages open per session id (two tabs share a folder)
        self.teacher: TeacherPages | None = self._teacher(loaded) if code else None
        self._watch: asyncio.Task[None] | None = None

    def _teacher(self, loaded: Content | None) -> TeacherPages:
        """The teacher's pages of the class (its content loaded here unless given)."""
        from game.files.lesson import LiveClass
        from game.content.loader import load_or_raise
        from game.web.teacher import TeacherPages

        assert self.code is not None
        content = loaded if loaded is not None else load_or_raise(self.content)
        live = LiveClass(self.data, self.sessions, content, self.code)
        scenario = content.scenarios[sorted(content.scenarios)[live.of.scenario]].name \
            if live.of.scenario < len(content.scenarios) else ""
        return TeacherPages(live, self.tokens.teacher_token(live.of.code), self.origins, lambda: list(self.users),
                            scenario)

    def environment(self, folder: Path) -> dict[str, str]:
        """What a session's game finds in its environment: its player's folder (a gallery and settings of its
        own) and the server's language, which the player's own choice on the title screen overrides."""
        found = {PLAYER_ENVIRONMENT: str(folder / folders.PLAYER)}
        if self.lang:
            found[i18n.ENV] = self.lang
        return found

    @property
    def teacher_path(self) -> str | None:
        """The teacher's page, with its token (None when no class is served)."""
        return f"/teacher?token={self.teacher.token}" if self.teacher is not None else None

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.teacher is not None:
            app.add_routes(self.teacher.routes())
        return app

    @property
    def active(self) -> int:
        """Games whose process may still be alive, whether or not their page is still open."""
        return len(self.games)

    @property
    def sessions(self) -> Path:
        return self.data / SESSIONS_FOLDER

    def session_folder(self, session: str) -> Path:
        """The saves folder of a session id (made when first needed); ValueError for anything else."""
        if not folders.is_session_id(session):
            raise ValueError("not a session id")
        folder = self.sessions / session
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, addressed as the browser reached it, with a session cookie the server issued."""
        refusal = self.origins.host_refusal(request.host)
        if refusal is not None:
            raise web.HTTPForbidden(text=refusal)
        base = f"{request.scheme}://{request.host}"
        socket = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}/ws"
        context: dict[str, Any] = {
            "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 64),
            "app_websocket_url": socket,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.text = (response.text or "").replace("</body>", FOCUS_TERMINAL + "</body>", 1)
        if self.tokens.session_of(request.cookies.get(COOKIE)) is None:  # none, or one this server never issued
            response.set_cookie(COOKIE, self.tokens.issue(), httponly=True, samesite="Strict", max_age=COOKIE_AGE)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """One game process for this connection, saving in its session's folder only."""
        refusal = self.origins.refusal(request.headers.get("Origin"), request.host, request.scheme)
        if refusal is not None:
            log.warning("websocket refused: %s", refusal)
            raise web.HTTPForbidden(text=refusal)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if self.active >= self.max_sessions:
            try:
                await websocket.prepare(request)
                await websocket.send_str("\x1b[2J\x1b[H\r\n  " + i18n._(FULL).format(n=self.active) + "\r\n")
                await websocket.close()
            except ConnectionError:
                return web.Response(status=400, text="the connection was reset")
            return websocket
        # A page without a token of ours plays in a folder of its own, removed at the end if it saved nothing.
        session = self.tokens.session_of(request.cookies.get(COOKIE)) or self.tokens.issue().split(".")[0]
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        folder = self.session_folder(session)
        game = GameProcess(game_command(folder, self.content, self.code, self.mods),
                           environment=self.environment(folder),
                           memory_ceiling=self.memory_ceiling, grace=self.grace, write_bytes=websocket.send_bytes,
                           write_str=websocket.send_str, close=websocket.close,
                           download_manager=self.download_manager, debug=self.debug)
        self.games.add(game)  # counted from now until its process is gone, whatever happens to the page
        self.users[session] += 1
        try:
            await websocket.prepare(request)
            await game.start(width, height)
            await self._process_messages(websocket, game)
        except ConnectionError as error:  # the page went mid-handshake: common, and one line is enough
            log.info("a page left during its handshake (%s)", error)
        except Exception as error:  # noqa: BLE001 - one session's failure must not stop the server
            log.exception(error)
        finally:
            # Shielded: a handler cancelled by a dropped connection still ends its game.
            await asyncio.shield(self._end(game, websocket, session))
        # A socket never opened cannot be returned: aiohttp would try to open it on a connection that is gone.
        return websocket if websocket.prepared else web.Response(status=400, text="the connection was reset")

    async def _end(self, game: GameProcess, websocket: web.WebSocketResponse, session: str) -> None:
        try:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(), 2)
            await game.stop()
        finally:
            self.games.discard(game)
            self.users[session] -= 1
            if self.teacher is not None:
                try:
                    self.teacher.scan([session])  # a run that ended as its page closed is recorded before anything goes
                except Exception as error:  # noqa: BLE001 - the page's count and folder must be settled whatever happens
                    log.exception(error)
            if self.users[session] <= 0:
                del self.users[session]
                folders.remove_if_unused(self.sessions / session)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """A page's messages to its game: keys, sizes (clamped), focus; anything else closes the socket."""
        async for message in websocket:
            if message.type == WSMsgType.ERROR:  # aiohttp closed it already (a message over MAX_MESSAGE)
                break
            if message.type != WSMsgType.TEXT:
                continue
            read = read_message(message.data)
            if read is None:
                await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"not a message of this page")
                break
            if read.kind == "stdin" and isinstance(read.data, str):
                await app_service.send_bytes(read.data.encode("utf-8", "replace"))
            elif read.kind == "resize" and isinstance(read.data, dict):
                await app_service.set_terminal_size(*clamp_size(read.data.get("width"), read.data.get("height")))
            elif read.kind == "ping":
                await websocket.send_json(["pong", read.data])
            elif read.kind == "blur":
                await app_service.blur()
            elif read.kind == "focus":
                await app_service.focus()

    def initialize_logging(self) -> None:
        """textual-serve's logging, without the local variables in tracebacks: each dropped handshake wrote a
        traceback with every local of the aiohttp request (hundreds of lines), rendered on the event loop."""
        super().initialize_logging()
        for handler in logging.getLogger().handlers:
            if isinstance(handler, RichHandler):
                handler.tracebacks_show_locals = False

    async def on_startup(self, app: web.Application) -> None:
        removed = folders.prune(self.sessions, self.keep_days)
        where = f"http://{self.host}:{self.port}/"
        self.console.print(i18n._("Soft Landing is served on {address} (saves under {folder})").format(
            address=where, folder=self.sessions))
        if removed:
            self.console.print(i18n._("Removed {count} session folders with no save or untouched for {days} days.").format(
                count=len(removed), days=f"{self.keep_days:g}"))
        if self.host in ("0.0.0.0", "::"):
            self.console.print(i18n._("Students open http://<this machine's name or address>:{port}/").format(port=self.port))
        if self.teacher is not None:
            self.teacher.scan(folders.session_ids(self.sessions))  # runs that ended while the server was down
            here = "localhost" if self.host in ("0.0.0.0", "::", "") else self.host
            here = f"[{here}]" if ":" in here else here  # an IPv6 address in a link
            self.console.print(i18n._("The teacher's live page (keep this link to yourself): {link}").format(
                link=f"http://{here}:{self.port}{self.teacher_path}"), markup=False, highlight=False, soft_wrap=True)
            self._watch = asyncio.create_task(self._watch_class())
        self.console.print(i18n._("Press Ctrl+C to stop."))

    async def _watch_class(self) -> None:
        """Every few seconds, the records of the open pages: a run is recorded within seconds of its end,
        whether or not the teacher's page is open."""
        assert self.teacher is not None
        while True:
            await asyncio.sleep(SCAN_EVERY)
            try:
                self.teacher.scan()
            except Exception as error:  # noqa: BLE001 - the watch must outlive any one bad record
                log.exception(error)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: every game ends with the server."""
        if self._watch is not None:
            self._watch.cancel()
        await asyncio.gather(*(game.stop() for game in list(self.games)), return_exceptions=True)
