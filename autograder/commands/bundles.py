"""What both bundle commands do (gradescope-bundle, prairielearn-bundle): read the course's
configuration, warn about the demo secret, build the bundle, say what was written."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from autograder.commands.status import UNFINISHED, USAGE
from autograder.config import CourseConfig
from autograder.i18n import tr
from autograder.text_safety import terminal


def write(args: argparse.Namespace, command: str,
          build: Callable[[CourseConfig], list[str]], see: Path | None = None,
          folder: bool = False) -> int:
    """Run ``build(config)`` for ``scratchnet COMMAND``, which writes ``args.output`` (a file,
    or with `folder` a folder); the exit status (commands/status.py): 2 for a bad --stage,
    -o, configuration or another bad option (``build`` raises ValueError), 1 for an output
    that could not be written."""
    from autograder.config import ConfigError, load_config
    from autograder.loading.stages import parse_stage_option

    try:
        parse_stage_option(args.stage)
    except ValueError as error:
        print(f"scratchnet {command}: --stage: {error}", file=sys.stderr)
        return USAGE
    wrong = _wrong_kind(Path(args.output), folder)
    if wrong:
        print(terminal(f"scratchnet {command}: {wrong}"), file=sys.stderr)
        return USAGE
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"scratchnet {command}: {error}", file=sys.stderr)
        return USAGE
    if config.is_demo:
        print("note: the bundle carries the public demo course secret; set course_secret in "
              "scratchnet.toml for a real class", file=sys.stderr)
    try:
        names = build(config)
    except ValueError as error:
        print(f"scratchnet {command}: {error}", file=sys.stderr)
        return USAGE
    except OSError as error:
        print(f"scratchnet {command}: cannot write {args.output}: {error}", file=sys.stderr)
        return UNFINISHED
    tail = f"; see {see}" if see is not None else ""
    print(f"wrote {args.output} ({len(names)} files, stages: {args.stage}){tail}")
    return 0


def _wrong_kind(output: Path, folder: bool) -> str | None:
    """What is wrong with -o: a file where a folder is written, or the other way round."""
    if folder and output.exists() and not output.is_dir():
        return tr("-o {path} is a file: give the folder to write (it is made if missing)",
                  path=output)
    if not folder and output.is_dir():
        return tr("-o {path} is a folder: give the file to write, such as {path}/{name}",
                  path=output, name="autograder.zip")
    return None
