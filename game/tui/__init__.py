"""The terminal interface (Textual). Importing it installs the guards of :mod:`game.tui.textual_fixes`."""

from game.tui import textual_fixes

textual_fixes.apply()
