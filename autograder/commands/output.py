"""What `scratchnet grade` and `scratchnet similarity` do before writing in --out: make it
this class's folder, or refuse (see autograder/ownership.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.i18n import ntr, tr
from autograder.ownership import ClassId, OtherClass, claim, clear, other_class
from autograder.text_safety import terminal

#: Exit status of a refusal: the command line must change (another --out, or --replace).
REFUSED = 2
#: Exit status when the folder cannot be written.
UNWRITABLE = 1


def take_output(command: str, out: Path, wanted: ClassId, students: list[str],
                replace: bool) -> int | None:
    """Make `out` the folder of `wanted` (whose students are `students`): None to go on, or
    the exit status after saying on stderr why not. `replace`: the other class's results
    there may go."""
    other = other_class(out, wanted, students)
    if other is not None and not replace:
        _say(refusal(command, out, wanted, other))
        return REFUSED
    try:
        if other is not None:
            clear(out)
            _say(tr("scratchnet {command}: replaced the results of {other} in {out}",
                    command=command, other=other.describe(), out=out))
        Path(out).mkdir(parents=True, exist_ok=True)
        gone = claim(out, wanted, students)
    except OSError as error:
        _say(tr("scratchnet {command}: cannot write in {out}: {error}", command=command,
                out=out, error=error.strerror or error))
        return UNWRITABLE
    if gone:
        _say(ntr("scratchnet {command}: removed the results of {n} student who is no longer in "
                 "{this}: {names}",
                 "scratchnet {command}: removed the results of {n} students who are no longer "
                 "in {this}: {names}", len(gone), command=command, this=wanted.describe(),
                 names=", ".join(gone)))
    return None


def refusal(command: str, out: Path, wanted: ClassId, other: OtherClass) -> str:
    """Why `command` will not write `wanted`'s results into `out`, and what to do instead."""
    return tr("scratchnet {command}: {out} holds the results of another class: {other}. Give "
              "{this} a folder of its own with --out DIR, or add --replace to replace that "
              "class's results with this one's.", command=command, out=out,
              other=other.describe(), this=wanted.describe())


def _say(message: str) -> None:
    print(terminal(message), file=sys.stderr)  # PATHs and students' names are not trusted
