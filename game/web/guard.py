"""What the browser server trusts: its own pages, its own session tokens, and messages of bounded size.

A page from anywhere else must not start games: a browser sends ``Origin`` with every websocket
handshake, and a page the server did not serve names another origin. A name that resolves to the
server by a trick (DNS rebinding: evil.example pointed at 127.0.0.1) passes that test, so the
``Host`` the browser addressed must also be one of the server's own names.

Session tokens are issued by the server: a random session id and its HMAC under a key kept in the
data folder, so a token survives a restart of the server but cannot be made up by a client. Only
the id names a folder, and only after the HMAC is checked. The teacher's token of a class is the
same key's HMAC of the class code, printed at start-up and compared in constant time.
"""

from __future__ import annotations

from game.i18n import _
import contextlib
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import socket
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from attrs import frozen

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
MIN_SIZE, MAX_SIZE = (20, 6), (300, 100)  # columns x rows a page may ask for
MAX_MESSAGE = 64 * 1024  # bytes of one websocket message: keys, a pasted code, a resize
MAX_FORM = 8 * 1024  # bytes of the teacher's form: a name and a run code (a code is about 50 characters)
KEY_FILE = "session-key"
_ID = re.compile(r"[0-9a-f]{32}")
_TOKEN = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{32})")


def clamp_size(width: Any, height: Any, default: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """A terminal size a page asked for, within 20x6 to 300x100 (the default for what is not a number)."""
    def number(value: Any, fallback: int) -> int:
        if isinstance(value, bool):
            return fallback
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdecimal() and len(value) < 12:
            return int(value)
        return fallback
    w, h = number(width, default[0]), number(height, default[1])
    return min(max(w, MIN_SIZE[0]), MAX_SIZE[0]), min(max(h, MIN_SIZE[1]), MAX_SIZE[1])


@frozen
class Message:
    """One message of a page, read: its kind and its data."""

    kind: str
    data: Any


def read_message(text: str) -> Message | None:
    """A page's message (``["stdin", "q"]``, ``["resize", {...}]``); None if it is not one."""
    try:
        envelope = json.loads(text)
    except ValueError:
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return Message(envelope[0], envelope[1] if len(envelope) > 1 else None)


def _hostname(host: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1', '[::1]:8000' -> '::1', lower case."""
    return (urlsplit(f"//{host}").hostname or "").lower()


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class OriginCheck:
    """Whether a request comes from a page this server served, addressed by one of its own names."""

    def __init__(self, bind_host: str, allow_origins: Iterable[str] = ()) -> None:
        self.allow_origins = frozenset(origin.rstrip("/").lower() for origin in allow_origins)
        names = set(LOOPBACK_NAMES)
        if bind_host in WILDCARDS:
            with contextlib.suppress(OSError):
                names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        else:
            names.add(_hostname(bind_host) or bind_host.lower())
        names |= {_hostname(urlsplit(origin).netloc) for origin in self.allow_origins}
        self.names = frozenset(names - {""})
        self.any_address = bind_host in WILDCARDS  # students type the machine's address, whichever it is

    def host_refusal(self, host: str) -> str | None:
        """Why a request for this Host is refused (a name that is not the server's), or None."""
        name = _hostname(host)
        if name in self.names or (self.any_address and _is_address(name)):
            return None
        return _("this server does not answer to the name {name}").format(name=repr(name or "(none)"))

    def refusal(self, origin: str | None, host: str, scheme: str) -> str | None:
        """Why a websocket handshake is refused, or None if it comes from one of the server's own pages."""
        if origin is not None and origin.rstrip("/").lower() in self.allow_origins:
            return None
        if not origin:
            return _("no Origin: only the server's own page may start a game")
        if origin.rstrip("/").lower() != f"{scheme}://{host}".lower():
            return _("a page of {origin} may not start a game here").format(origin=origin)
        return self.host_refusal(host)


class SessionTokens:
    """Session tokens this server issued: ``<id>.<hmac of id>``, checked with a key kept in the data folder."""

    def __init__(self, data: Path) -> None:
        self.key = _key(Path(data) / KEY_FILE)

    def _mac(self, session: str) -> str:
        return hmac.new(self.key, session.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        """A new token, for a new session."""
        session = secrets.token_hex(16)
        return f"{session}.{self._mac(session)}"

    def teacher_token(self, class_code: str) -> str:
        """The teacher's token of a class: it holds across restarts of the server, differs from class to
        class, and changes when the key is deleted."""
        return hmac.new(self.key, b"teacher:" + class_code.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def session_of(self, token: str | None) -> str | None:
        """The session id of a token this server issued; None for any other string."""
        found = _TOKEN.fullmatch(token or "")
        if found is None or not hmac.compare_digest(found.group(2), self._mac(found.group(1))):
            return None
        return found.group(1)


def same_secret(given: str | None, expected: str) -> bool:
    """Whether a secret a client sent is the expected one, compared in constant time (for any string sent)."""
    sent = (given or "").encode("utf-8", "backslashreplace")
    return hmac.compare_digest(sent, expected.encode("utf-8"))


def is_session_id(name: str) -> bool:
    return _ID.fullmatch(name) is not None


def _key(path: Path) -> bytes:
    """The server's token key: read from its file, or made and written there (owner only) the first time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        made = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(made, "wb") as out:
            out.write(secrets.token_bytes(32))
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a named pipe planted there must not hang the server
    try:
        key = os.read(handle, 64) if stat.S_ISREG(os.fstat(handle).st_mode) else b""
    finally:
        os.close(handle)
    if len(key) < 32:
        raise OSError(_("{path}: the session key is damaged (delete it to make a new one; students then start afresh)").format(
            path=path))
    return key
