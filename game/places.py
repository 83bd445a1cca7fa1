"""Where the game keeps its files, decided without importing anything heavy (it runs at start-up)."""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT = "SOFT_LANDING_SAVES"


def saves_dir(explicit: Path | None = None) -> Path:
    """Where saves go: ``--saves``, else $SOFT_LANDING_SAVES, else ./saves."""
    if explicit is not None:
        return Path(explicit)
    return Path(os.environ.get(ENVIRONMENT) or "saves")
