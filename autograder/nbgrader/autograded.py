"""The autograded notebooks formgrader opens, written without running any student code.

    write_autograded(course_root, assignment, results) -> list[str]   # notes for the instructor

`nbgrader autograde` writes `autograded/<student>/<assignment>/`: the submitted notebooks,
sanitized and then executed in a kernel, and the submission's other files. Formgrader's
submission view and `nbgrader generate_feedback` read that folder. scratchnet grades in its
sandbox instead, so here the notebook is never run. Each notebook of the assignment that the
student submitted becomes:

1. the submitted notebook, sanitized by nbgrader's own preprocessors, as autograde sanitizes
   it: outputs cleared, duplicate grade ids dropped, the source's kernelspec, every locked
   cell (the test cells with their hidden tests included) back to the source version, points
   and checksums restored, deleted graded cells added back when the course's
   `OverwriteCells.add_missing_cells` says so;
2. a first Markdown cell saying that scratchnet graded it in its sandbox without running it;
3. in each graded test cell `check_<name>`, what scratchnet's check `<name>` gave: a
   "passed" line on stdout, or an AssertionError error output with the check's message and
   named mistake (never a check's source), so that nbgrader reads from the cell
   (`nbgrader.utils.determine_grade`) the score the gradebook holds; a visible test cell
   worth 0 points says it was not run. No other cell has an output.

The other files are copied as autograde copies them: the submission's non-notebook files
(timestamp.txt among them; symbolic links and other non-regular files are skipped), then
the source folder's, which overwrite the student's (except `Autograde.exclude_overwriting`);
a file that cannot be copied gives a note. Every file is written
atomically (temporary file, then rename) with autograde's permissions (444, or 664 in a
groupshared course). A notebook that cannot be read or sanitized is replaced by the released
notebook with a note in its first cell, and the note is returned; if even that fails, no
notebook is written (formgrader then shows it as missing) and the note says why.
"""

from __future__ import annotations

import itertools
import logging
import os
import stat
from collections import deque
from pathlib import Path

import nbformat

from autograder.atomic import write_bytes_atomic
from autograder.checks.runner import CheckResult
from autograder.grading import GradeResult
from autograder.hints import hint_text, likely_mistake
from autograder.i18n import language, ntr, tr
from autograder.loading.discover import MAX_DEPTH, MAX_ENTRIES
from autograder.loading.files import read_regular
from autograder.loading.model import MAX_NOTEBOOK_BYTES, LoadError
from autograder.nbgrader.gradebook import CHECK_PREFIX, course_directory, nbgrader_student

#: nbgrader's preprocessors log each locked cell a student changed and each graded cell
#: added back; the gradebook already holds the scores, so only errors are worth showing.
_LOG = logging.getLogger("scratchnet.nbgrader.autograded")
_LOG.setLevel(logging.ERROR)
_NOTE_METADATA = {"scratchnet": {"cell": "autograded_note"}}
_MAX_COPY_BYTES = 256 * 2**20
NOT_RUN_NOTE = (
    "**Graded by scratchnet in its sandbox.** This notebook was not run: each graded check "
    "shows the result of scratchnet's check, and the other cells have no output.")


def write_autograded(course_root: Path, assignment: str, results: list[GradeResult]
                     ) -> list[str]:
    """Write `autograded/<student>/<assignment>/` for each result (one per student).

    Call it after the scores are in the gradebook. Returns the notes for the instructor
    (one line each): notebooks that could not be read, files skipped.
    """
    coursedir = course_directory(Path(course_root))
    notebooks = _gradebook_notebooks(coursedir, assignment)
    notes = []
    for result in results:
        with language(result.lang):  # the outputs a student sees are in their language
            notes += _write_student(coursedir, assignment, notebooks, result)
    return notes


def _gradebook_notebooks(coursedir, assignment: str) -> list[str]:
    """Names of the assignment's notebooks in the gradebook, in its order."""
    from nbgrader.api import Gradebook

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        return [nb.name for nb in gb.find_assignment(assignment).notebooks]


def _write_student(coursedir, assignment: str, notebooks: list[str], result: GradeResult
                   ) -> list[str]:
    """One student's autograded folder; the notes about it."""
    student = nbgrader_student(result)
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    dest = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
    if not submitted.is_dir():
        return [f"{student}: no folder {submitted}; no autograded notebook written"]
    mode = _permissions(coursedir)
    notes = _copy_other_files(coursedir, assignment, student, submitted, dest, mode)
    checks = {CHECK_PREFIX + check.name: check for check in result.checks}
    for name in notebooks:
        path = submitted / f"{name}.ipynb"
        if not path.exists() and not path.is_symlink():
            continue  # as autograde: a notebook not submitted is not written (it scores 0)
        nb, problem = _sanitized(coursedir, assignment, student, name, path)
        if problem:
            notes.append(f"{student}: {name}.ipynb {problem}")
        if nb is None:
            continue
        _fill_outputs(nb, checks)
        try:
            write_bytes_atomic(dest / f"{name}.ipynb", nbformat.writes(nb).encode("utf-8"), mode)
        except OSError as error:
            notes.append(f"{student}: {name}.ipynb could not be written ({_reason(error)})")
    return notes


def _sanitized(coursedir, assignment: str, student: str, name: str, path: Path):
    """(notebook, problem): the submitted notebook sanitized as autograde sanitizes it, or,
    if that fails, the released one with a note cell saying why; (None, problem) if neither
    works. problem is None when the submission was used."""
    try:
        size, raw = read_regular(path, None, MAX_NOTEBOOK_BYTES)  # never through a link
        if size > MAX_NOTEBOOK_BYTES:
            raise ValueError(f"it is over {MAX_NOTEBOOK_BYTES // 2**20} MiB")
        notebook = nbformat.reads(raw.decode("utf-8-sig"), 4)
        return _sanitize(coursedir, assignment, student, name, notebook), None
    except Exception as error:  # unreadable, not a notebook, or nbgrader metadata broken
        reason = _reason(error)
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    try:
        nb = _sanitize(coursedir, assignment, student, name,
                       nbformat.read(release / f"{name}.ipynb", 4))
    except Exception as error:
        return None, (f"could not be read ({reason}), nor could the release ({_reason(error)}): "
                      "no autograded notebook written")
    nb.cells.insert(0, _markdown_note(
        f"**The submitted notebook could not be read** ({reason}), so this is the released "
        "notebook; the graded checks below show what scratchnet recorded for the submission."))
    return nb, f"could not be read ({reason}): the autograded notebook is the release"


def _sanitize(coursedir, assignment: str, student: str, name: str, nb):
    """`nb` put through autograde's sanitizing preprocessors, configured by the course.

    Raises what they raise (e.g. nbgrader's ValidationError for corrupted metadata).
    """
    from autograder.nbgrader.hidden_tests import SANITIZE_PREPROCESSORS

    resources = {"nbgrader": {"notebook": name, "assignment": assignment, "student": student,
                              "db_url": coursedir.db_url}}
    for step in SANITIZE_PREPROCESSORS:
        nb, resources = step(config=coursedir.config, log=_LOG).preprocess(nb, resources)
    nb = nbformat.from_dict(nb)  # the cells added back are plain dicts inside
    nb.cells.insert(0, _markdown_note(NOT_RUN_NOTE))
    for cell in nb.cells:  # cells added back by add_missing_cells have no id yet
        if nb.nbformat_minor >= 5 and "id" not in cell:
            cell["id"] = _unused_id(nb)
    return nb


def _fill_outputs(nb, checks: dict[str, CheckResult]) -> None:
    """Give each graded code test cell the output that tells its result (see the module)."""
    from nbgrader.utils import is_grade, is_solution

    for cell in nb.cells:
        if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in checks:
            cell.outputs = check_outputs(checks[grade_id])
        elif float(cell.metadata.nbgrader.get("points", 0)) == 0:
            cell.outputs = [_stream(tr(
                "Not run: scratchnet grades without running the notebook. This visible test "
                "is worth 0 points; the graded checks carry the score."))]
        else:
            cell.outputs = [_stream(tr(
                "Not run, and scratchnet has no check of this name: grade this cell by hand."))]


def check_outputs(check: CheckResult) -> list[dict]:
    """The outputs of the test cell of `check`, as nbgrader reads a test cell's score:
    no error = full points, an error = 0, an execute_result number = partial points."""
    if check.points <= 0 < check.max_points:
        words = check.message or tr("this check failed")
        if check.mistake:
            hint = hint_text(check.mistake)
            words += "\n" + likely_mistake(check.mistake)
            words = f"{words} {hint}".rstrip()
        return [nbformat.v4.new_output("error", ename="AssertionError", evalue=words,
                                       traceback=[f"AssertionError: {words}"])]
    line = ntr("passed: {name} ({n} point)", "passed: {name} ({n} points)", check.max_points,
               name=check.name)
    if check.points >= check.max_points:
        return [_stream(line)]
    partial = ntr("{name}: {points} of {n} point", "{name}: {points} of {n} points",
                  check.max_points, name=check.name, points=check.points)
    return [_stream(check.message or partial),
            nbformat.v4.new_output("execute_result", data={"text/plain": str(check.points)},
                                   execution_count=None)]


def _stream(text: str) -> dict:
    return nbformat.v4.new_output("stream", name="stdout", text=text + "\n")


def _markdown_note(text: str):
    return nbformat.v4.new_markdown_cell(text, metadata=dict(_NOTE_METADATA))


def _unused_id(nb) -> str:
    taken = {cell.get("id") for cell in nb.cells}
    number = 0
    while f"scratchnet-{number}" in taken:
        number += 1
    return f"scratchnet-{number}"


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200]}" if text else type(error).__name__


def _copy_other_files(coursedir, assignment: str, student: str, submitted: Path, dest: Path,
                      mode: int) -> list[str]:
    """Copy the submission's non-notebook files, then the source folder's (which win, except
    those the course's Autograde.exclude_overwriting keeps); the notes about skipped files."""
    from nbgrader.utils import find_all_files

    ignore = [*coursedir.ignore, "*.ipynb"]
    found, cut = _student_files(submitted, ignore)
    notes = [f"{student}: {submitted} is nested more than {MAX_DEPTH} deep or has more than "
             f"{MAX_ENTRIES:,} entries: only the files within those limits were copied"
             ] if cut else []
    for path in sorted(found):
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a link out, a pipe that never ends...
            notes.append(f"{student}: {path} is a symbolic link or not a regular file: "
                         "not copied")
            continue
        notes += _copy_atomic(Path(path), dest / os.path.relpath(path, submitted), mode,
                              student_file=True)
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    config = coursedir.config.get("Autograde", {})
    keep = {os.path.normpath(source / name)
            for name in config.get("exclude_overwriting", {}).get(assignment, [])}
    for path in sorted(find_all_files(str(source), ignore)):
        if os.path.normpath(path) not in keep:
            notes += _copy_atomic(Path(path), dest / os.path.relpath(path, source), mode)
    return notes


def _student_files(folder: Path, ignore: list[str]) -> tuple[list[str], bool]:
    """nbgrader's `find_all_files` for a student's folder, but breadth first without
    recursion, links never followed (listed as files, so they get their note) and within
    discovery's limits (MAX_DEPTH folders deep, MAX_ENTRIES entries): (files, cut short)."""
    from nbgrader.utils import is_ignored

    files: list[str] = []
    queue = deque([(str(folder), 0)])
    seen, cut = 0, False
    while queue:
        dirname, depth = queue.popleft()
        if is_ignored(dirname, ignore):  # as find_all_files: nothing below it either
            continue
        try:
            with os.scandir(dirname) as listing:
                entries = sorted(itertools.islice(listing, MAX_ENTRIES - seen + 1),
                                 key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                return files, True
            if entry.is_dir(follow_symlinks=False):
                if depth < MAX_DEPTH:
                    queue.append((entry.path, depth + 1))
                else:
                    cut = True
            elif not is_ignored(entry.path, ignore):
                files.append(entry.path)
    return files, cut


def _permissions(coursedir) -> int:
    """The file mode autograde gives its output: Autograde.permissions, else 444 (664 in a
    groupshared course)."""
    configured = coursedir.config.get("Autograde", {}).get("permissions")
    if configured is None:
        configured = 664 if coursedir.groupshared else 444
    return int(str(configured), 8)


def _copy_atomic(source: Path, target: Path, mode: int, student_file: bool = False
                 ) -> list[str]:
    """Copy `source` to `target` atomically; a note if it could not be done. A student's
    file is read only if it is still a regular file when opened (never through a link)."""
    try:
        if student_file:
            size, data = read_regular(source, None, _MAX_COPY_BYTES)
            if size > _MAX_COPY_BYTES:
                raise OSError(f"it is over {_MAX_COPY_BYTES // 2**20} MiB")
        else:
            data = source.read_bytes()
        write_bytes_atomic(target, data, mode)
    except (OSError, LoadError) as error:
        return [f"{source} could not be copied to {target.parent} ({_reason(error)})"]
    return []
