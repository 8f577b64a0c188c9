"""`scratchnet prairielearn-bundle`: a PrairieLearn question and its grading image."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, HelpFormatter


def add_parser(sub: argparse._SubParsersAction) -> None:
    from autograder.prairielearn.bundle import DEFAULT_IMAGE, DEFAULT_TIMEOUT

    p = sub.add_parser(
        "prairielearn-bundle",
        epilog=EXIT_STATUS,
        formatter_class=HelpFormatter,
        help="build a PrairieLearn question graded by scratchnet",
        description=(
            "Write DIR/question/ (info.json with externalGradingOptions, question.html with "
            "a notebook upload, tests/ with the grader, the reference solution and the "
            "course secret from scratchnet.toml, and the entry point run.sh) and "
            "DIR/image/ (a Dockerfile based on prairielearn/grader-python that installs "
            "numpy, matplotlib and bubblewrap at build time). Copy question/ into the "
            "course's questions/; build and push image/ (see DIR/README.md)."
        ),
    )
    p.add_argument("--stage", default="all", metavar="N|N-M|all",
                   help="the stage(s) the question grades (default all)")
    p.add_argument("-o", "--output", type=Path, default=Path("prairielearn"), metavar="DIR",
                   help="the folder to write (default prairielearn/)")
    p.add_argument("--image", default=DEFAULT_IMAGE, metavar="NAME",
                   help=f"the grading image's name in info.json (default {DEFAULT_IMAGE})")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="S",
                   help=f"PrairieLearn's grading timeout, 1-600 s (default {DEFAULT_TIMEOUT})")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="the course configuration (default: scratchnet.toml, found upward)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.commands import bundles
    from autograder.prairielearn.bundle import build_bundle

    return bundles.write(args, "prairielearn-bundle",
                         lambda config: build_bundle(args.output, args.stage, config,
                                                     args.image, args.timeout),
                         see=args.output / "README.md", folder=True)
