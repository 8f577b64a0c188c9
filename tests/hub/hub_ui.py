"""Drive the course on JupyterHub the way its people do: the hub's login page, formgrader
(in the instructor's JupyterLab), the assignment list and a notebook (in a student's).

Everything goes through the page: clicks, the keyboard and what the page shows, never
JupyterLab's or nbgrader's JavaScript API.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

SERVER_START_MS = 120_000  # the hub starts a user's server: a spawn, JupyterLab's first load
ACTION_MS = 120_000  # one nbgrader action (generate, collect, validate, feedback)


def log_in(context: BrowserContext, hub_url: str, user: str, password: str) -> Page:
    """A page of `context` logged in to the hub as `user`, on the user's JupyterLab."""
    page = context.new_page()
    page.goto(f"{hub_url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{re.escape(user)}/lab"), timeout=SERVER_START_MS)
    page.locator(".jp-LabShell").wait_for(timeout=SERVER_START_MS)
    return page


def open_lab(page: Page, url: str) -> None:
    """Go to a JupyterLab URL (a named server's spawn URL too) and wait for the Lab."""
    page.goto(url)
    page.wait_for_url(re.compile(r"/lab"), timeout=SERVER_START_MS)
    page.locator(".jp-LabShell").wait_for(timeout=SERVER_START_MS)


def nbgrader_menu(page: Page, item: str) -> None:
    """Nbgrader > `item` in JupyterLab's menu bar."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


class Formgrader:
    """nbgrader's formgrader as JupyterLab shows it (Nbgrader > Formgrader, an iframe)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        nbgrader_menu(page, "Formgrader")
        self.frame = page.frame_locator("#formgrader-iframe iframe")
        self.wait_for_table()

    def wait_for_table(self) -> None:
        self.frame.locator("#main-table tr").first.wait_for(timeout=ACTION_MS)
        self.frame.locator("#main-table").get_by_text("Loading, please wait").wait_for(
            state="detached", timeout=ACTION_MS)

    def row(self, assignment: str):
        return self.frame.locator("#main-table tr").filter(
            has=self.frame.locator(f'td.name[data-order="{assignment}"]'))

    def cell(self, assignment: str, column: str) -> str:
        """The text of `assignment`'s row under `column` (status, num-submissions, ...)."""
        return self.row(assignment).locator(f"td.{column}").inner_text().strip()

    def act(self, assignment: str, column: str) -> str:
        """Click the link in `assignment`'s row under `column` ("assign" is Generate,
        "release", "collect", "generate-feedback", "release-feedback"); return what the
        dialog says, closing it. AssertionError with the dialog's log when it reports an
        error."""
        self.row(assignment).locator(f"td.{column} a").click(timeout=ACTION_MS)
        modal = self.frame.locator("#success-modal, #error-modal")
        modal.wait_for(timeout=ACTION_MS)
        text = modal.locator(".modal-body").inner_text()
        failed = modal.get_attribute("id") == "error-modal"
        modal.locator(".modal-footer button").click()
        modal.wait_for(state="detached")
        assert not failed, f"formgrader: {column} of {assignment} failed:\n{text}"
        self.row(assignment).get_by_text("Please wait").wait_for(state="detached",
                                                                 timeout=ACTION_MS)
        return text.splitlines()[0]

    def open_submissions(self, assignment: str, students: list[str]) -> dict[str, str]:
        """Manage Assignments > the number of submissions of `assignment`: the page that
        lists each student's submission with its score; returns each student's row."""
        self.row(assignment).locator("td.num-submissions a").click()
        rows = {}
        for student in students:
            row = self.frame.locator("#main-table tr").filter(has_text=student)
            row.locator("td").first.wait_for(timeout=ACTION_MS)
            rows[student] = " ".join(row.inner_text().split())
        return rows

    def back_to_assignments(self) -> None:
        self.frame.locator("a", has_text=re.compile("^Manage Assignments$")).first.click()
        self.wait_for_table()


class AssignmentList:
    """nbgrader's assignment list (Nbgrader > Assignment List) in a student's JupyterLab."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.open()

    def open(self) -> None:
        tab = self.page.locator(".lm-TabBar-tab", has_text=re.compile("^Assignments$"))
        if tab.count():
            tab.first.click()
        else:
            nbgrader_menu(self.page, "Assignment List")
        self.page.locator("#released_assignments_list").wait_for(timeout=ACTION_MS)
        self.wait_loaded()

    def wait_loaded(self) -> None:
        for part in ("released", "fetched", "submitted"):
            self.page.locator(f"#{part}_assignments_list_loading").wait_for(
                state="hidden", timeout=ACTION_MS)

    def choose_course(self, course: str) -> None:
        """Pick `course` in the drop-down ("... assignments for course: [scratchnet v]")."""
        current = self.page.locator("#course_list_default")
        current.get_by_text("Loading, please wait").wait_for(state="detached",
                                                             timeout=ACTION_MS)
        if current.inner_text().strip() != course:
            self.page.locator("#course_list_dropdown").click()
            self.page.locator("#course_list a", has_text=re.compile(f"^{re.escape(course)}$")
                              ).click()
            current.get_by_text(course, exact=True).wait_for(timeout=ACTION_MS)
        self.wait_loaded()

    def section(self, part: str) -> str:
        """The visible text of the "released", "fetched" or "submitted" section."""
        return self.page.locator(f"#{part}_assignments_list").inner_text()

    def item(self, part: str, assignment: str):
        return self.page.locator(f"#{part}_assignments_list > .list_item").filter(
            has=self.page.locator(".item_name", has_text=re.compile(rf"^\s*{assignment}")))

    def fetch(self, assignment: str) -> None:
        self.item("released", assignment).locator("button", has_text="Fetch").click()
        self.item("fetched", assignment).wait_for(timeout=ACTION_MS)

    def open_notebook(self, assignment: str, notebook: str) -> None:
        """Expand the downloaded assignment and click its notebook: it opens in a tab."""
        item = self.item("fetched", assignment)
        item.locator("a.assignment-notebooks-link").click()
        item.locator(".nested_list_item a", has_text=re.compile(f"^{notebook}$")).click()

    def submit(self, assignment: str) -> str:
        """Submit; wait until the submission is listed; return the submitted section."""
        self.item("fetched", assignment).locator("button", has_text="Submit").click()
        self.item("submitted", assignment).wait_for(timeout=ACTION_MS)
        self.wait_loaded()
        return self.section("submitted")

    def fetch_feedback(self, assignment: str) -> str:
        """Fetch Feedback for `assignment`; return the submitted section afterwards."""
        item = self.item("submitted", assignment)
        item.locator("button", has_text="Fetch Feedback").click()
        submitted = self.page.locator("#submitted_assignments_list")
        submitted.get_by_text("(view feedback)").first.wait_for(timeout=ACTION_MS)
        self.wait_loaded()
        return self.section("submitted")


def save_screenshot(page: Page, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
