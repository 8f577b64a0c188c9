"""The diagnosis benchmark's cases are well formed, and its correct variants are correct.

Fast checks only (tests/benchmarks/diagnosis_generalisation.py does the measuring): each
manifest entry names a file or folder that exists and every case there is in a manifest;
stages lie in 1..5; one-bug cases have a kind and cause groups; every case parses (except
those whose mistake is a syntax error, which must not); the correct variants earn full
marks, with no mistake named, when their module is imported here and checked in-process.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import sys
import tomllib
import types
from pathlib import Path

import pytest

from autograder.checks.runner import run_checks
from autograder.i18n import language

CASES = Path(__file__).parent / "diagnosis_cases"
SETS = ("dev", "dev2", "dev3", "dev4", "heldout", "heldout2", "heldout3", "heldout4",
        "heldout5", "correct")
#: The sets of one-bug cases the grader may be tuned on, and those it must not be.
DEV_SETS = ("dev", "dev2", "dev3", "dev4")
HELDOUT_SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5")
NOT_CASES = {"cases.toml", "ruff.toml"}
_numbers = itertools.count()


def manifest(set_name: str) -> dict[str, dict]:
    return tomllib.loads((CASES / set_name / "cases.toml").read_text(encoding="utf-8"))


ENTRIES = [(set_name, name, entry) for set_name in SETS
           for name, entry in manifest(set_name).items()]
IDS = [f"{set_name}/{name}" for set_name, name, _ in ENTRIES]


def sources(path: Path) -> list[Path]:
    """The .py files of a case: the file, or every .py file of its folder."""
    return sorted(path.glob("*.py")) if path.is_dir() else [path]


def import_case(path: Path) -> types.ModuleType:
    """A case's module: the file, or a folder's network.py (with its helpers importable)."""
    folder, file = (path, path / "network.py") if path.is_dir() else (path.parent, path)
    before = set(sys.modules)
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"_diagnosis_case_{next(_numbers)}", file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))
        for name in set(sys.modules) - before:
            del sys.modules[name]


def test_the_sets_have_their_sizes():
    counts = {s: len(manifest(s)) for s in SETS}
    assert counts["dev"] >= 20 and counts["heldout"] >= 20 and counts["correct"] >= 5
    assert counts["dev2"] >= 30 and counts["heldout2"] >= 25
    assert counts["dev3"] >= 30 and counts["heldout3"] >= 25
    assert counts["heldout4"] >= 20
    assert counts["dev4"] >= 30 and counts["heldout5"] >= 20
    structural = {s: sum(e["structural"] for e in manifest(s).values()) for s in SETS
                  if s != "correct"}
    assert structural["dev2"] >= 10 and structural["heldout2"] >= 7
    assert structural["dev3"] >= 10 and structural["heldout3"] >= 8
    assert structural["heldout4"] >= 7
    assert structural["dev4"] >= 10 and structural["heldout5"] >= 7
    kinds = {s: {e["kind"] for e in manifest(s).values()} for s in SETS if s != "correct"}
    assert kinds["heldout"] - kinds["dev"]  # held-out has kinds dev does not


@pytest.mark.parametrize(("set_name", "dev_sets"),
                         [("heldout2", ("dev", "dev2")), ("heldout3", ("dev", "dev2", "dev3")),
                          ("heldout4", ("dev", "dev2", "dev3", "heldout", "heldout2", "heldout3")),
                          ("heldout5", ("dev", "dev2", "dev3", "dev4", "heldout", "heldout2",
                                        "heldout3", "heldout4"))])
def test_later_heldout_sets_are_mostly_of_kinds_the_dev_sets_lack(set_name, dev_sets):
    """At most a third of heldout2's cases share a kind with dev or dev2, of heldout3's
    with dev, dev2 or dev3, and of heldout4's and heldout5's with any earlier set."""
    dev_kinds = {e["kind"] for s in dev_sets for e in manifest(s).values()}
    entries = list(manifest(set_name).values())
    shared = [e for e in entries if e["kind"] in dev_kinds]
    assert 3 * len(shared) <= len(entries)


@pytest.mark.parametrize("set_name", HELDOUT_SETS)
def test_heldout_cases_have_neutral_names(set_name):
    """Held-out names say nothing about the mistake: a letter and a number (h01.py, g07/)."""
    for entry in manifest(set_name).values():
        stem = entry["file"].removesuffix(".py")
        assert stem[0].isalpha() and stem[1:].isdigit(), entry["file"]


@pytest.mark.parametrize("set_name", SETS)
def test_every_case_on_disk_is_in_the_manifest(set_name):
    folder = CASES / set_name
    on_disk = {p.name for p in folder.iterdir()
               if p.name not in NOT_CASES and not p.name.startswith((".", "__"))}
    assert on_disk == {entry["file"] for entry in manifest(set_name).values()}


@pytest.mark.parametrize(("set_name", "name", "entry"), ENTRIES, ids=IDS)
def test_entry_is_well_formed(set_name, name, entry):
    path = CASES / set_name / entry["file"]
    assert path.exists(), f"{path} does not exist"
    if path.is_dir():
        assert (path / "network.py").is_file()
    else:
        assert path.suffix == ".py"
    assert isinstance(entry.get("description"), str) and entry["description"]
    if set_name == "correct":
        assert "stage" not in entry and "cause" not in entry
        return
    stages = [entry["stage"], *entry.get("spans", [])]
    assert all(type(s) is int and 1 <= s <= 5 for s in stages)
    assert entry["stage"] in entry.get("spans", [entry["stage"]])
    assert isinstance(entry["kind"], str) and entry["kind"]
    assert isinstance(entry["structural"], bool)
    cause = entry["cause"]
    assert cause and all(group and all(isinstance(a, str) and a.strip() for a in group)
                         for group in cause)


@pytest.mark.parametrize(("set_name", "name", "entry"), ENTRIES, ids=IDS)
def test_case_parses(set_name, name, entry):
    for file in sources(CASES / set_name / entry["file"]):
        text = file.read_text(encoding="utf-8")
        if entry.get("syntax_error", False):
            with pytest.raises(SyntaxError):
                ast.parse(text, filename=str(file))
        else:
            ast.parse(text, filename=str(file))


CORRECT = [(name, entry) for set_name, name, entry in ENTRIES if set_name == "correct"]


@pytest.mark.parametrize(("name", "entry"), CORRECT, ids=[n for n, _ in CORRECT])
def test_correct_variant_earns_full_marks(name, entry):
    module = import_case(CASES / "correct" / entry["file"])
    with language("en"):
        results = run_checks(module, stages=(1, 2, 3, 4, 5), seed=0)
    assert [(r.name, r.message) for r in results if not r.passed] == []
    assert [(r.name, r.mistake) for r in results if r.mistake is not None] == []
    assert sum(r.points for r in results) == sum(r.max_points for r in results)
