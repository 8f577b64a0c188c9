"""Writing one student's results as soon as they are known, each file atomically.

    save_result(out_dir, result, selection, figures)

``<out>/<student>/``: feedback.md, feedback.html (with the figures), then results.json,
the file ``--resume`` trusts, last.
"""

from pathlib import Path

from autograder.atomic import write_text_atomic
from autograder.feedback.figures import Figure
from autograder.feedback.html import write_feedback_html
from autograder.feedback.markdown import FEEDBACK_NAME, render_markdown
from autograder.gradescope.results import RESULTS_NAME, write_results_json
from autograder.grading import GradeResult


def save_result(out_dir: Path, result: GradeResult, selection: str = "all",
                figures: list[Figure] | tuple[()] = ()) -> None:
    """Write one student's feedback.md and feedback.html (with `figures`), then
    results.json (the file `--resume` trusts)."""
    folder = out_dir / result.student
    write_text_atomic(folder / FEEDBACK_NAME, render_markdown(result))
    write_feedback_html(folder, result, figures=list(figures))
    write_results_json(folder / RESULTS_NAME, result, selection)
