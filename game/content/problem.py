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
    #: the item the message says the content lacks, as "kind.id" ("event.famine", "phase.strained", "name.x"):
    #: a mod that removed it is named beside the problem (see :func:`game.content.overlay.naming_removed`)
    missing: str = ""
    #: whether the problem may only follow from a file that could not be read (it names an item that is not
    #: there, or says that nothing sets, schedules or ends something): such problems are held back while a
    #: file is unread. Set where the problem is made, so the check never reads the message's words.
    cascade: bool = False

    @property
    def follows_on(self) -> bool:
        """Whether the problem may be only a follow-on of a file that could not be read."""
        return self.cascade or bool(self.missing)

    def __str__(self) -> str:
        where = [f"{self.file}:{self.line}" if self.line else self.file]
        if self.kind:
            where.append(f"{self.kind} {self.item}")
        if self.field:
            where.append(self.field)
        prefix = _("warning: ") if self.level == "warning" else ""
        return f"{': '.join(where)}: {prefix}{self.message}"


