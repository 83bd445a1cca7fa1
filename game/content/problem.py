"""One thing wrong with content, in a module of its own so that every checker can build on it."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from game.i18n import _


@frozen
class Problem:
    """One thing wrong with content, located as precisely as the content allows."""

    file: str
    message: str
    kind: str = ""
    item: str = ""
    field: str = ""
    level: Literal["error", "warning"] = "error"
    line: int = 0  # where in the file, from 1 (0: the file as a whole, or not known)

    def __str__(self) -> str:
        where = [f"{self.file}:{self.line}" if self.line else self.file]
        if self.kind:
            where.append(f"{self.kind} {self.item}")
        if self.field:
            where.append(self.field)
        prefix = _("warning: ") if self.level == "warning" else ""
        return f"{': '.join(where)}: {prefix}{self.message}"
