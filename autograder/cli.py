"""The `scratchnet` command line: one subcommand per module in autograder.commands."""

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from autograder.commands import (
    export,
    grade,
    gradescope_bundle,
    hub,
    prairielearn_bundle,
    report,
    similarity,
    status,
    train,
)

# Each module adds its own subparser and handles its own arguments.
COMMANDS = [train, grade, report, similarity, gradescope_bundle, export, prairielearn_bundle,
            hub]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scratchnet",
        description="Neural networks from scratch: the course kit's command line.",
        epilog=status.EXIT_STATUS,
        formatter_class=status.HelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status (autograder/commands/status.py)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:  # commands that keep partial work say so themselves
        print(f"scratchnet {args.command}: interrupted", file=sys.stderr)
        return status.INTERRUPTED
    except BrokenPipeError:  # `scratchnet ... | head`: the reader left
        _silence_stdout()
        return status.UNFINISHED


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush into the closed pipe
    neither fails nor prints a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def console_main() -> int:
    """The `scratchnet` program: ``main``, then a quick exit.

    What is left after a command is the interpreter's teardown, which collects every object
    of matplotlib, numpy and the grader one by one (about 0.2 s after a grading). Frozen,
    they are left to the operating system; atexit handlers and thread joins still run.
    """
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(console_main())
