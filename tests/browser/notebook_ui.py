"""Drive an open notebook in JupyterLab 4 the way a student does: menus, clicks, keys.

Every method works through the page (DOM and keyboard), never through JupyterLab's
JavaScript API, so what passes here is what a student can do. Cell text is read with
textContent, not innerText: JupyterLab lets the browser skip rendering off-screen cells
(content-visibility), and innerText of a skipped cell is empty.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Locator, Page

KERNEL_TIMEOUT_MS = 60_000  # a kernel start, or one Run All of a stage
_PROMPT_NUMBER = re.compile(r"\[(\d+)\]")


class NotebookUI:
    """One notebook open in a JupyterLab page; `shots` is where screenshots go."""

    def __init__(self, page: Page, shots: Path, name: str) -> None:
        self.page = page
        self.shots = shots
        self.name = name

    # -- looking -------------------------------------------------------------------------

    def cell(self, index: int) -> Locator:
        """The `index`-th cell (0-based, notebook order) of the open notebook."""
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)

    def cell_count(self) -> int:
        """How many cells the open notebook shows."""
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").count()

    def output_text(self, index: int) -> str:
        """The visible text of cell `index`'s output area ('' when it has no output)."""
        area = self.cell(index).locator(".jp-OutputArea")
        return area.text_content() if area.count() else ""

    def editor_text(self, index: int) -> str:
        """The source shown in cell `index`'s editor, one line per CodeMirror line."""
        lines = self.cell(index).locator(".jp-InputArea-editor .cm-line").all_text_contents()
        return "\n".join(line.replace("\u200b", "") for line in lines)

    def prompt(self, index: int) -> str:
        """Cell `index`'s input prompt text, such as '[3]:', '[*]:' or '[ ]:'."""
        return self.cell(index).locator(".jp-InputPrompt").text_content().strip()

    def execution_count(self, index: int) -> int | None:
        """The number in cell `index`'s prompt, or None when it has not run."""
        match = _PROMPT_NUMBER.search(self.prompt(index))
        return int(match.group(1)) if match else None

    def is_editable(self, index: int) -> bool:
        """Whether a student can type into cell `index`'s editor (read-only cells' editors
        are marked aria-readonly and ignore keys)."""
        content = self.cell(index).locator(".jp-InputArea-editor .cm-content")
        return content.get_attribute("aria-readonly") != "true"

    def has_stderr(self, index: int) -> bool:
        """Whether cell `index` shows output on stderr (JupyterLab's pink boxes)."""
        return self.cell(index).locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        ).count() > 0

    def images(self, index: int) -> list[tuple[int, int]]:
        """(naturalWidth, naturalHeight) of every image in cell `index`'s outputs."""
        return self.cell(index).locator(".jp-OutputArea-output img").evaluate_all(
            "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])"
        )

    def kernel_status(self) -> str:
        """The kernel status the status bar shows ('Idle', 'Busy', 'Unknown', ...)."""
        for item in self.page.locator(".jp-StatusBar-TextItem").all_inner_texts():
            if "|" in item:
                return item.rsplit("|", 1)[1].strip()
        return ""

    def screenshot(self, label: str) -> Path:
        """Save a full-page screenshot as `<name>-<label>.png` in the shots folder."""
        path = self.shots / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def screenshot_output(self, index: int, label: str) -> Path:
        """Save a screenshot of cell `index`'s output area as `<name>-<label>.png`.

        The output is scrolled into view and given a moment first: an off-screen cell is
        not rendered, so its size is only a placeholder until it is.
        """
        output = self.cell(index).locator(".jp-OutputArea")
        for _ in range(2):
            output.scroll_into_view_if_needed()
            self.page.wait_for_timeout(300)
        path = self.shots / f"{self.name}-{label}.png"
        output.screenshot(path=str(path))
        return path

    # -- waiting -------------------------------------------------------------------------

    def wait_until_ready(self, cells: int) -> None:
        """Wait until all `cells` cells are shown and the kernel reports Idle.

        JupyterLab attaches the cells of a long notebook a few at a time after it opens.
        """
        self._wait_for(lambda: self.cell_count() == cells, f"{cells} cells to be shown")
        self._wait_for(lambda: self.kernel_status() == "Idle", "kernel to be Idle")

    def wait_until_idle_after(self, previous_max: int) -> None:
        """Wait until a run has finished: a new execution count, no [*] left, kernel Idle."""

        def finished() -> bool:
            prompts = self.page.locator(
                ".jp-NotebookPanel:visible .jp-Notebook .jp-InputPrompt"
            ).all_text_contents()
            if any("*" in p for p in prompts):
                return False
            counts = [int(m.group(1)) for p in prompts if (m := _PROMPT_NUMBER.search(p))]
            return bool(counts) and max(counts) > previous_max and self.kernel_status() == "Idle"

        self._wait_for(finished, "the run to finish", settle=0.75)

    def _wait_for(self, condition, what: str, settle: float = 0.0) -> None:
        """Poll `condition` until it holds (for `settle` seconds in a row) or time runs out."""
        deadline = time.monotonic() + KERNEL_TIMEOUT_MS / 1000
        held_since = None
        while time.monotonic() < deadline:
            if condition():
                held_since = held_since or time.monotonic()
                if time.monotonic() - held_since >= settle:
                    return
            else:
                held_since = None
            self.page.wait_for_timeout(150)
        raise TimeoutError(f"{self.name}: timed out waiting for {what}")

    # -- doing ---------------------------------------------------------------------------

    def menu(self, top: str, item: str) -> None:
        """Click menu bar entry `top`, then its item labelled `item`."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")
                          ).click()

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until the kernel has finished."""
        counts = [self.execution_count(i) or 0 for i in range(self.cell_count())]
        self.menu("Run", "Run All Cells")
        self.wait_until_idle_after(max(counts, default=0))

    def paste_into_cell(self, index: int, code: str) -> None:
        """Replace cell `index`'s source as a student would: click in, select all, paste.

        The text goes through the system clipboard and Ctrl+V, so CodeMirror's
        auto-indent and bracket closing (which act on typed keys) leave it unchanged.
        """
        self.page.evaluate("text => navigator.clipboard.writeText(text)", code)
        editor = self.cell(index).locator(".jp-InputArea-editor .cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Control+V")
        self.page.keyboard.press("Escape")  # back to command mode, as after editing

    def validate(self) -> tuple[str, str]:
        """Click nbgrader's Validate button; return (verdict class, dialog text).

        The verdict is the class nbgrader's extension puts on its message:
        "validation-success", "validation-failed", "validation-changed", ...
        """
        button = self.page.locator(".jp-NotebookPanel:visible .validate-button")
        assert button.count() == 1, (
            "nbgrader's Validate button is not in the notebook toolbar: is nbgrader's "
            "JupyterLab extension installed and enabled?")
        button.click()
        message = self.page.locator(".jp-Dialog #validation-message")
        message.wait_for(timeout=KERNEL_TIMEOUT_MS * 2)
        classes = message.get_attribute("class") or ""
        verdict = next((c for c in classes.split() if c.startswith("validation-")), "")
        return verdict, message.inner_text()

    def close_dialog(self) -> None:
        """Press the dialog's OK button."""
        self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
        self.page.locator(".jp-Dialog").wait_for(state="detached")
