"""Fixtures of the hub test: a real JupyterHub with the course (autograder.hub.CourseHub),
headless Debian Chromium, and a folder for screenshots.

The test is marked `hub` (deselect it with `-m "not hub"`). It skips, saying what is
missing, without jupyterhub, configurable-http-proxy, Debian's chromium or Playwright, or
when not run as root (it makes Unix accounts); CI installs all of these and runs as root.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browser_config import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

REPO = Path(__file__).resolve().parents[2]
#: Screenshots and times of the hub test (kept after the run; gitignored like the browser
#: test's), or SCRATCHNET_HUB_ARTIFACTS.
ARTIFACTS = Path(os.environ.get("SCRATCHNET_HUB_ARTIFACTS",
                                Path(tempfile.gettempdir()) / "scratchnet-hub-artifacts"))


def missing() -> list[str]:
    from autograder.hub import missing_parts

    found = missing_parts()
    if not CHROMIUM.exists():
        found.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found.append("Playwright for Python (pip install playwright)")
    return found


@pytest.fixture(scope="session", autouse=True)
def hub_parts():
    """Skip, saying what is missing, on a machine that cannot run a hub (found when the test
    starts: looking for jupyterhub while the tests are collected would slow every run)."""
    lacking = missing()
    if lacking:
        pytest.skip("the hub test needs " + "; ".join(lacking) + " (CI installs them)")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()
