"""One submission, as a worker grades it: graded, its figures' values measured in the
sandbox that graded it, its figures drawn.

    grade_and_draw(submission, stages, secret, limits, lang) -> (GradeResult, [Figure])
    grade_and_observe(...) -> (GradeResult, Observations)   # without drawing
    draw_feedback(found, lang, student) -> [Figure]           # the drawing alone
"""

import logging

from autograder.feedback.figures import Figure
from autograder.feedback.observe import Observations
from autograder.grading import GradeResult, grade_submission
from autograder.loading import Submission
from autograder.sandbox import Limits

log = logging.getLogger("autograder.batch")


def grade_and_draw(submission: Submission, stages: tuple[int, ...] | None, secret: str,
                   limits: Limits | None, lang: str = "en"
                   ) -> tuple[GradeResult, list[Figure]]:
    """Grade one submission and draw its feedback figures, all in the calling process."""
    result, found = grade_and_observe(submission, stages, secret, limits, lang)
    return result, draw_feedback(found, result.lang, result.student)


def grade_and_observe(submission: Submission, stages: tuple[int, ...] | None, secret: str,
                      limits: Limits | None, lang: str = "en"
                      ) -> tuple[GradeResult, Observations]:
    """Grade one submission, and the values its feedback figures show.

    The figures' values are measured in each unit's grading sandbox after its checks ran
    (``observe.observe_loaded``), so no second sandbox starts for them.
    """
    from autograder.feedback.observe import observe_loaded

    found = Observations()

    def observer(impl, unit_stages, results, label) -> None:
        observe_loaded(impl, unit_stages, results, found, label)

    return grade_submission(submission, stages, secret, limits, observer, lang), found


def draw_feedback(found: Observations, lang: str, student: str = "") -> list[Figure]:
    """The feedback figures of `found` in `lang` (none, logged, if drawing fails: a figure
    is never worth losing the result)."""
    from autograder.feedback.figures import figures_for
    from autograder.i18n import language

    try:
        with language(lang):
            return figures_for(found)
    except Exception as error:
        log.warning("feedback figures for %s could not be drawn: %s", student, error)
        return []
