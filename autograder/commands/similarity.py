"""`scratchnet similarity`: pairs of students whose own code is unusually alike."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, UNFINISHED, USAGE, HelpFormatter
from autograder.i18n import ntr
from autograder.similarity import MAX_PAGES, PAGES, SIMILARITY_DIR
from autograder.similarity.settings import Settings
from autograder.text_safety import terminal

DEFAULT_OUT = "scratchnet-out"
_S = Settings()

EPILOG = f"""\
what is compared: each student's own code per stage, as `scratchnet grade`
finds and names them: the contract's functions of the stage and the helper
functions they use, from notebooks and .py files, with the course's release
code (given functions, stubs, checks) taken out. Renamed variables, new layout,
reordered functions, changed comments or docstrings and code moved into helpers
do not hide a copy (normalised tokens, winnowed fingerprints). Nothing is run.

how pairs are judged: in each stage, against the class's own similarities
(a robust z-score: distance from the median in units of 1.4826 MAD, the MAD at
least {_S.mad_floor:g}), so a one-line sigmoid the whole class writes alike raises
no flag; only stages where both wrote at least {_S.min_tokens} tokens of their own
count. Flagged: z >= {_S.z_flag:g}, similarity >= {_S.min_similarity:g} and at least
{_S.min_shared} tokens of shared code, in one stage or over all of them together.

outputs (in --out, default {DEFAULT_OUT}/):
  {SIMILARITY_DIR}/index.html       the ranked pairs, a histogram per stage
  {SIMILARITY_DIR}/pairs/A__B.html  A's and B's code side by side, shared code
                               marked (flagged pairs and the {PAGES} next highest,
                               {MAX_PAGES} pairs at most)
  {SIMILARITY_DIR}/summary.json     what the class report (`scratchnet report`) shows
For the instructor only: never shown to students, and it changes no grade.
The folder holds one class, as for `scratchnet grade` (its _class.json names
it): another class's results there are refused unless --replace is given.
With fewer than two students nothing is compared and nothing is written.

--format json prints every pair, most suspicious first: rank, a, b, score,
flagged, similarity, z, shared_tokens (null unless counted), reasons, stages.

"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "similarity",
        help="find students whose own code is unusually alike",
        description=(
            "Compare every pair of students' own code, stage by stage, and rank the pairs "
            "by how far they stand out from the rest of the class."
        ),
        epilog=EPILOG + "\n" + EXIT_STATUS,
        formatter_class=HelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path,
                   help="submissions, as for `scratchnet grade` (files or class folders)")
    p.add_argument("--stage", default="all", metavar="N|all",
                   help="compare only this stage (or a range like 1-3); default all: every "
                        "stage each submission covers")
    p.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), metavar="DIR",
                   help=f"where the report goes: DIR/{SIMILARITY_DIR}/ (default {DEFAULT_OUT})")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="what to print: the top pairs as a table (default), or every pair "
                        "as JSON")
    p.add_argument("--nbgrader-assignment", metavar="NAME",
                   help="in nbgrader's submitted/ layout, compare only this assignment")
    p.add_argument("--replace", action="store_true",
                   help="if --out holds another class's results, replace them (default: refuse "
                        "and say which class they are)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.loading import discover, parse_stage_option

    try:
        stages = parse_stage_option(args.stage)
        submissions = discover(args.paths, args.nbgrader_assignment)
    except (ValueError, FileNotFoundError) as error:
        print(f"scratchnet similarity: {terminal(str(error))}", file=sys.stderr)
        return USAGE
    if len(submissions) < 2:  # nothing to compare: an earlier report stays as it was
        print(terminal(ntr(
            "scratchnet similarity: nothing to compare: {n} student in {paths} (at least two "
            "are needed); {out} was left as it was",
            "scratchnet similarity: nothing to compare: {n} students in {paths} (at least two "
            "are needed); {out} was left as it was", len(submissions),
            paths=", ".join(map(str, args.paths)), out=args.out)), file=sys.stderr)
        return USAGE
    refused = _take_output(args, submissions)
    if refused is not None:
        return refused
    from autograder.similarity import compare_submissions, write_similarity_report

    result = compare_submissions(submissions, stages)
    try:
        index = write_similarity_report(args.out, result)
    except OSError as error:
        print(f"scratchnet similarity: cannot write the report in {args.out}: {error}",
              file=sys.stderr)
        return UNFINISHED
    for note in result.notes:
        print(f"scratchnet similarity: {note}", file=sys.stderr)
    if args.format == "json":
        # One pair a line: readable, and small enough for 44,850 pairs.
        lines = ",\n".join(json.dumps(pair.as_json()) for pair in result.pairs)
        print(f"[\n{lines}\n]" if lines else "[]")
    else:
        _print_table(result)
        print(f"{len(result.students)} students, {len(result.pairs)} pairs, "
              f"{len(result.flagged)} flagged; report: {index}")
    return 0


def _take_output(args: argparse.Namespace, submissions: list) -> int | None:
    """Make --out this class's folder, as `scratchnet grade` does (autograder/ownership.py);
    None to go on, else the exit status."""
    from autograder.commands.output import take_output
    from autograder.ownership import ClassId

    wanted = ClassId.of(args.paths, args.nbgrader_assignment)
    return take_output("similarity", args.out, wanted, [s.student for s in submissions],
                       args.replace)


def _print_table(result, top: int = 10) -> None:
    """The flagged pairs (50 at most) or the `top` most alike, whichever are more."""
    from rich.console import Console
    from rich.table import Table

    from autograder.loading import STAGES

    stages = result.stages()
    table = Table(show_edge=False, header_style="bold",
                  caption="columns " + ", ".join(f"{s} {STAGES[s]}" for s in stages)
                  + ": the pair's similarity in that stage")
    for name in ("rank", "a", "b", "score", "all"):
        table.add_column(name, justify="left" if name in ("a", "b") else "right",
                         no_wrap=True)
    for stage in stages:
        table.add_column(str(stage), justify="right", no_wrap=True)
    table.add_column("flagged")
    shown = result.pairs[:max(top, min(len(result.flagged), 50))]
    for pair in shown:
        cells = [f"{pair.stages[s].similarity:.2f}" if s in pair.stages else "-"
                 for s in stages]
        table.add_row(str(pair.rank), pair.a, pair.b, f"{pair.score:.1f}",
                      f"{pair.similarity:.2f}", *cells, ", ".join(pair.reasons))
    Console(width=None if sys.stdout.isatty() else 200).print(table)
