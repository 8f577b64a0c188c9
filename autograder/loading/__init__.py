"""Submissions -> code cells per student and stage (notebooks, .py files, class folders).

    discover(paths, nbgrader_assignment=None) -> list[Submission]   # find, name and hash
    find_submissions(paths, nbgrader_assignment=None) -> Discovery   # ... with the notes
    load(submission, stages=None) -> GradingPlan                      # read, translate, plan

Loading never runs anything: it reads files, translates IPython syntax and decides which
code grades which stage. It never follows a symbolic link and reads only regular files.
Unreadable files (links, not JSON, empty, binary, nbformat 3, too large, not UTF-8, nested
too deeply to parse) become reasons in the plan, never exceptions.
"""

from autograder.i18n import tr
from autograder.loading.discover import Discovery, discover, find_submissions
from autograder.loading.model import CodeUnit, LoadError, Submission, SubmittedFile
from autograder.loading.notebook import read_notebook
from autograder.loading.plan import GradingPlan, Unreadable, plan_grading
from autograder.loading.pyfile import read_python
from autograder.loading.stages import ALL_STAGES, STAGES, parse_stage_option, stage_from_name

__all__ = [
    "ALL_STAGES", "STAGES", "CodeUnit", "Discovery", "GradingPlan", "LoadError", "Submission",
    "SubmittedFile", "Unreadable", "discover", "find_submissions", "load",
    "parse_stage_option", "read_file",
]


def read_file(file: SubmittedFile) -> CodeUnit:
    """One notebook or .py file as a CodeUnit; LoadError with the reason if unreadable."""
    try:
        if file.path.suffix == ".ipynb":
            return read_notebook(file.path, file.label, file.stage, file.base)
        return read_python(file.path, file.label, file.stage, file.base)
    except OSError as error:
        raise LoadError(tr("{label} could not be read ({value})",
                           label=file.label, value=error.strerror or error)) from None


def load(submission: Submission, stages: tuple[int, ...] | None = None) -> GradingPlan:
    """Read every file of `submission` and plan which code grades which of `stages`.

    stages: the stages to grade, or None for every stage the submission covers.
    """
    units: list[CodeUnit] = []
    unreadable: list[Unreadable] = []
    for file in submission.files:
        try:
            units.append(read_file(file))
        except LoadError as error:
            stage = file.stage or stage_from_name(file.path.name)
            unreadable.append(Unreadable(file.label, stage, str(error)))
    # what discovery left unread (a linked folder, one too deep) is why a stage no file
    # supplied gets zero
    unreadable += [Unreadable("", stage, reason) for stage, reason in submission.unread]
    plan = plan_grading(units, unreadable, stages)
    plan.notes[:0] = submission.notes
    if not submission.files:
        plan.notes.append(tr("no notebook (.ipynb) or Python file (.py) was found in this "
                          "submission"))
    return plan
