"""A call that is wrong, not the function it calls.

An exception raised inside the student's ``backprop`` while the grader tests their ``train``
says where it happened, not whose mistake it is. When ``backprop`` passes every check of its
own, the mistake is in the call: the arguments ``train`` gives it (their order, or the arrays
themselves). A teaching assistant would say so instead of pointing at ``backprop``'s line.

    raised_in(exc, what) -> (callee, caller, line) | None   # from the sandbox's frames
    blame_the_call(results) -> None                          # after every check has run

Only the student's frames are read (``exceptions.frames``); nothing is run again.
"""

from __future__ import annotations

from dataclasses import replace

from autograder.contract import ALL_NAMES
from autograder.diagnose import exceptions
from autograder.diagnose.attribution import function_of
from autograder.diagnose.probes import hint
from autograder.diagnose.source.wanted import SIGNATURES
from autograder.i18n import N_, tr

CALL_WRONG = hint("call_arguments_wrong", N_(
    "A function that passes its own checks fails only when another of yours calls it: the "
    "call is the mistake. Compare the call with the function's def line: the same arguments, "
    "in the same order, each the array the course means."))


def raised_in(exc: BaseException, what: str) -> tuple[str, str, int] | None:
    """(callee, caller, the caller's line) when ``exc`` was raised in a contract function
    other than ``what`` (the name under test), called by another of the student's functions."""
    frames = exceptions.frames(exc)
    if len(frames) < 2:
        return None
    callee = frames[-1][1]
    caller_line, caller = frames[-2]
    tested = what.split(".")[-1]
    if callee not in ALL_NAMES or callee == tested or caller == callee:
        return None
    return callee, caller, caller_line


def blame_the_call(results: list) -> list:
    """Failures raised inside a function that passed all its own checks, said as a wrong call.

    results: one unit's CheckResults; those with ``raised_in`` set and whose callee's own
    checks (if graded) all passed get the call named as the cause. Returns the results.
    """
    graded = {function_of(r.name) for r in results}
    wrong = {function_of(r.name) for r in results if not r.passed}
    out = []
    for result in results:
        found = getattr(result, "raised_in", None)
        if result.passed or not found or found[0] not in graded or found[0] in wrong:
            out.append(result)
            continue
        callee, caller, line = found
        plain = result.plain or result.message
        sentence = tr("Your `{callee}` passes its own checks, so the call is the mistake: "
                      "`{caller}` calls it at line {line}, and the course calls it as "
                      "`{signature}`. Check the arguments you pass, and their order.",
                      callee=callee, caller=caller, line=line,
                      signature=SIGNATURES.get(callee, callee + "(...)"))
        out.append(replace(result, message=tr("{message}. {diagnosis}", message=plain,
                                              diagnosis=sentence),
                           mistake=CALL_WRONG, plain=plain))
    return out
