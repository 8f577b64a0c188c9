"""What both bundle commands do (gradescope-bundle, prairielearn-bundle): read the course's
configuration, warn about the demo secret, build the bundle, say what was written."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from autograder.config import CourseConfig


def write(args: argparse.Namespace, command: str,
          build: Callable[[CourseConfig], list[str]], see: Path | None = None) -> int:
    """Run ``build(config)`` for ``scratchnet COMMAND``; 0 done, 1 unreadable configuration or
    unwritable output, 2 a bad --stage or another bad option (``build`` raises ValueError)."""
    from autograder.config import ConfigError, load_config
    from autograder.loading.stages import parse_stage_option

    try:
        parse_stage_option(args.stage)
    except ValueError as error:
        print(f"scratchnet {command}: --stage: {error}", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"scratchnet {command}: {error}", file=sys.stderr)
        return 1
    if config.is_demo:
        print("note: the bundle carries the public demo course secret; set course_secret in "
              "scratchnet.toml for a real class", file=sys.stderr)
    try:
        names = build(config)
    except ValueError as error:
        print(f"scratchnet {command}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"scratchnet {command}: cannot write {args.output}: {error}", file=sys.stderr)
        return 1
    tail = f"; see {see}" if see is not None else ""
    print(f"wrote {args.output} ({len(names)} files, stages: {args.stage}){tail}")
    return 0
