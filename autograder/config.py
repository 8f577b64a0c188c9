"""The course configuration the grader reads: the course secret and grading defaults.

Looked up in this order, the first found wins:

1. the file given with ``--config FILE`` (a ``scratchnet.toml``);
2. ``scratchnet.toml`` in the current folder or any folder above it;
3. a ``[tool.scratchnet]`` table in ``pyproject.toml`` in the current folder or above;
4. the built-in demo defaults (the demo secret below; fine for trying the kit, not for a
   real class, since anyone who knows it can predict the grading inputs).

``scratchnet.toml``::

    course_secret = "a long random string only the instructors know"
    timeout = 10            # seconds per call into a submission (optional)
    submission_timeout = 60 # seconds per submission (optional)
    lang = "zh"             # feedback language when neither the notebook nor --lang says
                            # ("en" or "zh"; optional, see autograder/i18n/choose.py)
"""

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "scratchnet.toml"
#: The secret used when no configuration gives one (documented, so only for demos).
DEMO_SECRET = "scratchnet-demo-secret"


class ConfigError(Exception):
    """The configuration file exists but cannot be used; str(error) says why."""


@dataclass(frozen=True)
class CourseConfig:
    """secret: seeds every grading (with each submission's content hash).
    source: where the settings came from, for messages.
    timeout / submission_timeout: sandbox limits in seconds, None for the sandbox's default.
    lang: the configured feedback language ("en" or "zh"), None when not set.
    """

    secret: str = DEMO_SECRET
    source: str = "built-in demo defaults"
    timeout: float | None = None
    submission_timeout: float | None = None
    lang: str | None = None

    @property
    def is_demo(self) -> bool:
        """True when grading would use the publicly known demo secret."""
        return self.secret == DEMO_SECRET


def load_config(path: Path | None = None, start: Path | None = None) -> CourseConfig:
    """The course configuration: from `path`, else found from `start` (default: cwd) upward."""
    if path is not None:
        return _from_table(_read_toml(Path(path)), str(path))
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            file = candidate / CONFIG_NAME
            return _from_table(_read_toml(file), str(file))
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool")
            table = tool.get("scratchnet") if isinstance(tool, dict) else None
            if isinstance(table, dict):
                return _from_table(table, f"{pyproject} [tool.scratchnet]")
    return CourseConfig()


def _read_toml(path: Path) -> dict:
    if path.exists() and not path.is_file():  # a folder, or a pipe that would never end
        raise ConfigError(f"cannot read {path}: it is not a file")
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def _from_table(table: dict, source: str) -> CourseConfig:
    """Check the known keys of one configuration table and build the config."""
    secret = table.get("course_secret", DEMO_SECRET)
    if not isinstance(secret, str) or not secret:
        raise ConfigError(f"{source}: course_secret must be a non-empty string")
    timeouts = {}
    for key in ("timeout", "submission_timeout"):
        value = table.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value) or value <= 0):
            raise ConfigError(f"{source}: {key} must be a positive number of seconds")
        timeouts[key] = None if value is None else float(value)
    lang = table.get("lang")
    if lang is not None and lang not in ("en", "zh"):
        raise ConfigError(f'{source}: lang must be "en" or "zh"')
    return CourseConfig(secret=secret, source=source, lang=lang, **timeouts)
