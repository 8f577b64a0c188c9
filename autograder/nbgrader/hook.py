"""What the source notebooks' test cells call: run one registered check on the notebook.

    from autograder.nbgrader.hook import run
    run(globals(), "sigmoid_values")

``run`` builds a namespace from the notebook's globals, runs the check, prints one short line
when it passes and raises AssertionError(message) when it fails, so nbgrader scores the cell.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace
from typing import Any

from autograder.checks.runner import get_check, run_check
from autograder.i18n import language, ntr


def run(namespace: dict[str, Any], check_name: str, seed: int | None = None,
        lang: str | None = None) -> None:
    """Run the check ``check_name`` on the names in ``namespace`` (a notebook's globals()).

    seed: the inputs' seed; None draws a fresh one, so answers cannot be hard-coded.
    lang: the messages' language ("en", "zh"; None: English), e.g. "zh" in the Chinese course.
    Raises AssertionError with the student-facing message when the check fails.
    """
    check = get_check(check_name)
    impl = SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("_")})
    if seed is None:
        seed = secrets.randbits(32)
    with language(lang):
        result = run_check(check, impl, seed)
        if not result.passed:
            raise AssertionError(result.message)
        print(ntr("passed: {name} ({n} point)", "passed: {name} ({n} points)", check.points,
                  name=check.name))


def points(check_name: str) -> int:
    """The points the check ``check_name`` is worth (for the cell's nbgrader metadata)."""
    return get_check(check_name).points
