"""The game's random generator: SplitMix64, whose whole state is one integer.

One integer is cheap to keep in the frozen game state, to copy every step and to write into a
save file, and the same seed gives the same numbers on every machine and Python version.
"""

from __future__ import annotations

from game.i18n import _
import random

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_UNIT = 1.0 / (1 << 53)


SEED_LIMIT = 1 << 76  # a seed's magnitude stays below 2^76: the most a run code's number (77 bits, zigzagged) holds


def seed_problem(seed: object) -> str | None:
    """What is wrong with a seed, or None if it may start a game."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        return _("a seed is a whole number, not {kind}").format(kind=type(seed).__name__)
    if not -SEED_LIMIT < seed < SEED_LIMIT:
        return _("a seed lies between -{most} and {most} (2^76 - 1)").format(most=SEED_LIMIT - 1)
    return None


def seed_state(seed: int) -> int:
    """The generator state for a seed (any integer)."""
    return (seed * _GOLDEN + 0x2545F4914F6CDD1D) & _MASK


class Dice:
    """A SplitMix64 generator used within one step; its final ``state`` goes back into the game."""

    __slots__ = ("state",)

    def __init__(self, state: int) -> None:
        self.state = state

    def _next(self) -> int:
        self.state = z = (self.state + _GOLDEN) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in [0, 1) (SplitMix64 inlined: this is called in every step)."""
        self.state = z = (self.state + _GOLDEN) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((z ^ (z >> 31)) >> 11) * _UNIT

    def uniform(self, low: float, high: float) -> float:
        return low if low == high else low + (high - low) * self.random()

    def pick_weighted(self, weights: list[float]) -> int:
        """The index of one item, drawn with the given non-negative weights (their sum > 0)."""
        target = self.random() * sum(weights)
        for index, weight in enumerate(weights):
            target -= weight
            if target < 0:
                return index
        return max(i for i, w in enumerate(weights) if w > 0)


def _mixed(state: int) -> int:
    """SplitMix64's output function of one state: a well-mixed 64-bit number."""
    z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def player_state(seed: int) -> int:
    """The first state of a simulated player's stream for a seed: unrelated to the game's dice of any seed
    (``seed_state`` values are a multiple of the step apart, a stream shifted; this one is mixed first)."""
    return _mixed(seed_state(seed))


class PlayerRandom(random.Random):
    """A simulated player's random numbers: ``random.Random``'s methods over a SplitMix64 stream.

    The simulator hands one to each strategy, seeded by the run's strategy seed. Its numbers can be
    drawn for many runs at once (game.batch), so a batch of campaigns gives every player the choices it
    would make alone. ``choice``, ``randrange`` and ``shuffle`` pick ``min(int(random() * n), n - 1)``.
    """

    def __init__(self, seed: int = 0) -> None:
        self.state = player_state(seed)
        super().__init__(seed)

    def seed(self, a: object = None, version: int = 2) -> None:
        self.state = player_state(a if isinstance(a, int) else 0)

    def random(self) -> float:
        self.state = z = (self.state + _GOLDEN) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((z ^ (z >> 31)) >> 11) * _UNIT

    def getrandbits(self, k: int) -> int:
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        value, bits = 0, 0
        while bits < k:
            self.state = (self.state + _GOLDEN) & _MASK
            value = (value << 64) | _mixed(self.state)
            bits += 64
        return value >> (bits - k)

    def _randbelow(self, n: int) -> int:
        return min(int(self.random() * n), n - 1)

    def getstate(self) -> tuple[int]:
        return (self.state,)

    def setstate(self, state: tuple[int]) -> None:  # type: ignore[override]
        self.state = state[0]
