"""A Static that redraws only when its text changes: a season's end touches many panels, few change."""

from __future__ import annotations

from textual.widgets import Static


class Text(Static):
    """Static text, updated with :meth:`show_text` (a no-op when nothing changed)."""

    _shown: str | None = None
    fixed_size: bool = False
    """True for one-line widgets whose size never changes: an update then skips the layout pass."""

    def show_text(self, text: str) -> None:
        if text != self._shown:
            self._shown = text
            self.update(text, layout=not self.fixed_size)
