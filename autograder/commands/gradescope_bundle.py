"""`scratchnet gradescope-bundle`: build the autograder zip to upload to Gradescope."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, HelpFormatter


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gradescope-bundle",
        epilog=EXIT_STATUS,
        formatter_class=HelpFormatter,
        help="build a Gradescope autograder zip",
        description=(
            "Build a Gradescope autograder: setup.sh (Python, numpy and matplotlib, "
            "bubblewrap, an unprivileged sandbox user), run_autograder (grades "
            "/autograder/submission with scratchnet's grader and writes "
            "/autograder/results/results.json), the grader, the reference solution and the "
            "course secret from scratchnet.toml. Upload the zip as the assignment's "
            "autograder."
        ),
    )
    p.add_argument("--stage", default="all", metavar="N|N-M|all",
                   help="the stage(s) this Gradescope assignment grades (default all)")
    p.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"), metavar="ZIP",
                   help="where to write the zip (default autograder.zip)")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="the course configuration (default: scratchnet.toml, found upward)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.commands import bundles
    from autograder.gradescope.bundle import build_bundle

    return bundles.write(args, "gradescope-bundle",
                         lambda config: build_bundle(args.output, args.stage, config))
