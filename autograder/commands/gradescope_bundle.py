"""`scratchnet gradescope-bundle`: build the autograder zip to upload to Gradescope."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gradescope-bundle",
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
    from autograder.config import ConfigError, load_config
    from autograder.gradescope.bundle import build_bundle

    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"scratchnet gradescope-bundle: {error}", file=sys.stderr)
        return 1
    if config.is_demo:
        print("note: the bundle carries the public demo course secret; set course_secret in "
              "scratchnet.toml for a real class", file=sys.stderr)
    try:
        names = build_bundle(args.output, args.stage, config)
    except ValueError as error:
        print(f"scratchnet gradescope-bundle: --stage: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"scratchnet gradescope-bundle: cannot write {args.output}: {error}",
              file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({len(names)} files, stages: {args.stage})")
    return 0
