"""Build a Gradescope autograder zip: setup.sh, run_autograder and the grader's files.

    build_bundle(out, stages="all", config=None) -> list[str]    # the names in the zip

Gradescope unpacks the zip into /autograder/source, runs setup.sh once while building the
image, and runs run_autograder for every submission (see run.py). The zip holds:

    setup.sh, run_autograder       from this folder
    requirements.txt               what the grader needs from PyPI (numpy, matplotlib)
    autograder/ solutions/         the grader and the reference solution (Python files only)
    course_data/                   the course's data (no sample submissions)
    scratchnet.toml                the course secret and timeouts from the course's config
    gradescope.json                {"stages": "all" | "N" | "N-M"}
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from autograder.config import CourseConfig, load_config
from autograder.loading import parse_stage_option

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
REQUIREMENTS = ["numpy>=1.26", "matplotlib>=3.7"]
PACKAGES = ("autograder", "solutions", "course_data")
#: Files of course_data the grader reads besides its Python modules.
DATA_SUFFIXES = (".csv", ".json")
_SKIPPED = {"__pycache__", "sample_submissions", "benchmarks", "make_sample_submissions.py",
            "choose_seed.py"}


def build_bundle(out: Path, stages: str = "all", config: CourseConfig | None = None
                 ) -> list[str]:
    """Write the autograder zip to `out`; ValueError for a bad stage choice."""
    parse_stage_option(stages)  # raises ValueError with a clear message
    config = config or load_config()
    names = []
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for script in ("setup.sh", "run_autograder"):
            _add(bundle, script, (HERE / script).read_bytes(), executable=True)
            names.append(script)
        extras = {
            "requirements.txt": "\n".join(REQUIREMENTS) + "\n",
            "scratchnet.toml": course_toml(config),
            "gradescope.json": json.dumps({"stages": stages}) + "\n",
        }
        for name, text in extras.items():
            _add(bundle, name, text.encode())
            names.append(name)
        for name, path in grader_files():
            _add(bundle, name, path.read_bytes(),
                 executable=path.name in ("setup.sh", "run_autograder"))
            names.append(name)
    return names


def grader_files() -> Iterator[tuple[str, Path]]:
    """(name relative to the project, path) of every file the grader needs at grading time:
    the Python files of autograder/, solutions/ and course_data/, the course's data files,
    and this folder's scripts; no sample submissions, benchmarks or caches."""
    for package in PACKAGES:
        for path in sorted((PROJECT / package).rglob("*")):
            relative = path.relative_to(PROJECT)
            if path.is_file() and not _SKIPPED & set(relative.parts) and (
                    path.suffix == ".py" or (package == "course_data"
                                             and path.suffix in DATA_SUFFIXES)
                    or path.parent == HERE and path.name in ("setup.sh", "run_autograder")):
                yield relative.as_posix(), path


def course_toml(config: CourseConfig) -> str:
    """The scratchnet.toml the bundle's grader reads: the secret and any timeouts."""
    lines = [f"course_secret = {json.dumps(config.secret)}"]
    if config.timeout is not None:
        lines.append(f"timeout = {config.timeout}")
    if config.submission_timeout is not None:
        lines.append(f"submission_timeout = {config.submission_timeout}")
    return "\n".join(lines) + "\n"


def _add(bundle: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o755 if executable else 0o644) << 16
    bundle.writestr(info, data)
