"""Files written whole or not at all: the one way the game writes a file in place of another."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_whole(path: Path, data: bytes, prefix: str | None = None) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it
    (``.<prefix>.<random>.tmp``, named as the saves folder sweeps an interrupted write), synced, renamed
    over ``path``, and the rename made durable. OSError if it cannot be written; the file before, if any,
    is then untouched and the temporary file removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{prefix or path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the system allows syncing a folder."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
