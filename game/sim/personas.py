"""Personas: simulated players who read only what the screen shows and follow one simple rule.

The strategies in :mod:`game.sim.strategies` read an option's effects as numbers. A real player sees
much less: each option's advisors' hints (a meter, a direction, one to three arrows, a colour), the
meters rounded as the bars show them (red when near the regime's danger), the date, and the regime
panel (each road out of the phase and how many points it is from firing). A persona here reads
exactly that, through :func:`option_hints`, :func:`shown_meters` and :func:`threats`, never an
option's effects, and follows one fixed rule of thumb. They are the players the balance must beat:
no such rule may land softly often (``tests/test_personas.py``).

Rules:

* ``arrows``: add up the arrows for reform, economy, loyalty and unrest (unrest counted down) and
  take the best sum; ``arrows_plan`` does the same after an opening plan of four policy clicks
  (markets legal, media crackdown, foreign posture defiant, privileges austere); ``_25`` and
  ``_50`` answer a quarter or half of the dilemmas at random instead;
* ``fixer``: mend the meter deepest in the red, otherwise take the most reform;
* ``colours``: take the option with the most green arrows against red ones;
* ``greedy_treasury``, ``greedy_unrest``: the most treasury; the least unrest;
* ``alternating``: the most reform, then the least, turn about;
* ``watcher``: the arrows rule, but while a collapse road on the regime panel is within 10 points,
  mend the meter that road reads;
* ``fewest_arrows``: hold still: the option with the fewest arrows of any colour, policies untouched;
  ``walls_until_2009``: the same behind sealed walls (border sealed, media crackdown) until 2009, then
  with the walls back at their middle;
* ``least_red``: the option with the fewest red arrows; ``careful_reformer``: the fewest red arrows,
  then the most reform;
* ``good_directions``: every arrow counted by its meter's good direction, whatever its colour;
* ``blockade``: the most isolation, the arrows rule breaking ties;
* ``landing_reader``: push the meters the regime panel's landing reads (reform, economy, loyalty,
  unrest, tension) and keep the blockade; ``landing_watcher`` does so but mends a collapse road
  within 10 points first;
* ``policy_BMDFP`` (five digits, the levels of border, markets, media, foreign posture and
  privileges): walks the policies to that setting from the first turn and answers at random.

Randomness comes only from the ``rng`` the simulator passes, so runs stay reproducible.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Mapping, Sequence

from game.api import Game
from game.sim.simulate import Strategy

#: the four-click opening plan of the issue: markets legal, media crackdown, defiant, austere
OPENING_PLAN: dict[str, int] = {"markets": 2, "media": 2, "foreign": 0, "privileges": 0}
#: the walls of the holding-still player (border sealed, media crackdown), and the middle it returns to
WALLS: dict[str, int] = {"border": 2, "media": 2}
MIDDLE: dict[str, int] = {"border": 1, "media": 1}
#: what the arrow-sum reader adds up, and which way it wants each meter
ARROW_METERS: dict[str, int] = {"reform": 1, "economy": 1, "loyalty": 1, "unrest": -1}
#: the order of the five digits of a ``policy_BMDFP`` persona's name
POLICY_ORDER = ("border", "markets", "media", "foreign", "privileges")
#: a collapse road this many points from firing makes the watcher mend it
NEAR = 10.0


# --- what the screen shows ------------------------------------------------------------------------

def option_hints(game: Game, option: object) -> dict[str, tuple[int, bool | None]]:
    """An option as its hints show it: meter -> (signed arrows, colour: True green, False red, None amber)."""
    return {h.meter: (h.direction * h.strength, h.good) for h in game.hints(option)}  # type: ignore[arg-type]


def shown_meters(game: Game) -> dict[str, int]:
    """The meters as the bars show them: whole numbers."""
    return {m: round(v) for m, v in game.meters.items()}


def danger(game: Game, meter: str, value: float) -> float:
    """How deep in the red a bar is (0-100; the bar turns red at 70), as the meters panel colours it."""
    return game.content.meters[meter].danger(value)


def threats(game: Game) -> list[tuple[float, tuple[str, ...]]]:
    """The collapse roads of the regime panel: (points from firing, the meters the road reads), nearest first."""
    found = []
    for pressure in game.pressures():
        transition = pressure.transition
        if transition.outcome != "collapse":
            continue
        distance = 0.0 if pressure.holds else (pressure.gap if pressure.gap is not None else 100.0)
        found.append((distance, tuple(sorted(transition.when.meters))))
    found.sort()
    return found


# --- the rules ------------------------------------------------------------------------------------

Score = Callable[[Game, dict[str, tuple[int, bool | None]]], float]


class ScreenPlayer:
    """One fixed rule over the hints, with optional random answers and a fixed policy plan."""

    def __init__(self, name: str, score: Score | None, random_share: float = 0.0,
                 plan: Mapping[str, int] | None = None) -> None:
        self.name = name
        self.score = score
        self.random_share = random_share
        self.plan = dict(plan or {})
        # an option's hints depend on its effects and the meters only: read once per option and content
        self._read: dict[int, tuple[object, object, dict[str, tuple[int, bool | None]]]] = {}

    def array_kind(self) -> str | None:
        """Its form for many runs at once (game.batch): a rule over the hints, with what it reads first (the red
        bars, the regime panel, the answers given so far)."""
        return {ScreenPlayer: "screen", Fixer: "fixer", Watcher: "watcher", Alternating: "alternating",
                Walls: "screen"}.get(type(self))

    def plan_for(self, year: int) -> Mapping[str, int]:
        """The policy levels it walks towards in a year."""
        return self.plan

    def _hints(self, game: Game, option: object) -> dict[str, tuple[int, bool | None]]:
        seen = self._read.get(id(option))
        if seen is None or seen[0] is not option or seen[1] is not game.content:
            seen = (option, game.content, option_hints(game, option))
            self._read[id(option)] = seen
        return seen[2]

    def choose(self, game: Game, rng: random.Random) -> str:
        options = game.options()
        if self.score is None or (self.random_share and rng.random() < self.random_share):
            return rng.choice(options).id
        best, best_score = options[0].id, -1e18
        for option in options:
            value = self.score(game, self._hints(game, option)) + rng.random() * 1e-3  # ties broken at random
            if value > best_score:
                best, best_score = option.id, value
        return best

    def adjust(self, game: Game, rng: random.Random) -> None:
        """Walk each planned policy one level a turn towards its planned level."""
        plan = self.plan_for(game.date.year)
        if not plan:
            return
        moves = game.policy_moves()
        for pid, wanted in plan.items():
            current = game.policies.get(pid)
            if current is None or wanted == current:  # a policy this content does not have
                continue
            step = current + (1 if wanted > current else -1)
            if step in moves.get(pid, ()):
                game.set_policy(pid, step)


def arrow_sum(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return sum(sign * hints[m][0] for m, sign in ARROW_METERS.items() if m in hints)


def colour_count(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return sum(abs(arrows) * (1 if good else -1) for arrows, good in hints.values() if good is not None)


def one_meter(meter: str, sign: int) -> Score:
    def score(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
        return sign * hints.get(meter, (0, None))[0]
    return score


def mend(game: Game, hints: dict[str, tuple[int, bool | None]], meter: str) -> float:
    """Arrows that move a meter out of its danger (up for a good-up meter, down for a good-down one)."""
    sign = 1 if game.content.meters[meter].good == "up" else -1
    return sign * hints.get(meter, (0, None))[0]


class Fixer(ScreenPlayer):
    """Mend the meter deepest in the red; with nothing in the red, take the most reform."""

    def __init__(self) -> None:
        super().__init__("fixer", None)
        self.score = self._score

    def _score(self, game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
        worst = self._worst
        if worst is None:
            return hints.get("reform", (0, None))[0] + 0.1 * arrow_sum(game, hints)
        return mend(game, hints, worst) + 0.1 * arrow_sum(game, hints)

    def choose(self, game: Game, rng: random.Random) -> str:
        shown = shown_meters(game)
        red = [(danger(game, m, v), m) for m, v in shown.items() if danger(game, m, v) >= 70]
        self._worst = max(red)[1] if red else None
        return super().choose(game, rng)


def answered(game: Game) -> int:
    """The dilemmas answered so far in a campaign."""
    state = game.state
    return sum(len(record.decisions) for record in state.history) + len(state.decisions)


class Alternating(ScreenPlayer):
    """The most reform, then the least: a reformist answer and a hardline one, turn about, from the campaign's
    first answer (it counts the answers the game has recorded, so every campaign starts the same way)."""

    def __init__(self) -> None:
        super().__init__("alternating", None)
        self.score = self._score
        self._sign = 1

    def _score(self, game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
        return self._sign * hints.get("reform", (0, None))[0] + 0.1 * arrow_sum(game, hints)

    def choose(self, game: Game, rng: random.Random) -> str:
        self._sign = -1 if answered(game) % 2 else 1
        return super().choose(game, rng)


class Watcher(ScreenPlayer):
    """The arrows rule, but a collapse road within 10 points on the regime panel is mended first."""

    near = NEAR  # how near a road must come to be mended

    def __init__(self, name: str = "watcher", plan: Mapping[str, int] | None = None, rule: Score | None = None) -> None:
        super().__init__(name, None, plan=plan)
        self.score = self._score
        self.rule: Score = rule or arrow_sum  # what it follows while no road is near
        self._mending: tuple[str, ...] = ()

    def _score(self, game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
        if not self._mending:
            return self.rule(game, hints)
        return sum(mend(game, hints, m) for m in self._mending) + 0.1 * self.rule(game, hints)

    def choose(self, game: Game, rng: random.Random) -> str:
        near = [meters for distance, meters in threats(game) if distance <= self.near]
        self._mending = near[0] if near else ()
        return super().choose(game, rng)


def fewest_arrows(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return -sum(abs(arrows) for arrows, _ in hints.values())


class Walls(ScreenPlayer):
    """Hold still behind the walls: border sealed and media at a crackdown, the fewest arrows, until a year;
    then the walls come back to their middle, still with the fewest arrows."""

    def __init__(self, until: int = 2009) -> None:
        super().__init__(f"walls_until_{until}", fewest_arrows, plan=WALLS)
        self.until = until

    def plan_for(self, year: int) -> Mapping[str, int]:
        """The walls before its year, their middle from it on: read from the date, so every campaign starts walled."""
        return MIDDLE if year >= self.until else WALLS


def red_arrows(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return -sum(abs(arrows) for arrows, good in hints.values() if good is False)


def careful_reform(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return 3 * red_arrows(game, hints) + hints.get("reform", (0, None))[0]


def good_directions(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return sum(mend(game, hints, meter) for meter in hints)


def blockade(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return hints.get("isolation", (0, None))[0] + 0.1 * arrow_sum(game, hints)


def landing_meters(game: Game) -> frozenset[str]:
    """The meters the soft landing's guard reads, as the regime panel lists them."""
    return frozenset().union(*(t.when.meters for t in game.content.transitions if t.outcome == "soft_landing"))


def landing_reader(game: Game, hints: dict[str, tuple[int, bool | None]]) -> float:
    return sum(mend(game, hints, m) for m in landing_meters(game) if m in hints) + hints.get("isolation", (0, None))[0]


def policy_name(levels: Sequence[int]) -> str:
    return "policy_" + "".join(str(level) for level in levels)


#: ``holding_POLICY_LEVEL``: a persona that walks one policy (a mod's, say) to a level and answers at random
HOLDING = "holding_"


def holding_names(policies: Mapping[str, int]) -> list[str]:
    """A holding persona for every level of each policy given (id -> number of levels)."""
    return [f"{HOLDING}{pid}_{level}" for pid, levels in policies.items() for level in range(levels)]


def policy_settings() -> Iterator[tuple[int, ...]]:
    """Every setting of the five policies (3^5 of them)."""
    return itertools.product(range(3), repeat=len(POLICY_ORDER))


PERSONAS: dict[str, Callable[[], Strategy]] = {
    "arrows": lambda: ScreenPlayer("arrows", arrow_sum),
    "arrows_plan": lambda: ScreenPlayer("arrows_plan", arrow_sum, plan=OPENING_PLAN),
    "arrows_plan_25": lambda: ScreenPlayer("arrows_plan_25", arrow_sum, 0.25, OPENING_PLAN),
    "arrows_plan_50": lambda: ScreenPlayer("arrows_plan_50", arrow_sum, 0.5, OPENING_PLAN),
    "arrows_25": lambda: ScreenPlayer("arrows_25", arrow_sum, 0.25),
    "fixer": Fixer,
    "colours": lambda: ScreenPlayer("colours", colour_count),
    "greedy_treasury": lambda: ScreenPlayer("greedy_treasury", one_meter("treasury", 1)),
    "greedy_unrest": lambda: ScreenPlayer("greedy_unrest", one_meter("unrest", -1)),
    "alternating": Alternating,
    "watcher": Watcher,
    "watcher_plan": lambda: Watcher("watcher_plan", OPENING_PLAN),
    "least_red": lambda: ScreenPlayer("least_red", red_arrows),
    "careful_reformer": lambda: ScreenPlayer("careful_reformer", careful_reform),
    "good_directions": lambda: ScreenPlayer("good_directions", good_directions),
    "blockade": lambda: ScreenPlayer("blockade", blockade),
    "landing_reader": lambda: ScreenPlayer("landing_reader", landing_reader),
    "landing_watcher": lambda: Watcher("landing_watcher", rule=landing_reader),
    "fewest_arrows": lambda: ScreenPlayer("fewest_arrows", fewest_arrows),
    "walls_until_2009": Walls,
}


def load_persona(name: str) -> Strategy | None:
    """A persona by name (``policy_BMDFP`` for a fixed policy setting with random answers), or None."""
    if name in PERSONAS:
        return PERSONAS[name]()
    if name.startswith(HOLDING) and name.rpartition("_")[2].isdigit() and name.rpartition("_")[0] != HOLDING[:-1]:
        pid, _, level = name.removeprefix(HOLDING).rpartition("_")
        return ScreenPlayer(name, None, plan={pid: int(level)})
    if name.startswith("policy_") and len(name) == 7 + len(POLICY_ORDER) and name[7:].isdigit():
        levels = [int(c) for c in name[7:]]
        if all(0 <= level <= 2 for level in levels):
            return ScreenPlayer(name, None, plan=dict(zip(POLICY_ORDER, levels)))
    return None
