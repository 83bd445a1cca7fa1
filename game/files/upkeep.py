"""The saves folder's upkeep: crash reports written beside the saves, and the leftovers of interrupted
saves swept away. Both work on files alone and know nothing of what a save holds."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from game.files.atomic import sync_folder

# --- crash reports --------------------------------------------------------------------------------

CRASH_PREFIX = "crash-"


def write_crash_report(directory: Path, text: str, now: datetime | None = None) -> Path:
    """Write a crash report as a new file of its own: ``crash-<UTC time>[-n].txt`` in the folder.

    Written like a save (a temporary file, synced, then linked into place), so a report is whole
    or absent; linking never replaces an existing name and never follows a link planted under it,
    so no earlier report and no other file is ever overwritten. OSError if it cannot be written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{CRASH_PREFIX}", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8", "replace"))
            out.flush()
            os.fsync(out.fileno())
        for n in range(1000):
            path = directory / f"{CRASH_PREFIX}{stamp}{f'-{n}' if n else ''}.txt"
            try:
                os.link(temp, path, follow_symlinks=False)
            except FileExistsError:
                continue
            sync_folder(directory)
            return path
        raise FileExistsError(f"too many crash reports named {CRASH_PREFIX}{stamp}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


STALE_TEMP_SECONDS = 600  # a save is written in milliseconds; a temporary file this old was left by a killed game


def sweep_temporary(directory: Path, now: float | None = None) -> list[Path]:
    """Delete the temporary files (``.<name>.<random>.tmp``) that interrupted saves left behind.

    Only regular files of that pattern older than ``STALE_TEMP_SECONDS`` go (a save being written
    by another game at this moment is younger); links are not followed. Returns what was deleted.
    """
    moment = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    for entry in entries:
        if not _TEMP.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and moment - info.st_mtime > STALE_TEMP_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass  # gone already, or not ours to remove: it costs space, not the game
    return removed


_TEMP = re.compile(r"\..+\.tmp")
