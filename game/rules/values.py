"""The smallest pieces of content: a season of a year (one turn) and effects on the meters.

Every other content class is made of these, and so are the state and the saves, so they stand
apart from :mod:`game.rules.model`, which re-exports them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, cached_property
from types import MappingProxyType
from typing import NamedTuple

from attrs import frozen

from game.i18n import _

SEASONS = ("Winter", "Spring", "Summer", "Autumn")  # quarters 1-4 of the calendar year

_DATE = re.compile(r"^(\d{4})-Q([1-4])$")


@frozen(order=True)
class Date:
    """A season of a year: one turn. Written in content as "2004-Q2" (Q1 winter ... Q4 autumn)."""

    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Date:
        match = _DATE.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(_("a date is written as YEAR-Q1..Q4, such as 2004-Q2, not {text}").format(text=repr(text)))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    @cache
    def from_index(cls, index: int) -> Date:
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        return self.year * 4 + self.quarter - 1

    @property
    def season(self) -> str:
        return SEASONS[self.quarter - 1]

    def __str__(self) -> str:
        return f"{self.season} {self.year}"

    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class Change(NamedTuple):
    """An effect on one meter: a fixed amount (low == high) or a uniform random range."""

    meter: str
    low: float
    high: float


@frozen
class Effects:
    """Effects on meters, written as ``{ economy = 5, unrest = [-3, 2] }``."""

    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def expected(self) -> Mapping[str, float]:
        """Each meter's expected change (a range counts at its middle), worked out once: read-only."""
        return self._expected

    @cached_property
    def _expected(self) -> Mapping[str, float]:
        return MappingProxyType({c.meter: (c.low + c.high) / 2 for c in self.changes})


NO_EFFECTS = Effects()
