"""Scores from `scratchnet grade` into nbgrader's gradebook, as `nbgrader autograde` records them.

    course_root_of(paths) -> Path | None
    course_directory(root) -> nbgrader CourseDirectory (its .config: the course's config)
    write_to_gradebook(course_root, assignment, results) -> list[str]   # students written

For each graded student of `assignment`: the student and the submission are created (with
the submission's timestamp.txt, as autograde reads it), and every grade cell of every
notebook of the assignment gets its automatic score: a cell `check_<name>` gets the points
scratchnet's check `<name>` earned (the sandboxed result; nothing of the student's runs
here); a test cell worth 0 points (a visible check) gets 0, as autograde gives it whether it
passes or fails; any other grade cell is left for manual grading, as autograde leaves a
written answer. Comments on solution cells say "No response." for an untouched
cell, as autograde's do. `nbgrader export` and formgrader then read these scores.

The course's own settings (course id, database, folder layout) come from the course root's
nbgrader_config.py, read the way nbgrader reads it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.grading import GradeResult

CHECK_PREFIX = "check_"


class GradebookError(Exception):
    """The gradebook cannot take these scores; str(error) says why, for the instructor."""


def course_root_of(paths: list[Path]) -> Path | None:
    """The nbgrader course root among `paths`: a folder with `submitted/`, or `submitted`'s
    parent; None if there is none."""
    for path in paths:
        path = Path(path).resolve()
        if path.name == "submitted" and path.is_dir():
            return path.parent
        if (path / "submitted").is_dir():
            return path
    return None


def nbgrader_student(result: GradeResult) -> str:
    """The nbgrader student id of `result`: its folder's name under submitted/, as found (not
    the id scratchnet files its results under, which may carry a clash suffix)."""
    return result.name or result.student


def course_directory(root: Path):
    """nbgrader's CourseDirectory for `root`, configured by its nbgrader_config.py."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / "nbgrader_config.py").is_file():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    coursedir = CourseDirectory(config=config)
    if not config.get("CourseDirectory", {}).get("root"):
        coursedir.root = str(root)
    return coursedir


def write_to_gradebook(course_root: Path, assignment: str, results: list[GradeResult]
                       ) -> list[str]:
    """Record `results` (one per student, graded on `assignment`) in the course's gradebook.

    Raises GradebookError if the assignment is not in the gradebook (run `nbgrader
    generate_assignment` first).
    """
    from nbgrader.api import Gradebook, MissingEntry

    coursedir = course_directory(Path(course_root))
    written = []
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            known = gb.find_assignment(assignment)
        except MissingEntry:
            raise GradebookError(
                f"the gradebook {coursedir.db_url} has no assignment {assignment!r}: run "
                f"`nbgrader generate_assignment {assignment}` first") from None
        notebooks = [(nb.name, [c.name for c in nb.grade_cells],
                      [c.name for c in nb.solution_cells], _zero_point_tests(nb))
                     for nb in known.notebooks]
        for result in results:
            student = nbgrader_student(result)
            folder = Path(coursedir.format_path(coursedir.submitted_directory, student,
                                                assignment))
            gb.update_or_create_student(student)
            timestamp = coursedir.get_existing_timestamp(str(folder))
            extra = {"timestamp": timestamp} if timestamp else {}
            gb.update_or_create_submission(assignment, student, **extra)
            points = {CHECK_PREFIX + c.name: c.points for c in result.checks}
            for notebook, grade_cells, solution_cells, zero_point_tests in notebooks:
                path = folder / f"{notebook}.ipynb"
                for cell in grade_cells:
                    grade = gb.find_grade(cell, notebook, assignment, student)
                    if not path.exists():  # as autograde: a missing notebook earns zero
                        grade.auto_score, grade.needs_manual_grade = 0, False
                    elif cell in points or cell in zero_point_tests:
                        grade.auto_score = points.get(cell, 0)
                        grade.needs_manual_grade = grade.manual_score is not None
                    else:
                        grade.auto_score, grade.needs_manual_grade = None, True
                untouched = _untouched_solution_cells(path)
                for cell in solution_cells:
                    comment = gb.find_comment(cell, notebook, assignment, student)
                    comment.auto_comment = "No response." if cell in untouched else None
            gb.db.commit()
            written.append(student)
    return written


def _zero_point_tests(notebook) -> set[str]:
    """Names of the notebook's code test cells worth 0 points (graded, not solutions):
    autograde scores them 0 whatever they do."""
    solutions = {c.name for c in notebook.solution_cells}
    return {c.name for c in notebook.grade_cells
            if c.max_score == 0 and c.cell_type == "code" and c.name not in solutions}


def _untouched_solution_cells(path: Path) -> set[str]:
    """grade_ids of the solution cells the student left as released (checksum unchanged)."""
    from nbgrader.utils import compute_checksum, is_solution, is_task

    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # unreadable or missing: nothing is known to be untouched
        return set()
    untouched = set()
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if is_solution(cell) and not is_task(cell) and meta.get("checksum") \
                and meta["checksum"] == compute_checksum(cell):
            untouched.add(meta.get("grade_id"))
    return untouched
