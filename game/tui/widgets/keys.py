"""The key bar: every key that works on the screen at this moment, in one or two lines.

Textual's footer makes a widget per key and rebuilds them all after every change of the bindings,
about 30 ms on this game's main screen, and at 80 columns it drops what does not fit. The bar is
one text, rebuilt from the screen's active bindings when they change, that wraps instead of cutting.
A key that is greyed out now is not named; a key name is clickable, as in the footer.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.content import Content, Span
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

from game import i18n
from game.i18n import N_
from game.tui.widgets.text import Text

KEY_NAMES = {"question_mark": "?", "escape": "esc", "enter": "enter", "ctrl+q": "^q", "ctrl+p": "^p",
             "minus": "-", "plus": "+", "left": "←", "right": "→"}
SEPARATOR = " "  # the keys stand out on their own background
TEXTUAL_KEYS = (N_("palette"),)  # Textual's own keys' descriptions, for the catalogs


def key_name(key: str, display: str | None) -> str:
    """How a key is written in the bar: its display if the binding gives one, else a short name."""
    if display:
        return display
    first = key.split(",")[0]
    return KEY_NAMES.get(first, first)


class KeyBar(Text):
    """The keys of the screen, named; the screen says which to leave out with ``skip`` (binding ids)."""

    auto_links: Reactive[bool] = Reactive(True)
    """A key's name is a link: a click runs the key's action."""
    narrow: var[bool] = var(False, init=False)
    """Below the wide size: shorter names, and no ctrl+p (help names it)."""
    redraw_lines = True
    kept_texts = 4  # a dilemma's keys (1-2, 1-3 or 1-4) and a result's (next, or end the season) come back

    def __init__(self, skip: tuple[str, ...] = (), short: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.skip = set(skip)
        self.short = short or {}  # binding id -> a shorter description for a narrow screen
        self._drawn: tuple[tuple[tuple[str, str, str], ...], int] | None = None  # the keys drawn, at this width

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.show_keys()

    def watch_narrow(self) -> None:
        self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def keys(self) -> list[tuple[str, str, str]]:
        """(key as shown, what it does, the action a click runs) for every key that works now."""
        found: list[tuple[str, str, str]] = []
        actions: set[str] = set()
        for key, (node, binding, enabled, _) in self.screen.active_bindings.items():
            if not enabled or binding.id in self.skip or not binding.description:
                continue
            if node is not self.screen and node is not self.app:
                continue  # a focused widget's own keys (scrolling, tab) are the terminal's, not the game's
            if binding.id is None and (self.narrow or binding.action != "command_palette"):
                continue  # Textual's own keys: copy, focus, maximize (and ctrl+p, which ? names too)
            if binding.action in actions:
                continue
            actions.add(binding.action)
            description = i18n._(self.short.get(binding.id or "", binding.description) if self.narrow else binding.description)
            prefix = "" if "." in binding.action else ("app." if node is self.app else "screen.")
            found.append((key_name(key, binding.key_display), description, prefix + binding.action))
        return found

    def show_keys(self) -> None:
        """Draw the keys, breaking lines between keys (never between a key and its name)."""
        width = self.content_size.width or self.app.size.width - 2
        keys = tuple(self.keys())
        if (keys, width) == self._drawn:
            return
        self._drawn = (keys, width)
        separator = SEPARATOR
        text: list[str] = []
        spans: list[Span] = []
        at = column = 0  # ``at`` counts characters (where a span starts), ``column`` cells (where a line breaks)
        for key, description, action in keys:
            key = f" {key} "
            cells = len(key) + cell_len(description)  # a Hangul syllable takes two cells
            if column and column + len(separator) + cells > width:
                text.append("\n")
                at, column = at + 1, 0
            elif column:
                text.append(separator)
                at, column = at + len(separator), column + len(separator)
            text += (key, description)
            end = at + len(key) + len(description)
            spans.append(Span(at, at + len(key), f"bold $foreground on $accent 40% @click={action}"))
            spans.append(Span(at + len(key), end, f"@click={action}"))
            at, column = end, column + cells
        self.show_text(Content("".join(text), spans))


class Footer(TextualFooter):
    """Textual's footer, its keys described in the player's language: a binding's description is written
    in English (marked ``N_``) where the screen is defined, and translated here, where it is shown."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            description = getattr(widget, "description", None)  # a footer key
            if isinstance(description, str) and description:
                widget.description = i18n._(description)  # type: ignore[attr-defined]
            yield widget
