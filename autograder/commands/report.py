"""`scratchnet report OUT_DIR`: the class report from a grading output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, UNFINISHED, USAGE, HelpFormatter
from autograder.i18n import tr
from autograder.text_safety import terminal


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `report` subcommand to `sub`."""
    p = sub.add_parser(
        "report",
        epilog=EXIT_STATUS,
        formatter_class=HelpFormatter,
        help="write the class report of a graded batch",
        description=(
            "Write OUT_DIR/report.html (score histograms per stage and overall, pass rate of "
            "every check, the most common named mistakes and who made them, submissions that "
            "failed to load or timed out, grading time), its figures as report-*.png, "
            "gradebook.csv and checks.csv, from the <student>/results.json files that "
            "`scratchnet grade --out OUT_DIR` wrote. `scratchnet grade` writes it too."
        ),
    )
    p.add_argument("out_dir", metavar="OUT_DIR", type=Path,
                   help="the folder `scratchnet grade --out` wrote")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="the report's language (default: lang in scratchnet.toml, else the "
                        "locale, else en)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `scratchnet report` with parsed `args`; the exit status."""
    from autograder.gradescope.results import read_results
    from autograder.report import write_report

    if args.out_dir.exists() and not args.out_dir.is_dir():
        print(terminal(tr("scratchnet report: {path} is a file, not the folder `scratchnet "
                          "grade --out` wrote", path=args.out_dir)), file=sys.stderr)
        return USAGE
    if not args.out_dir.is_dir():
        print(f"scratchnet report: no such folder: {terminal(str(args.out_dir))}",
              file=sys.stderr)
        return USAGE
    if not read_results(args.out_dir):  # nothing to report on
        print(f"scratchnet report: no results in {terminal(str(args.out_dir))} (expected "
              "<student>/results.json files written by `scratchnet grade --out`)",
              file=sys.stderr)
        return USAGE
    from autograder.config import ConfigError, load_config
    from autograder.i18n.choose import default_language

    try:
        configured = load_config().lang
    except ConfigError:
        configured = None  # the report needs no secret: a broken config only loses its lang
    try:
        page = write_report(args.out_dir,
                            lang=default_language(getattr(args, "lang", None), configured))
    except OSError as error:
        print(f"scratchnet report: cannot write the report in {args.out_dir}: {error}",
              file=sys.stderr)
        return UNFINISHED
    print(f"class report: {page}")
    return 0
