"""Shared fixtures and the hypothesis profiles.

Profiles: ``ci`` (fast and deterministic, chosen when the CI variable is set), ``dev`` (the
default), and ``deep`` (a long hunt: ``HYPOTHESIS_PROFILE=deep pytest``).
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from game.content.loader import load_or_raise

settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def content():
    """The game's own content, loaded once."""
    return load_or_raise()


#: fixtures that make every test using them slow (the balance bands play thousands of campaigns)
SLOW_FIXTURES = frozenset({"totals"})


def pytest_collection_modifyitems(config, items):
    """Mark ``slow`` every test that uses a slow fixture, so ``pytest -m "not slow"`` skips them too."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class LongTestsFirst:
    """Run in parallel (``-n``), the slow tests go first, so the two workers end together on the quick
    ones instead of one of them finishing a minute-long test alone. Only the order changes."""

    @pytest.hookimpl(trylast=True)  # after the marks are given and pytest has grouped the tests by fixture
    def pytest_collection_modifyitems(self, items):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: otherwise as collected


def pytest_configure(config):
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker collects, and sorts, the same list
        config.pluginmanager.register(LongTestsFirst(), "long_tests_first")


@pytest.fixture(autouse=True)
def player_folder(tmp_path_factory, monkeypatch):
    """Every test keeps the player's settings and endings gallery in a folder of its own, never the real one."""
    folder = tmp_path_factory.mktemp("player")
    monkeypatch.setenv("SOFT_LANDING_DATA", str(folder))
    return folder


@pytest.fixture(autouse=True)
def english_after_each_test(monkeypatch):
    """Every test starts and ends in English: the language is the process's (a test that plays in Korean, or
    a command given --lang, must not leave it to the tests after it)."""
    from game import i18n
    monkeypatch.delenv(i18n.ENV, raising=False)
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(autouse=True)
def quick_turning_points(monkeypatch):
    """The report's turning points play a small budget in tests, where any report of a finished run would
    otherwise cost seconds: the numbers are fewer, the logic the same (tests/test_turning.py checks it;
    scripts/bench_turning.py times the real budget)."""
    from game.sim import turning
    from game.views import turning_points
    monkeypatch.setattr(turning, "STAGES", ((0, 2), (4, 4), (3, 8)))
    monkeypatch.setattr(turning_points, "CLASS_ROLLOUTS", 16)


_OWN_CONTENT: dict[str, object] = {}  # the game's own content as each language reads it, read once a process


@pytest.fixture(autouse=True)
def own_content_read_once(monkeypatch):
    """A command or an app reads the game's own content afresh (about half a second, hundreds of times in the
    suite); read once a language and handed back as read. Any other folder, an essay, a mod or a language given
    by name is read from disk as always, and tests of reading copy the content to a folder of their own."""
    from game import i18n, session
    from game.content import loader
    read = loader.load_content

    def load_content(root=None, essay=None, mods=(), lang=None):
        if root is not None or essay is not None or mods or lang is not None:
            return read(root, essay, mods, lang)
        code = i18n.language()  # once: an app reads in a thread while another may switch the language
        if code not in _OWN_CONTENT:
            _OWN_CONTENT[code] = read(None, None, (), code)  # in the language it is kept under
        return _OWN_CONTENT[code]

    monkeypatch.setattr(loader, "load_content", load_content)
    monkeypatch.setattr(session, "load_content", load_content)
