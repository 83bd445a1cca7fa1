"""Soft Landing: a strategy game of regime survival, Pyongyang 2002-2011."""

import time

#: when the package was first imported, for measuring start-up
START_TIME = time.perf_counter()

__version__ = "0.1.0"
