"""What all the tests share: the fast tier (`pytest --fast`) and the fixtures used across files.

The markers (registered in pyproject.toml, explained in tests/README.md) say what kind of
test each is: `slow`, `sandbox`, `nbgrader`, `browser`, `hub` (and `sweep`: one more case of a
test run per catalogued mistake or seed). The fast tier leaves out the slow tests, the sweeps'
further cases and the tests that need nbgrader, a browser or a hub; it keeps the sandbox
tests that are quick, so that it still starts real sandboxes. `pytest --fast` is short for

    pytest -m "not slow and not sweep and not nbgrader and not browser and not hub"

and combines with a -m of its own (`pytest --fast -m sandbox`: the quick sandbox tests).

Collecting the tests must stay fast (under 2 s): a test module does no expensive work when
it is imported. Heavy imports go through tests/lazy.py; work that parametrizes tests or that
several tests share is computed when a test first needs it (a fixture, or a cached function).
"""

import pytest

FAST = "not slow and not sweep and not nbgrader and not browser and not hub"


def pytest_addoption(parser):
    parser.addoption("--fast", action="store_true",
                     help=f'the fast tier: only the tests selected by -m "{FAST}"')


def pytest_configure(config):
    if config.getoption("fast"):
        chosen = config.option.markexpr
        config.option.markexpr = f"({chosen}) and ({FAST})" if chosen else FAST


def pytest_runtest_setup(item):
    """A test marked `bwrap` needs a working bubblewrap: skipped, saying so, where it does
    not work (probed once, when the first such test starts, not while collecting)."""
    if item.get_closest_marker("bwrap"):
        from autograder.sandbox import probe_bwrap

        if probe_bwrap() is None:
            pytest.skip("bubblewrap is not available")


@pytest.fixture(scope="session")
def agg():
    """matplotlib drawing on its Agg canvas, for the tests that run figure code in this
    process (imported only by them: matplotlib takes a while to import)."""
    import matplotlib

    matplotlib.use("Agg")
