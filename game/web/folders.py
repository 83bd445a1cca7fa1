"""The session folders under the server's data folder: removed when they hold nothing, pruned when old.

A session that never saved leaves an empty folder (or one holding only the temporary file of an
interrupted save); it is removed when the session ends. A student's saves are kept for
``--keep-days`` after they were last touched, then pruned when the server starts. Only folders
named by a session id are touched, and links are never followed.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

from game.files.lesson import RECORD_FILE
from game.web.guard import is_session_id

__all__ = ["KEEP_DAYS", "is_session_id", "prune", "remove_if_unused", "session_ids"]

KEEP_DAYS = 30
PLAYER = "player"  # a session's settings and endings gallery: kept with its saves, never a save itself


def _holds_a_save(folder: Path) -> bool:
    """Whether anything but interrupted saves' temporary files (``.<name>.<random>.tmp``), a class record
    (a game's note for the teacher's page, which holds no game to continue) and the player's settings is in the
    folder."""
    try:
        names = os.listdir(folder)
    except OSError:
        return True  # cannot tell: keep it
    return any(not (name.startswith(".") and name.endswith(".tmp")) and name not in (RECORD_FILE, PLAYER) for name in names)


def session_ids(sessions: Path) -> list[str]:
    """The session ids that have a folder (links and other names left out)."""
    try:
        return [e.name for e in os.scandir(sessions) if is_session_id(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def remove_if_unused(folder: Path) -> bool:
    """Remove a session folder without a save; True if it was removed."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or _holds_a_save(folder):
        return False
    try:
        shutil.rmtree(folder)
    except OSError:
        return False
    return True


def _last_touched(folder: Path) -> float:
    newest = os.lstat(folder).st_mtime
    for entry in os.scandir(folder):
        try:
            newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            continue
    return newest


def prune(sessions: Path, keep_days: float = KEEP_DAYS, now: float | None = None) -> list[Path]:
    """Remove session folders without a save, and those untouched for ``keep_days``; returns what went."""
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(sessions))
    except OSError:
        return removed
    for entry in entries:
        folder = Path(entry.path)
        if not is_session_id(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if remove_if_unused(folder):
                removed.append(folder)
            elif moment - _last_touched(folder) > keep_days * 86400:
                shutil.rmtree(folder)
                removed.append(folder)
        except OSError:
            continue  # not ours to remove, or gone: it costs space, not the server
    return removed
