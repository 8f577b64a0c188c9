"""Does the grader's feedback name the cause of mistakes it was never tuned on?

Run:  python tests/benchmarks/diagnosis_generalisation.py
          [--set dev|dev2|dev3|dev4|heldout|heldout2|heldout3|heldout4|heldout5|correct|all]
          [--verbose] [--in-process] [--show-heldout]

The cases live in tests/diagnosis_cases/ (see its README.md): whole-course submissions
(stages 1-5) with exactly one realistic student mistake each, in development sets `dev`,
`dev2`, `dev3` and `dev4` (which the grader's diagnoses may be tuned on) and held-out sets
`heldout`, `heldout2`, `heldout3`, `heldout4` and `heldout5` (which they must not be: they
measure generalisation), plus `correct`, correct submissions written in other styles. Each set's
`cases.toml` gives, per case, the stage where the mistake lives (`spans` when it lives in
several), whether it is `structural` (found by reading the source: names, imports, `self`,
...) and its `cause`: groups of alternative strings, every group of which an explanation of
the cause must contain (case-insensitive substrings; a string in backticks, `name`, must
stand as a whole identifier).

Each case is graded as `scratchnet grade` grades it (autograder.loading.discover and
autograder.grading.grade_submission, stages 1-5, English, in the sandbox), copied under a
neutral name (s01.py, s02/, ...) so that its descriptive file name cannot leak into the
feedback. With --in-process the case is imported here instead and the checks run on the
module directly with seed 0 (no loader, no sandbox, no notes: faster, and a file Python
cannot import gets zero).

For a one-bug case it reports:
  caught     it lost points;
  own-only   it lost points, and only in the stage(s) where its mistake lives;
  named      the messages of its failed checks in those stages, with the grade's notes,
             contain every cause group;
  top        (structural cases) the notes alone, said at the top of the feedback, do;
  once       (structural cases) no note is repeated and at most one note names the cause.
For a correct variant: full marks, no check names a mistake, and no note but the
informational ones (the `__main__` block not run).

Held-out cases have neutral names (h01, g01, k01, m01, n01, ...) and their rows are shown without
kinds or messages, so that whoever tunes the grader sees only the figures; --show-heldout shows
them.
Always exits 0: it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import itertools
import re
import shutil
import sys
import tempfile
import time
import tomllib
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.checks.runner import CheckResult, run_checks  # noqa: E402
from autograder.i18n import language  # noqa: E402

CASES = ROOT / "tests" / "diagnosis_cases"
SETS = ("dev", "dev2", "dev3", "dev4", "heldout", "heldout2", "heldout3", "heldout4",
        "heldout5", "correct")
#: The sets whose kinds and messages stay hidden unless --show-heldout.
HELDOUT_SETS = frozenset({"heldout", "heldout2", "heldout3", "heldout4", "heldout5"})
STAGES = (1, 2, 3, 4, 5)
#: Notes that say nothing is wrong (a correct submission may get them).
INFORMATIONAL_NOTES = (re.compile(r"__main__"),)
_module_numbers = itertools.count()


# --- the cases ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One entry of a set's cases.toml."""

    name: str
    set: str
    path: Path
    stage: int | None = None
    spans: tuple[int, ...] = ()
    kind: str = ""
    structural: bool = False
    cause: tuple[tuple[str, ...], ...] = ()
    description: str = ""

    @property
    def own_stages(self) -> tuple[int, ...]:
        """The stages where the mistake lives (empty for a correct variant)."""
        return self.spans or ((self.stage,) if self.stage else ())


def load_cases(set_name: str) -> list[Case]:
    """The cases of one set, in manifest order."""
    folder = CASES / set_name
    manifest = tomllib.loads((folder / "cases.toml").read_text(encoding="utf-8"))
    return [Case(name=name, set=set_name, path=folder / entry["file"],
                 stage=entry.get("stage"), spans=tuple(entry.get("spans", ())),
                 kind=entry.get("kind", ""), structural=entry.get("structural", False),
                 cause=tuple(tuple(group) for group in entry.get("cause", ())),
                 description=entry.get("description", ""))
            for name, entry in manifest.items()]


# --- grading ------------------------------------------------------------------------------

@dataclass
class Graded:
    """What the grader said about one case (error: the grader itself failed)."""

    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""


def grade_sandboxed(cases: list[Case]) -> dict[str, Graded]:
    """Grade each case as `scratchnet grade` does, in a class folder of neutral names.

    Each case is copied as s01.py, s02/, ... so that nothing the grader says can come from
    the case's descriptive name (its file name would otherwise label every note)."""
    from autograder.grading import grade_submission
    from autograder.loading import discover

    graded: dict[str, Graded] = {}
    with tempfile.TemporaryDirectory(prefix="diagnosis-cases-") as temporary:
        folder = Path(temporary)
        neutral = {case.name: neutral_copy(case.path, folder, f"s{i:02d}")
                   for i, case in enumerate(cases, start=1)}
        submissions = {s.name: s for s in discover([folder])}
        for case in cases:
            submission = submissions.get(neutral[case.name])
            if submission is None:
                graded[case.name] = Graded(error="not found by discover()")
                continue
            progress(case)
            try:
                result = grade_submission(submission, stages=STAGES, lang="en")
            except Exception as error:  # the grader's own fault: recorded, the run goes on
                graded[case.name] = Graded(error=f"{type(error).__name__}: {error}")
                continue
            graded[case.name] = Graded(list(result.checks), list(result.notes))
    return graded


def neutral_copy(path: Path, folder: Path, name: str) -> str:
    """Copy a case file (as NAME.py) or folder (as NAME/, its files keeping their names)."""
    if path.is_dir():
        shutil.copytree(path, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(path, folder / f"{name}.py")
    return name


def grade_in_process(cases: list[Case]) -> dict[str, Graded]:
    """Import each case here and run the checks on the module (no loader, no notes)."""
    graded: dict[str, Graded] = {}
    for case in cases:
        progress(case)
        with contextlib.redirect_stdout(io.StringIO()), language("en"):  # students print
            try:
                module: object = import_case(case.path)
            except BaseException:  # what Python itself would refuse: nothing is defined
                module = types.SimpleNamespace()
            graded[case.name] = Graded(run_checks(module, stages=STAGES, seed=0))
    return graded


def import_case(path: Path) -> types.ModuleType:
    """The case's module: the file, or a folder's network.py with its own helper modules."""
    folder, file = (path, path / "network.py") if path.is_dir() else (path.parent, path)
    before = set(sys.modules)
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"_diagnosis_case_{next(_module_numbers)}",
                                                      file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))
        for name in set(sys.modules) - before:  # the helpers go: other cases reuse names
            del sys.modules[name]


def progress(case: Case) -> None:
    print(f"  grading {case.set}/{case.path.name} ...", file=sys.stderr, end="\r", flush=True)


# --- measuring ----------------------------------------------------------------------------

def mentions(text: str, alternative: str) -> bool:
    """Whether text contains alternative (case-insensitive; `name`: as a whole identifier)."""
    if len(alternative) > 2 and alternative[0] == alternative[-1] == "`":
        word = re.escape(alternative[1:-1])
        return re.search(rf"(?<!\w){word}(?!\w)", text, re.IGNORECASE) is not None
    return alternative.lower() in text.lower()


def names_cause(text: str, cause: Iterable[Iterable[str]]) -> bool:
    """Whether text contains at least one alternative of every group."""
    return all(any(mentions(text, alt) for alt in group) for group in cause)


def is_diagnosis_note(note: str) -> bool:
    return not any(pattern.search(note) for pattern in INFORMATIONAL_NOTES)


@dataclass
class Row:
    """The measurements of one case; None where a measure does not apply."""

    case: Case
    lost_stages: tuple[int, ...]
    caught: bool | None = None
    own_only: bool | None = None
    named: bool | None = None
    top: bool | None = None
    once: bool | None = None
    clean: bool | None = None
    first_message: str = ""
    noise: list[str] = field(default_factory=list)
    error: str = ""


def measure(case: Case, graded: Graded) -> Row:
    failed = [c for c in graded.checks if not c.passed]
    lost = tuple(sorted({c.stage for c in failed}))
    row = Row(case, lost, error=graded.error)
    if graded.error:
        return row
    if not case.own_stages:  # a correct variant
        row.noise = [n for n in graded.notes if is_diagnosis_note(n)]
        row.noise += [f"{c.name}: mistake {c.mistake}" for c in graded.checks if c.mistake]
        row.clean = not failed and not row.noise
        row.first_message = failed[0].message if failed else ""
        return row
    own = [c for c in failed if c.stage in case.own_stages]
    row.caught = bool(failed)
    row.own_only = bool(failed) and len(own) == len(failed)
    row.named = names_cause("\n".join([c.message for c in own] + graded.notes), case.cause)
    row.first_message = own[0].message if own else (failed[0].message if failed else "")
    if case.structural:
        naming = [n for n in graded.notes if names_cause(n, case.cause)]
        row.top = bool(naming)
        row.once = bool(naming) and len(naming) == 1 and \
            len(set(graded.notes)) == len(graded.notes)
    return row


# --- printing -----------------------------------------------------------------------------

def mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def label(row: Row, reveal: bool) -> tuple[str, str]:
    """(name, kind) as printed: a held-out case's kind is hidden unless revealed (its name,
    h01, g01, ..., says nothing)."""
    if row.case.set in HELDOUT_SETS and not reveal:
        return row.case.name, "?"
    return row.case.name, row.case.kind


def print_table(set_name: str, rows: list[Row], verbose: bool, reveal: bool) -> None:
    print(f"\n== {set_name} ({len(rows)} cases) ==")
    if set_name == "correct":
        print(f"{'case':34} {'lost in':10} {'clean':6}")
    else:
        print(f"{'case':34} {'kind':22} {'stage':8} {'S':2} {'lost in':10} "
              f"{'caught':7} {'own-only':9} {'named':6} {'top':4} {'once':4}")
    for row in rows:
        name, kind = label(row, reveal)
        lost = ",".join(map(str, row.lost_stages)) or "none"
        if row.error:
            print(f"{name:34} grader error: {row.error}")
            continue
        if set_name == "correct":
            print(f"{name:34} {lost:10} {mark(row.clean):6}")
        else:
            stage = ",".join(map(str, row.case.own_stages))
            print(f"{name:34} {kind:22} {stage:8} {'S' if row.case.structural else '':2} "
                  f"{lost:10} {mark(row.caught):7} {mark(row.own_only):9} "
                  f"{mark(row.named):6} {mark(row.top):4} {mark(row.once):4}")
        if verbose and (reveal or row.case.set not in HELDOUT_SETS):
            if row.first_message:
                print(f"    first failure: {one_line(row.first_message)}")
            for noise in row.noise:
                print(f"    noise: {one_line(noise)}")


def one_line(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def fraction(count: int, total: int) -> str:
    percent = f" ({100 * count / total:.0f}%)" if total else ""
    return f"{count}/{total}{percent}"


def summary_lines(set_name: str, rows: list[Row]) -> list[str]:
    ok = [r for r in rows if not r.error]
    if set_name == "correct":
        clean = sum(bool(r.clean) for r in ok)
        return [f"{set_name:8} correct clean {fraction(clean, len(rows))}"]
    caught = sum(bool(r.caught) for r in ok)
    own_only = sum(bool(r.own_only) for r in ok)
    named = sum(bool(r.named) for r in ok)
    structural = sum(r.case.structural for r in rows)
    top = sum(bool(r.top) for r in ok if r.case.structural)
    once = sum(bool(r.once) for r in ok if r.case.structural)
    return [f"{set_name:8} caught {fraction(caught, len(rows))}, own-stage-only "
            f"{fraction(own_only, len(rows))}, named {fraction(named, len(rows))}, "
            f"structural named at top {fraction(top, structural)} (once {once})"]


# --- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--verbose", action="store_true",
                        help="print each case's first failing message of its stage")
    parser.add_argument("--in-process", action="store_true",
                        help="import the cases here instead of grading them in the sandbox")
    parser.add_argument("--show-heldout", action="store_true",
                        help="show held-out cases' names, kinds and messages")
    args = parser.parse_args(argv)

    chosen = SETS if args.set == "all" else (args.set,)
    grade = grade_in_process if args.in_process else grade_sandboxed
    started = time.perf_counter()
    summaries: list[str] = []
    for set_name in chosen:
        cases = load_cases(set_name)
        graded = grade(cases)
        rows = [measure(case, graded[case.name]) for case in cases]
        print(" " * 70, file=sys.stderr, end="\r")
        print_table(set_name, rows, args.verbose, args.show_heldout)
        summaries += summary_lines(set_name, rows)
    mode = "in-process" if args.in_process else "sandboxed, as scratchnet grade"
    print(f"\n== summary ({mode}, {time.perf_counter() - started:.0f} s) ==")
    print("\n".join(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
