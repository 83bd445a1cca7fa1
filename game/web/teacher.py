"""The teacher's pages of a class served with ``--class``: the live page, the debrief so far, a terminal student's code.

Every page needs the teacher's token (printed when the server starts, compared in constant time)
and is answered only for the server's own names, as the game's page is. The form that adds a
code is a POST from the server's own page: its ``Origin`` is checked as a websocket's is, its body
is at most ``MAX_FORM`` bytes, and the token travels in the form. Pages go out with a policy that
lets in no inline script, nothing from another site and no other site's frame, and with no
referrer (the token is in the address). What students typed is escaped by the page's builder
(:mod:`game.views.live_class`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, quote

from aiohttp import web

from game.i18n import N_, _
from game.files.classroom import Entry
from game.files.lesson import LessonError, LiveClass, Roster
from game.views import debrief, live_class, turning_points
from game.web.guard import MAX_FORM, OriginCheck, same_secret

log = logging.getLogger("soft_landing.teacher")

PAGE_POLICY = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
               "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
DEBRIEF_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
NO_TOKEN = N_("This page needs the teacher's link, which the server printed when it started (it ends in ?token=...).")


class TeacherPages:
    """The teacher's routes of one class, over the server's live class and its open pages."""

    def __init__(self, live: LiveClass, token: str, origins: OriginCheck, open_pages: Callable[[], Iterable[str]],
                 scenario: str) -> None:
        self.live = live
        self.token = token
        self.origins = origins
        self.open_pages = open_pages
        self.scenario = scenario
        self._debrief: tuple[str, str] = ("", "")  # (version, html) of the debrief last built

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/teacher", self.page), web.get("/teacher/live", self.live_part),
                web.get("/teacher/debrief", self.debrief), web.post("/teacher/add", self.add),
                web.get("/teacher/live.js", self.script), web.get("/teacher/codes.txt", self.codes)]

    # --- what the pages show ------------------------------------------------------------------------

    def scan(self, sessions: Iterable[str] | None = None) -> None:
        """Read the students' records that changed and record the runs that ended (of the open pages by default)."""
        try:
            for run in self.live.scan(self.open_pages() if sessions is None else sessions):
                log.info("recorded the run of %s", run.name or run.key)
        except OSError as error:  # tried again at the next scan
            log.warning("cannot write the class's runs file: %s", error)

    def roster(self) -> Roster:
        self.scan()
        return self.live.roster(list(self.open_pages()))

    @staticmethod
    def version(roster: Roster) -> str:
        """Changes when a run in the debrief changes: a season played, a run ended, a code added."""
        text = "\n".join(f"{s.name}\t{s.code}" for s in roster.students)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def debrief_html(self, roster: Roster) -> str:
        version = self.version(roster)
        if self._debrief[0] != version:
            if roster.students:
                entries = [Entry(n, s.name, s.code, s.game) for n, s in enumerate(roster.students, 1)]
                with turning_points.later():  # the odds' rollouts would hold up every student's screen: left out
                    text = debrief.to_html(debrief.build(entries, [], self.live.content))
            else:
                text = live_class.no_runs_yet(self.live.of.code)
            self._debrief = (version, text)
        return self._debrief[1]

    # --- handlers -------------------------------------------------------------------------------------

    def _admit(self, request: web.Request, token: str | None) -> None:
        """Refuse a request for another name than the server's (403), or without the teacher's token (403)."""
        refusal = self.origins.host_refusal(request.host)
        if refusal is not None:
            raise web.HTTPForbidden(text=refusal)
        if not same_secret(token, self.token):
            raise _html_error(web.HTTPForbidden, _("Not the teacher's link"), _(NO_TOKEN))

    async def page(self, request: web.Request) -> web.StreamResponse:
        self._admit(request, request.query.get("token"))
        roster = self.roster()
        notice = None
        added = request.query.get("added")
        if added:
            student = next((s for s in roster.students if s.code == added), None)
            if student is not None:
                notice = live_class.Notice(_("Added {name}: {where}.").format(name=student.name, where=live_class.describe(student)))
        return self._page(roster, notice)

    def _page(self, roster: Roster, notice: live_class.Notice | None = None, name: str = "", code: str = "",
              status: int = 200) -> web.Response:
        text = live_class.teacher_page(roster, class_code=self.live.of.code, scenario=self.scenario, token=self.token,
                                       version=self.version(roster), notice=notice, name=name, code=code)
        return _html(text, status)

    async def live_part(self, request: web.Request) -> web.StreamResponse:
        self._admit(request, request.query.get("token"))
        roster = self.roster()
        response = _html(live_class.live_part(roster))
        response.headers["X-Debrief-Version"] = self.version(roster)
        return response

    async def debrief(self, request: web.Request) -> web.StreamResponse:
        self._admit(request, request.query.get("token"))
        return _html(self.debrief_html(self.roster()), policy=DEBRIEF_POLICY)

    async def codes(self, request: web.Request) -> web.StreamResponse:
        """Every run as a codes file, for ``soft-landing debrief`` after the lesson."""
        self._admit(request, request.query.get("token"))
        response = web.Response(text=live_class.codes_file(self.roster(), self.live.of.code), content_type="text/plain",
                                charset="utf-8", headers=_HEADERS)
        response.headers["Content-Disposition"] = 'attachment; filename="class-codes.txt"'
        return response

    async def script(self, request: web.Request) -> web.StreamResponse:
        refusal = self.origins.host_refusal(request.host)
        if refusal is not None:
            raise web.HTTPForbidden(text=refusal)
        response = web.Response(text=live_class.SCRIPT, content_type="text/javascript", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def add(self, request: web.Request) -> web.StreamResponse:
        """A terminal student's run code, pasted on the page: checked, then added to the class's runs."""
        host = self.origins.host_refusal(request.host)
        if host is not None:
            raise web.HTTPForbidden(text=host)
        refusal = self.origins.refusal(request.headers.get("Origin"), request.host, request.scheme)
        if refusal is not None:
            log.warning("a code was sent from another page and refused: %s", refusal)
            raise _html_error(web.HTTPForbidden, _("Refused"),
                              _("Codes are added from the teacher's page only ({refusal}).").format(refusal=refusal))
        if request.content_type != "application/x-www-form-urlencoded":
            raise _html_error(web.HTTPUnsupportedMediaType, _("Not a form"), _("Codes are added with the form of the teacher's page."))
        body = await _bounded_body(request, MAX_FORM)
        if body is None:
            too_large = web.HTTPRequestEntityTooLarge(
                MAX_FORM, request.content_length or MAX_FORM + 1, content_type="text/html", headers=_HEADERS,
                text=live_class.refusal(_("Too large"), _("The form holds a name and a run code: at most {size} KB.").format(
                    size=MAX_FORM // 1024)))
            too_large.headers["Content-Security-Policy"] = DEBRIEF_POLICY
            raise too_large
        try:
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=8)
        except (UnicodeDecodeError, ValueError):
            raise _html_error(web.HTTPBadRequest, _("Not a form"), _("The form could not be read (it is not UTF-8 text).")) from None
        self._admit(request, _field(fields, "token"))
        name, code = _field(fields, "name"), _field(fields, "code")
        self.scan()  # a browser run that ended a moment ago is the class's before a pasted copy of it
        try:
            run = self.live.add(name, code, list(self.open_pages()))
        except LessonError as error:
            message = str(error)
            notice = live_class.Notice(_("Not added: {problem}.").format(problem=message), refused=True)
            return self._page(self.roster(), notice, name, code, 400)
        raise web.HTTPSeeOther(f"/teacher?token={quote(self.token, safe='')}&added={quote(run.code, safe='')}",
                               headers=_HEADERS)


_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def _html(text: str, status: int = 200, policy: str = PAGE_POLICY) -> web.Response:
    response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
    response.headers.update(_HEADERS)
    response.headers["Content-Security-Policy"] = policy
    return response


def _html_error(kind: type[web.HTTPException], title: str, text: str) -> web.HTTPException:
    error = kind(text=live_class.refusal(title, text), content_type="text/html", headers=_HEADERS)
    error.headers["Content-Security-Policy"] = DEBRIEF_POLICY
    return error


def _field(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""


async def _bounded_body(request: web.Request, limit: int) -> bytes | None:
    """The request's body, or None if it is longer than ``limit`` bytes (never more than ``limit`` + 1 are read)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytearray()
    while True:
        chunk = await request.content.read(limit + 1 - len(body))
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            return None
