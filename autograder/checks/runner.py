"""Run registered checks on an implementation and collect one result per check.

``run_checks`` never raises: a failing check, a crash in the student's code, or a value
of the wrong kind all become a failed :class:`CheckResult` with a readable message.
Numpy warnings raised by the student's code (overflow in exp, ...) are silenced and never
cost points by themselves.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks import REGISTRY, Check, CheckFailure
from autograder.checks.base import describe_exception
from autograder.i18n import tr


def prepare_in_background() -> threading.Thread:
    """Compute, in a thread, what the checks of every submission share: the reference's
    1500 iterations on the course (cached per process). A grader's first submission would
    otherwise wait for them between its own calls; begun early, they are done while its
    sandbox starts."""
    from autograder.checks.stage5_training import course_reference

    thread = threading.Thread(target=course_reference, daemon=True,
                              name="scratchnet-references")
    thread.start()
    return thread


@dataclass
class CheckResult:
    """The outcome of one check on one implementation.

    points: points earned (``max_points`` when passed, else 0).
    message: "" when passed, otherwise what went wrong, for the student.
    mistake: the name of the known mistake that explains the failure, or None.
    """

    name: str
    stage: int
    points: int
    max_points: int
    passed: bool
    message: str
    mistake: str | None
    visibility: str
    description: str = ""
    plain: str = ""    # the message without its diagnosis ("" when it had none)
    repeats: str = ""  # the earlier check whose message already gave this mistake's cause
    #: (callee, caller, line) when an exception came from another function the code called
    raised_in: tuple[str, str, int] | None = None


def checks_for_stage(stage: int) -> list[Check]:
    """The registered checks of one stage, in registry order."""
    return [check for check in REGISTRY if check.stage == stage]


def max_points(stage: int) -> int:
    """The points one stage is worth."""
    return sum(check.points for check in checks_for_stage(stage))


def get_check(name: str) -> Check:
    """The registered check called ``name`` (KeyError with the known names otherwise)."""
    for check in REGISTRY:
        if check.name == name:
            return check
    raise KeyError(f"no check named {name!r}; known: {', '.join(c.name for c in REGISTRY)}")


def check_rng(seed: int, name: str) -> np.random.Generator:
    """The generator of one check: derived from the seed and the check's name only."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return np.random.default_rng([int(seed) % (1 << 64), digest])


def run_check(check: Check, impl: Any, seed: int = 0) -> CheckResult:
    """Run one check; whatever happens, return a CheckResult."""
    message, mistake, plain, raised_in = "", None, "", None
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            check.func(impl, check_rng(seed, check.name))
    except CheckFailure as failure:
        message, mistake = failure.message or tr("failed"), failure.mistake
        plain = getattr(failure, "undiagnosed", "")
        raised_in = getattr(failure, "raised_in", None)
    except RecursionError:
        message = tr("your code recursed too deeply (RecursionError)")
    except (Exception, SystemExit) as exc:  # something escaped the check's own handling
        who = tr("your code")
        message = tr("the check could not finish: {reason}", reason=describe_exception(who, exc))
    passed = message == ""
    return CheckResult(
        name=check.name,
        stage=check.stage,
        points=check.points if passed else 0,
        max_points=check.points,
        passed=passed,
        message=message,
        mistake=mistake,
        visibility=check.visibility,
        description=tr(check.description),
        plain=plain,
        raised_in=raised_in,
    )


def say_each_cause_once(results: list[CheckResult]) -> None:
    """A mistake's cause in full at its first failed check only; later ones point back.

    Changes the results in place: a later failure of the same named mistake keeps its own
    observation (``plain``) and says "the same cause as `first` above".
    """
    first: dict[tuple[str, str], str] = {}
    hinted: dict[tuple[str, int], str] = {}
    for result in results:
        if result.passed or not result.mistake:
            continue
        if not result.plain:  # only the mistake's hint says why: show it once a stage
            if (result.mistake, result.stage) in hinted:
                result.repeats = hinted[result.mistake, result.stage]
            hinted.setdefault((result.mistake, result.stage), result.name)
            continue
        cause = (result.mistake, result.message.removeprefix(result.plain))  # what it said
        if cause not in first:
            first[cause] = result.name
            continue
        result.repeats = first[cause]
        result.message = tr("{message}. The same cause as in `{check}` above.",
                            message=result.plain, check=result.repeats)


def run_checks(impl: Any, stages: Iterable[int] | None = None, seed: int = 0
               ) -> list[CheckResult]:
    """Run every registered check of the selected stages (all when None) on ``impl``.

    impl: an object whose attributes are the student's names (module, namespace, proxy).
    seed: the grading seed; each check's inputs depend only on (seed, check name).
    Returns one CheckResult per check, in registry order.
    """
    return run_checks_noted(impl, stages, seed)[0]


def run_checks_noted(impl: Any, stages: Iterable[int] | None = None, seed: int = 0
                     ) -> tuple[list[CheckResult], list[str]]:
    """``run_checks``, with the notes of attribution: a failed check whose stage calls a
    failed earlier function is run again with the reference's in its place, and passes if
    it is right then (``diagnose.attribution``): a mistake costs points in its own stage."""
    from autograder.diagnose.attribution import attribute
    from autograder.diagnose.callers import blame_the_call

    wanted = None if stages is None else set(stages)
    results = [run_check(check, impl, seed) for check in REGISTRY
               if wanted is None or check.stage in wanted]
    results, notes = attribute(impl, results, seed, run_check)
    return blame_the_call(results), notes
