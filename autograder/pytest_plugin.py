"""`pytest --submission PATH [--stage N]`: grade a submission as pytest tests.

One test per check, run through the same loader, sandbox and checks as `scratchnet grade`,
named `<student>::stage<N>_<check>`. PATH may be a notebook, a .py file or a folder of
submissions. Without --submission this plugin does nothing (it only adds the options), so
it costs ordinary pytest runs nothing; the grading machinery is imported only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_NOTES = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --submission, --stage and --lang to pytest's options."""
    group = parser.getgroup("scratchnet", "scratchnet: grade a student submission")
    group.addoption("--submission", action="append", dest="scratchnet_submission",
                    metavar="PATH", help="grade this submission (a notebook, .py file or "
                    "folder of submissions): one test per check; may be repeated")
    group.addoption("--stage", dest="scratchnet_stage", default="all", metavar="N",
                    help="with --submission: grade only stage N (1-7, a range, or all)")
    group.addoption("--lang", dest="scratchnet_lang", default=None, choices=("en", "zh"),
                    help="with --submission: the messages' language when the notebook does not "
                         "say (default: lang in scratchnet.toml, else the locale, else en)")


def pytest_configure(config: pytest.Config) -> None:
    """With --submission, begin the first sandbox's slow parts while pytest sets up."""
    if config.getoption("scratchnet_submission"):
        from autograder.workers import begin_grading

        begin_grading()


def pytest_unconfigure(config: pytest.Config) -> None:
    """With --submission, leave the grader's objects to the operating system at exit:
    collecting them one by one is most of the interpreter's teardown (see cli.console_main)."""
    if config.getoption("scratchnet_submission"):
        import gc

        gc.freeze()


def pytest_collection(session: pytest.Session) -> bool | None:
    """With --submission, collect one item per check instead of the usual test files."""
    paths = session.config.getoption("scratchnet_submission")
    if not paths:
        return None
    from autograder.loading import discover, parse_stage_option

    try:
        stages = parse_stage_option(session.config.getoption("scratchnet_stage"))
        base = session.config.invocation_params.dir
        submissions = discover([base / p for p in paths])
    except (ValueError, FileNotFoundError) as error:
        raise pytest.UsageError(f"--submission/--stage: {error}") from None
    hook = session.config.hook
    session.config.stash[_NOTES] = []
    items: list[pytest.Item] = []
    for submission in submissions:
        collector = SubmissionCollector.from_parent(
            session, name=submission.student, path=submission.root,
            nodeid=submission.student, submission=submission, stages=stages)
        hook.pytest_collectstart(collector=collector)
        report = hook.pytest_make_collect_report(collector=collector)
        hook.pytest_collectreport(report=report)
        if report.passed:
            items.extend(report.result)
    hook.pytest_collection_modifyitems(session=session, config=session.config, items=items)
    hook.pytest_collection_finish(session=session)
    session.items = items
    session.testscollected = len(items)
    return True


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the loading and sandbox notes of each graded submission."""
    notes = config.stash.get(_NOTES, [])
    if notes:
        terminalreporter.section("scratchnet notes")
        for line in notes:
            terminalreporter.write_line(line)


class SubmissionCollector(pytest.Collector):
    """Grades one submission when collected and yields one CheckItem per check."""

    def __init__(self, *, submission: Any, stages: tuple[int, ...] | None, **kwargs: Any):
        super().__init__(**kwargs)
        self.submission = submission
        self.stages = stages

    def collect(self) -> list[CheckItem]:
        """Grade the submission once; one test item per check result."""
        from autograder.config import load_config
        from autograder.grading import grade_submission
        from autograder.i18n.choose import default_language

        config = load_config(start=Path(self.config.invocation_params.dir))
        lang = default_language(self.config.getoption("scratchnet_lang"), config.lang)
        result = grade_submission(self.submission, self.stages, config.secret, lang=lang)
        self.config.stash[_NOTES].extend(f"{result.student}: {note}" for note in result.notes)
        return [CheckItem.from_parent(self, name=f"stage{c.stage}_{c.name}", result=c,
                                      lang=result.lang) for c in result.checks]


class CheckFailed(Exception):
    """Raised by a CheckItem whose check failed; carries the student-facing message."""


class CheckItem(pytest.Item):
    """One check's outcome, already computed by the collector, reported as a test."""

    def __init__(self, *, result: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result
        self.lang = lang

    def runtest(self) -> None:
        """Fail if the check failed (the grading already happened in collect)."""
        if not self.result.passed:
            raise CheckFailed(self.result.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> str:
        """The check's message, points and diagnosis, in the submission's language."""
        if isinstance(excinfo.value, CheckFailed):
            from autograder.i18n import language, ntr, tr

            with language(self.lang):
                text = ntr("{message} (0/{n} point)", "{message} (0/{n} points)",
                           self.result.max_points, message=self.result.message)
                if self.result.mistake:
                    from autograder.hints import hint_or_label

                    hint = hint_or_label(self.result.mistake)
                    text += "\n" + tr("diagnosis: {hint}", hint=hint)
            return text
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where pytest says the test is: the submission, its stage and check."""
        return self.path, None, f"{self.parent.name}: stage {self.result.stage} {self.result.name}"
