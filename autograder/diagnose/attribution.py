"""Where a mistake lives: a failed check re-run with the student's earlier functions replaced.

A student's ``train`` calls their ``backprop``; when backprop misses the factor 2, train's
results are wrong too, yet train itself may be right. A teaching assistant would swap in a
correct backprop and try again. So does this module: a check of stage s that failed while
an earlier core stage also failed is run again with the student's names of those earlier
stages standing in for the reference's (in the sandbox they call back into the grader, which
computes the answer: the reference never enters the student's process). If the check
passes then, the mistake lives in the earlier function: the check keeps its points, and the
student is told once, per stage, which of their functions the points were kept for.

    attribute(impl, results, seed, run) -> (results, notes)

Attribution only runs after a failure in an earlier stage: correct work never pays for it.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from autograder.contract import ALL_NAMES, CORE_STAGES, NAMES
from autograder.i18n import listed, tr

#: The names a later stage may call, by the stage that defines them (train is nobody's callee).
CALLEES: dict[int, tuple[str, ...]] = {stage: NAMES[stage] for stage in (1, 2, 3, 4)}


def callee_stages(stage: int) -> tuple[int, ...]:
    """The core stages whose functions a check of ``stage`` may call through the student's code."""
    last = min(stage, max(CORE_STAGES) + 1)
    return tuple(s for s in CALLEES if s < last)


def function_of(check_name: str) -> str:
    """The contract name a check is about: the longest one its name starts with."""
    names = [n for n in ALL_NAMES if check_name.lower().startswith(n.lower())]
    return max(names, key=len, default="")


def respond(name: str, args: tuple, kwargs: dict) -> Any:
    """The reference's answer to a stand-in's call of ``name`` (only the callees' names)."""
    import solutions

    if not any(name in names for names in CALLEES.values()):
        raise TypeError(f"{name} cannot be asked for")
    return getattr(solutions, name)(*args, **kwargs)


@contextlib.contextmanager
def standing_in(impl: Any, names: Sequence[str]) -> Iterator[bool]:
    """Within: the student's ``names`` are the reference's; yields False where impossible.

    In the sandbox (a proxy with ``stand_in``) the names call back into this process. In
    process (a module or namespace of plain functions: the pytest plugin, the benchmarks)
    the names are swapped in the globals every student function reads them from.
    """
    if hasattr(type(impl), "stand_in"):
        with impl.stand_in(names, respond):
            yield True
        return
    scopes = _globals_of(impl)
    if not scopes:
        yield False
        return
    import solutions

    saved = [(scope, name, scope.get(name, _MISSING)) for scope in scopes for name in names]
    try:
        for scope, name, _ in saved:
            scope[name] = getattr(solutions, name)
        yield True
    finally:
        for scope, name, value in saved:
            if value is _MISSING:
                scope.pop(name, None)
            else:
                scope[name] = value


_MISSING = object()


def _globals_of(impl: Any) -> list[dict]:
    """The distinct global namespaces the student's in-process functions and methods read."""
    scopes: dict[int, dict] = {}
    for value in vars(impl).values() if hasattr(impl, "__dict__") else ():
        functions = [value] if isinstance(value, types.FunctionType) else (
            [v for v in vars(value).values() if isinstance(v, types.FunctionType)]
            if isinstance(value, type) else [])
        for function in functions:
            scopes.setdefault(id(function.__globals__), function.__globals__)
    return list(scopes.values())


def attribute(impl: Any, results: list, seed: int,
              run: Callable[[Any, Any, int], Any]) -> tuple[list, list[str]]:
    """Re-run each failed check whose stage calls a failed earlier stage's functions.

    results: the CheckResults of one run, in registry order; run(check, impl, seed) runs one
    check (``runner.run_check``). Returns the results (a check right with the reference's
    earlier functions now passed) and one note per stage whose points were kept that way.
    """
    from autograder.checks.runner import get_check

    wrong = {function_of(r.name) for r in results if not r.passed}
    kept: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    out = []
    for result in results:
        names = tuple(n for s in callee_stages(result.stage) for n in CALLEES[s] if n in wrong)
        if result.passed or not names:
            out.append(result)
            continue
        with standing_in(impl, names) as possible:
            again = run(get_check(result.name), impl, seed) if possible else result
        if again.passed:
            kept.setdefault((result.stage, names), []).append(result.name)
            result = replace(again, description=result.description)
        out.append(result)
    return out, [kept_note(stage, names, checks) for (stage, names), checks in kept.items()]


def kept_note(stage: int, names: tuple[str, ...], checks: list[str]) -> str:
    """What a student is told once when checks of a stage kept their points that way."""
    return tr("Stage {stage}: {checks} pass when your {names} is replaced by a correct one, so "
              "they keep their points: that mistake costs points only in its own stage.",
              stage=stage, checks=listed(f"`{c}`" for c in checks),
              names=listed(f"`{n}`" for n in names))
