"""`--resume`: which submissions already have a result for the same content and stages.

    selection_key(stages) -> str                   # "all", or "1,3"
    earlier_results(out_dir, submissions, selection) -> {student: GradeResult}

A result is reused only for the same content hash and the same stage selection, so a
killed run continued with ``--resume`` ends with every student graded exactly once.
"""

from pathlib import Path

from autograder.gradescope.results import read_results
from autograder.grading import GradeResult
from autograder.loading import Submission


def selection_key(stages: tuple[int, ...] | None) -> str:
    """How a stage selection is recorded in results ("all", or "1,3")."""
    return "all" if stages is None else ",".join(map(str, stages))


def earlier_results(out_dir: Path, submissions: list[Submission], selection: str
                    ) -> dict[str, GradeResult]:
    """Student -> the result already in `out_dir` for each of `submissions` whose content
    and stage `selection` it was graded with are the same as now."""
    earlier = read_results(out_dir)
    done: dict[str, GradeResult] = {}
    for submission in submissions:
        found = earlier.get(submission.student)
        if found and found[0].content_hash == submission.content_hash \
                and found[1] == selection:
            done[submission.student] = found[0]
    return done
