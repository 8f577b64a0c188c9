"""The notebooks' visible check cells, with the grader's own checks and diagnoses.

A visible check cell of the course calls, when scratchnet is installed in the student's
kernel (the course's JupyterHub installs it)::

    from autograder.notebook_checks import check
    check("sigmoid", globals(), lang="en")

``check`` runs every registry check of the named functions, visible and hidden
(``autograder/checks/``, through ``runner.run_check``: the same observations, named causes
and attribution as after hand-in), on the checks' own seeded inputs, never on the
notebook's variables, so the order in which cells ran cannot change what a check sees. It
shows one line per check (passed or failed, what was observed, the named cause once) in the
notebook's language.

Run All goes on: interactively a failed check is shown and nothing is raised, so the cells
and figures after it still run. Under nbgrader (``NBGRADER_EXECUTION`` is "validate" or
"autograde" while nbgrader runs the notebook) a failed check raises AssertionError, so
Validate reports the cell. ``nbgrader validate`` cuts every line at 87 columns, so the message
is wrapped: its first line holds the essential (which check failed, and the named mistake or
what was observed) in ``FIRST_WIDTH`` columns, after "AssertionError: ", and the detail (what
each check observed and why) follows on lines of ``WIDTH`` columns. The exception shows as its
message alone, without a traceback into the grader's files.

Where ``autograder`` cannot be imported, the cell runs its own numpy checks instead.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

if "_scratchnet_wire" in sys.modules:  # scratchnet grade's sandbox: the cell's numpy checks
    raise ImportError("the grader's checks do not run inside scratchnet's sandbox")

from autograder.checks import REGISTRY, Check  # noqa: E402
from autograder.checks.runner import CheckResult, run_check, say_each_cause_once  # noqa: E402
from autograder.diagnose.attribution import attribute, function_of  # noqa: E402
from autograder.hints import hint_text, likely_mistake, mistake_label  # noqa: E402
from autograder.i18n import language, ntr, tr  # noqa: E402
from autograder.templating import render  # noqa: E402
from autograder.text_safety import printable  # noqa: E402

#: The environment variable nbgrader sets while it executes a notebook ("validate" for
#: Validate, "autograde" for autograding: nbgrader/validator.py, converters/autograde.py).
NBGRADER_EXECUTION = "NBGRADER_EXECUTION"
#: The most characters the first line of the raised message may have, whatever it holds.
FIRST_LINE = 200
#: The columns of the raised message's lines: nbgrader validate indents them by 4 and cuts
#: them after 84 columns; the first line also follows "AssertionError: ".
WIDTH = 80
FIRST_WIDTH = WIDTH - len("AssertionError: ")

#: Checks whose name does not start with the function they are about: the function whose
#: visible check cell runs them (the last of the functions they call).
FUNCTION_OF = {
    "network_attributes": "NeuralNetwork",
    "network_feedforward": "NeuralNetwork",
    "network_training": "NeuralNetwork",
    "network_learning_rate": "NeuralNetwork",
    "derivatives_at_the_kink": "leaky_relu_derivative",
    "learning_rates": "train_with_bias",
    "bias_functions_leave_inputs_unchanged": "train_with_bias",
    "moons_test_accuracy": "train_classifier",
    "classifier_functions_leave_inputs_unchanged": "train_classifier",
}


def about(check: Check) -> str:
    """The contract function whose visible check cell runs ``check``."""
    return FUNCTION_OF.get(check.name) or function_of(check.name)


def checks_of(names: str | Iterable[str]) -> list[Check]:
    """The registry's checks of the functions ``names``, visible and hidden, in registry
    order. KeyError for a name no check is about."""
    wanted = [names] if isinstance(names, str) else list(names)
    known = {about(check) for check in REGISTRY}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise KeyError(f"no registry check is about {', '.join(unknown)}")
    return [check for check in REGISTRY if about(check) in wanted]


@dataclass
class Report:
    """The outcome of one check cell: the functions, each check's result, attribution's
    notes, all in the language ``lang``."""

    names: list[str]
    results: list[CheckResult]
    lang: str = "en"
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[CheckResult]:
        """The results that failed."""
        return [r for r in self.results if not r.passed]

    def _header(self) -> str:
        names = ", ".join(f"`{name}`" for name in self.names)
        total, failed = len(self.results), len(self.failed)
        if failed:
            return ntr("{names}: {failed} of the grader's {n} check failed (new random "
                       "inputs each run).",
                       "{names}: {failed} of the grader's {n} checks failed (new random "
                       "inputs each run).", total, names=names, failed=failed)
        return ntr("{names}: the grader's {n} check passed (new random inputs each run).",
                   "{names}: all {n} of the grader's checks passed (new random inputs each "
                   "run).", total, names=names)

    def _items(self) -> list[tuple[CheckResult, str, str, str]]:
        """(result, title, message, hint) per check; a named mistake's hint once."""
        hinted: set[str] = set()
        items = []
        for result in self.results:
            title = result.description if result.visibility == "visible" else \
                tr("(hidden check)")
            message = hint = ""
            if not result.passed:
                message = result.message
                if result.mistake and not result.repeats and result.mistake not in hinted:
                    hinted.add(result.mistake)
                    label = likely_mistake(result.mistake)
                    space = "" if label.endswith(("。", "）")) else " "
                    hint = (label + space + hint_text(result.mistake)).strip()
            items.append((result, title, message, hint))
        return items

    def text(self) -> str:
        """The report as plain text (what a terminal or nbgrader's feedback shows)."""
        with language(self.lang):
            mark = "✗" if self.failed else "✓"
            lines = wrap(f"{mark} {self._header()}", WIDTH, "  ")
            for result, title, message, hint in self._items():
                sign = "✓" if result.passed else "✗"
                item = tr("`{check}`: {text}", check=result.name, text=title)
                lines += wrap(f"{sign} {item}", WIDTH, "      ", "  ")
                for paragraph in (message, hint):
                    if paragraph:
                        lines += wrap(paragraph, WIDTH, "      ", "      ")
            for note in self.notes:
                lines += wrap(note, WIDTH, "  ")
        return "\n".join(printable(line) for line in lines)

    def html(self) -> str:
        """The report as HTML (templates/notebook_checks.html): every text escaped, `code
        spans` shown as code."""
        with language(self.lang):
            items = [{"passed": result.passed,
                      "text": tr("`{check}`: {text}", check=result.name, text=title),
                      "paragraphs": [p for p in (message, hint) if p]}
                     for result, title, message, hint in self._items()]
            return render("notebook_checks.html", ok=not self.failed, header=self._header(),
                          items=items, notes=self.notes)

    def short(self) -> str:
        """What the cell raises under nbgrader: first the essential, wrapped to FIRST_WIDTH
        columns on the first line: the first failed check and the mistake it names, or the
        message itself when that says the cause (`sigmoid` is not implemented yet), or the
        check and what it observed; then each failed check's message, wrapped to WIDTH."""
        with language(self.lang):
            first = self.failed[0]
            if first.mistake and first.plain:  # an observation, and the mistake it shows
                head = tr("`{check}` failed: {what}", check=first.name,
                          what=tr("{mistake}.", mistake=mistake_label(first.mistake)))
            elif first.mistake:  # the message is the cause (not implemented, a crash, ...)
                head = first.message
            else:
                head = tr("`{check}` failed: {what}", check=first.name, what=first.message)
            lines = wrap(" ".join(printable(head).split()), WIDTH, "  ", "", FIRST_WIDTH)
            lines[0] = cut(lines[0], FIRST_LINE)
            for result in self.failed:
                if result is not first or first.mistake:
                    lines += wrap(tr("`{check}`: {text}", check=result.name,
                                     text=result.message), WIDTH, "  ")
        return "\n".join(printable(line) for line in lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text(), "text/html": self.html()}

    def __str__(self) -> str:
        return self.text()


def run(names: str | Sequence[str], namespace: Mapping[str, Any], seed: int | None = None,
        lang: str | None = None) -> Report:
    """Run the registry checks of ``names`` on the functions in ``namespace`` (a
    notebook's globals()), as grading runs them: attribution, then each cause said once.

    seed: the inputs' seed; None draws a fresh one (so answers cannot be hard-coded).
    """
    wanted = [names] if isinstance(names, str) else list(names)
    checks = checks_of(wanted)
    impl = SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("_")})
    if seed is None:
        seed = secrets.randbits(32)
    with language(lang) as chosen:
        results = [run_check(check, impl, seed) for check in checks]
        results, notes = attribute(impl, results, seed, run_check)
        say_each_cause_once(results)
    return Report(wanted, results, chosen, notes)


def under_nbgrader() -> bool:
    """True while nbgrader executes the notebook (Validate, autograde)."""
    return bool(os.environ.get(NBGRADER_EXECUTION))


def check(names: str | Sequence[str], namespace: Mapping[str, Any], *, lang: str | None = None,
          seed: int | None = None) -> None:
    """What a visible check cell calls: run the grader's checks of ``names`` on the
    notebook's ``namespace`` (globals()), show the report, and raise AssertionError with a
    short message if a check failed while nbgrader runs the notebook (never otherwise, so
    Run All goes on). lang: the notebook's language ("en", "zh")."""
    __tracebackhide__ = True  # noqa: F841 (IPython hides this frame in tracebacks)
    report = run(names, namespace, seed, lang)
    show(report)
    if report.failed and under_nbgrader():
        raise CheckFailed(report.short())


class CheckFailed(AssertionError):
    """A failed check while nbgrader runs the notebook. IPython shows it as its message
    alone (``_render_traceback_``), named AssertionError like a failed assert, with no
    traceback into the grader's files."""

    def _render_traceback_(self) -> list[str]:
        return [f"AssertionError: {self}"]


CheckFailed.__name__ = CheckFailed.__qualname__ = "AssertionError"  # the name kernels report


def show(report: Report) -> None:
    """Display the report in a Jupyter kernel (HTML, and text for other front ends), or
    print it elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(report)
    else:
        print(report.text())


# --- the pieces of a message ----------------------------------------------------------------

def cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut after a word with "…" if longer."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + "…"


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff"
                    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+|\s+")


def wrap(text: str, columns: int, indent: str = "", first: str = "",
         first_columns: int | None = None) -> list[str]:
    """``text`` in lines of at most ``columns`` columns (``first_columns`` for the first;
    a longer word stays whole): the first line starts with ``first``, the others with
    ``indent``. Chinese may break between any two characters; other text at spaces."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = first if not lines else indent
        used = width(line)
        limit = first_columns if first_columns and not lines else columns
        start = True
        for token in _TOKEN.findall(paragraph):
            if token.isspace():
                if not start:
                    line, used = line + " ", used + 1
                continue
            if used + width(token) > limit and not start:
                lines.append(line.rstrip())
                line, used, limit = indent, width(indent), columns
            line, used, start = line + token, used + width(token), False
        lines.append(line.rstrip())
    return lines
