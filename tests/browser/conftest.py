"""Fixtures for the browser test: released stages, a JupyterLab server, headless Chromium.

The browser is Debian's /usr/bin/chromium driven by Playwright; nothing downloads a
browser. The test module skips itself, saying why, without /usr/bin/chromium or Playwright;
CI installs both, so there it runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_config import ARTIFACTS, ASSIGNMENTS, CHROMIUM, CHROMIUM_ARGS
from lab_server import running_lab

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def generate_release(stage: str, course: Path, lang: str = "en") -> Path:
    """Copy the nbgrader course's source for `stage` (the English course, or the Chinese
    one with lang="zh": assignments/zh/, whose config loads the English one from the folder
    above) to `course` and release it there.

    Returns the released stage folder, `<course root>/release/<stage>`.
    """
    root = course if lang == "en" else course / lang
    source = (ASSIGNMENTS if lang == "en" else ASSIGNMENTS / lang) / "source" / stage
    if not (source / f"{stage}.ipynb").exists():
        pytest.fail(f"no source notebook {source / (stage + '.ipynb')}: the course needs it")
    shutil.copytree(source, root / "source" / stage, dirs_exist_ok=True)
    shutil.copy(ASSIGNMENTS / "nbgrader_config.py", course / "nbgrader_config.py")
    if lang != "en":
        shutil.copy(ASSIGNMENTS / lang / "nbgrader_config.py", root / "nbgrader_config.py")
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", stage, "--force", "--no-db"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"nbgrader generate_assignment {stage} failed:\n{result.stdout}\n"
                    f"{result.stderr}")
    return root / "release" / stage


@pytest.fixture(scope="session")
def student_dir(tmp_path_factory) -> Path:
    """The student's folder JupyterLab serves; each test releases its stage into it."""
    return tmp_path_factory.mktemp("student")


@pytest.fixture
def release(student_dir, tmp_path):
    """release(stage, lang) -> the notebook's path relative to student_dir, freshly
    released (a Chinese stage goes to student_dir/zh/<stage>)."""

    def make(stage: str, lang: str = "en") -> str:
        released = generate_release(stage, tmp_path / "course", lang)
        folder = stage if lang == "en" else f"{lang}/{stage}"
        shutil.copytree(released, student_dir / folder)
        return f"{folder}/{stage}.ipynb"

    return make


@pytest.fixture(scope="session")
def lab(student_dir, tmp_path_factory):
    """A running `jupyter lab` serving the student's folder, with a hermetic home."""
    home = tmp_path_factory.mktemp("jupyter-home")
    with running_lab(student_dir, home) as server:
        yield server
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(server.log_path, ARTIFACTS / "jupyter-lab.log")


@pytest.fixture(scope="module")
def chromium():
    """Headless Debian Chromium, launched by Playwright with a fresh profile (for this module
    only: Playwright's sync API allows one at a time, and tests/hub starts its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def shots(request) -> Path:
    """This test's artefacts folder, emptied first: browser-artifacts/<test id>/."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "_")
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
