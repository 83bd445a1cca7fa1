"""The one way a dialog closes: answered once, by the dialog on top, whatever the keys do meanwhile.

Keys arrive faster than screens mount and unmount. A second Enter reaches a dialog whose first
answer is still popping it; an Escape reaches a dialog that has not mounted its widgets yet; a
worker finishes after its dialog is gone. Every dialog of the game derives from :class:`Dialog`:

* :meth:`Dialog.answer` is the only way to close it: it dismisses at most once, and only while the
  dialog is the screen on top (a dialog covered by a confirmation never pops the confirmation);
* :meth:`Dialog.widget` finds a child, or None when the dialog is not (or no longer) mounted, so a
  submit that arrives too early or too late does nothing instead of raising ``NoMatches``;
* :meth:`Dialog.on_ready` is where a dialog fills itself in; it is skipped when the dialog was
  answered before it mounted.
"""

from __future__ import annotations

from typing import TypeVar

from textual.css.query import NoMatches
from textual.screen import ModalScreen, ScreenResultType
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class Dialog(ModalScreen[ScreenResultType]):
    """A modal dialog that answers once."""

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.answered = False
        """True once the dialog has given its answer (it is being dismissed)."""

    @property
    def on_top(self) -> bool:
        """Whether this dialog is the screen the player sees and types into."""
        return self.is_attached and not self.answered and self.is_active

    def answer(self, result: ScreenResultType | None = None) -> None:
        """Dismiss with ``result``, once, and only while on top; any later call does nothing."""
        if not self.on_top:
            return
        self.answered = True
        self.dismiss(result)

    def widget(self, selector: str, kind: type[W]) -> W | None:
        """The child matching ``selector``, or None while the dialog is not mounted or is closing."""
        if self.answered or not self.is_attached:
            return None
        try:
            return self.query_one(selector, kind)
        except NoMatches:
            return None

    def on_mount(self) -> None:
        if not self.answered and self.is_attached:
            self.on_ready()

    def on_ready(self) -> None:
        """Fill the dialog in; called once it has mounted, unless it was answered first."""
