"""`scratchnet export OUT_DIR --to canvas|moodle|csv --roster FILE`: grades into the LMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, UNFINISHED, USAGE, HelpFormatter
from autograder.i18n import tr

EPILOG = """\
roster (CSV, UTF-8; a header row, columns in any order):
  student       required: the name `scratchnet grade` gave the submission
                (folder or file name without suffix, or the nbgrader student id)
  name          the person's name in the LMS (default: student)
  email, username, idnumber                      for Moodle (--identifier)
  canvas_id, sis_user_id, sis_login_id, section  for Canvas (one of the ids each)
Other columns are refused.

columns:
  --columns total    one LMS assignment: the points of the chosen stages added up,
                     headed by --assignment NAME (default "scratchnet")
  --columns stages   one assignment per stage, headed 01_sigmoid ... 07_classifier;
                     rename with --assignment N=NAME (repeat it), e.g. for Canvas
                     --assignment "4=Backprop (12345)" to fill assignment 12345

outputs (beside OUT_DIR's results unless -o says otherwise):
  grades-canvas.csv  Canvas: Student, ID, SIS User ID, SIS Login ID, Section, one
                     column per assignment, and the "Points Possible" row
  grades-moodle.csv  Moodle: the identifier column, Full name, one column per
                     grade item (map them in Grades > Import > CSV file)
  grades.csv         plain: student, name, the roster's ids, grades, possible
  unmatched.csv      graded students not in the roster, roster students without
                     results, unreadable results (also listed on stderr)
Files are UTF-8 with a byte-order mark (Excel shows Chinese names correctly;
Canvas and Moodle accept it). A text cell starting with = + - or @ gets a
leading apostrophe, so no spreadsheet runs it as a formula.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export grades for Canvas, Moodle or as plain CSV",
        description=("Export the grades in OUT_DIR (the <student>/results.json files\n"
                     "of `scratchnet grade --out OUT_DIR`) to an LMS import file,\n"
                     "matching students through a roster."),
        epilog=EPILOG + "\n" + EXIT_STATUS,
        formatter_class=HelpFormatter,
    )
    p.add_argument("out_dir", metavar="OUT_DIR", type=Path,
                   help="the folder `scratchnet grade --out` wrote")
    p.add_argument("--to", required=True, choices=("canvas", "moodle", "csv"),
                   help="the file to write")
    p.add_argument("--roster", required=True, type=Path, metavar="FILE",
                   help="CSV mapping the grader's student names to LMS identities")
    p.add_argument("--columns", choices=("total", "stages"), default="total",
                   help="one column for the total (default) or one per stage")
    p.add_argument("--assignment", action="append", default=[], metavar="NAME|N=NAME",
                   help="the LMS assignment's column name (total), or stage N's (stages)")
    p.add_argument("--stage", default="all", metavar="N|N-M|all",
                   help="the stages exported (default all: every stage graded for anyone)")
    p.add_argument("--missing", choices=("skip", "zero"), default="skip",
                   help="roster students without results and ungraded stages: leave out "
                        "/ empty (skip, default) or write 0 (zero)")
    p.add_argument("--identifier", choices=("email", "username", "idnumber"),
                   default="email",
                   help="Moodle: the user field that identifies students (default email)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="where to write (default OUT_DIR/grades-canvas.csv, "
                        "grades-moodle.csv or grades.csv)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.lms.export import DEFAULT_OUTPUT, NO_RESULTS, NOT_IN_ROSTER, UNREADABLE, export
    from autograder.lms.grades import ExportError
    from autograder.lms.roster import RosterError
    from autograder.loading import parse_stage_option
    from autograder.text_safety import terminal as terminal_text

    def fail(message: str, status: int) -> int:
        lines = [terminal_text(line) for line in message.split("\n")]
        print("scratchnet export: " + "\n".join(lines), file=sys.stderr)
        return status

    try:
        stages = parse_stage_option(args.stage)
    except ValueError as error:
        return fail(f"--stage: {error}", USAGE)
    if args.output is not None and args.output.is_dir():
        return fail(tr("-o {path} is a folder: give the file to write, such as {path}/{name}",
                       path=args.output, name=DEFAULT_OUTPUT[args.to]), USAGE)
    try:
        outcome = export(args.out_dir, args.to, args.roster, args.output, args.columns,
                         stages, args.assignment, args.missing, args.identifier)
    except (ExportError, RosterError) as error:
        return fail(str(error), USAGE)
    except OSError as error:
        return fail(f"cannot write {error.filename or args.output}: "
                    f"{error.strerror or error}", UNFINISHED)
    written = len(outcome.matching.rows)
    print(f"wrote {outcome.output} ({written} students; columns: "
          f"{', '.join(terminal_text(c.header) for c in outcome.columns)})")
    groups = {NOT_IN_ROSTER: "graded but not in the roster (not exported)",
              NO_RESULTS: "in the roster but without results" + (
                  " (exported with 0)" if args.missing == "zero" else " (not exported)"),
              UNREADABLE: "results.json could not be read"}
    for problem, title in groups.items():
        names = [terminal_text(student) for kind, student, _ in outcome.unmatched
                 if kind == problem]
        if names:
            print(f"warning: {len(names)} {title}: {', '.join(names)}", file=sys.stderr)
    if outcome.unmatched:
        print(f"unmatched students listed in {outcome.unmatched_file}", file=sys.stderr)
    return 0
