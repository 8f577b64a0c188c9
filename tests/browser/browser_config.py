"""Where the browser test finds the course and the browser, and where it leaves artefacts."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The nbgrader course (source notebooks and nbgrader_config.py).
ASSIGNMENTS = Path(os.environ.get("SCRATCHNET_ASSIGNMENTS", REPO / "assignments"))
#: Debian's Chromium; Playwright drives it, nothing downloads a browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Screenshots and logs, kept after the run (gitignored).
ARTIFACTS = Path(os.environ.get("SCRATCHNET_BROWSER_ARTIFACTS", REPO / "browser-artifacts"))
