"""Build the nbgrader source notebooks of the course from its documents and its code.

Run from the repository root:

    python assignments/build_notebooks.py            # (re)write assignments/source/*/*.ipynb
    python assignments/build_notebooks.py --check    # exit 1 if a committed notebook is stale

A stage notebook is made of two parts, kept apart so that a teacher edits text as text:

    text/en/<stage>.md    the teaching text (Markdown cells) and the order of every cell;
                          code cells are named there by id (format: text/README.md)
    notebook_code.py      the code cells by id: setup, the contract functions (a solution in
                          their stage, given code later), visible checks, figures, and the
                          graded cells that follow the check registry

The graded cells follow the registry (`autograder.checks.REGISTRY`): rebuild after any change
to its checks, points or descriptions (tests/test_notebooks.py fails until you do).
Notebooks are written with outputs cleared and deterministic cell ids, so a rebuild of
unchanged text is byte-identical.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "source"
TEXT = ROOT / "text"

if str(ROOT) not in sys.path:  # the two modules beside this script
    sys.path.insert(0, str(ROOT))

import documents  # noqa: E402
import notebook_code  # noqa: E402
from notebook_code import (  # noqa: E402,F401 (the tests use these names from here)
    CHECK_CALL,
    FUNCTIONS,
    STAGE_FUNCTIONS,
    reference_code,
)

STAGES = {
    1: "01_sigmoid",
    2: "02_feedforward",
    3: "03_loss",
    4: "04_backprop",
    5: "05_training",
    6: "06_activations",
    7: "07_classifier",
}

BUILDERS = {1: notebook_code.stage1, 2: notebook_code.stage2, 3: notebook_code.stage3,
            4: notebook_code.stage4, 5: notebook_code.stage5, 6: notebook_code.stage6,
            7: notebook_code.stage7}


# --- reading a document ----------------------------------------------------------------------

def md(text: str) -> nbformat.NotebookNode:
    """A Markdown cell."""
    return nbformat.v4.new_markdown_cell(source=text.strip("\n"))


def document_path(stage: int, lang: str = "en") -> Path:
    return TEXT / lang / f"{STAGES[stage]}.md"


def cells(stage: int, lang: str = "en") -> list[nbformat.NotebookNode]:
    """The cells of one stage, in the order its document gives."""
    path = document_path(stage, lang)
    code = {cell_name(cell): cell for cell in BUILDERS[stage]()}
    checks = notebook_code.graded_checks(stage)
    points = sum(cell.metadata["nbgrader"]["points"] for cell in checks)
    placed: set[str] = set()
    out = []
    for section in documents.read(path, lang):
        where = f"{path}:{section.line}"
        if section.kind == "markdown":
            out.append(md(section.text))
        elif section.kind == "checks":
            text = section.text.replace("{checks}", str(len(checks)))
            out.append(md(text.replace("{points}", str(points))))
        elif section.kind == "graded checks":
            if "graded checks" in placed:
                raise documents.DocumentError(f"{where}: the graded checks appear twice")
            placed.add("graded checks")
            out += checks
        else:
            if section.name not in code:
                raise documents.DocumentError(
                    f"{where}: stage {stage} has no code cell {section.name!r} "
                    f"(its cells: {', '.join(code)})")
            if section.name in placed:
                raise documents.DocumentError(f"{where}: code cell {section.name!r} appears "
                                              "twice")
            placed.add(section.name)
            out.append(code[section.name])
    missing = [name for name in [*code, "graded checks"] if name not in placed]
    if missing:
        raise documents.DocumentError(f"{path}: these cells are never placed: "
                                      + ", ".join(missing))
    return out


# --- writing -------------------------------------------------------------------------------

def build(stage: int) -> nbformat.NotebookNode:
    """The source notebook of one stage, outputs cleared, with deterministic cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.cells = cells(stage)
    for index, cell in enumerate(nb.cells):
        grade_id = cell_name(cell)
        cell.id = f"s{stage}-{index:02d}" + (f"-{grade_id}"[:40] if grade_id else "")
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"stage {stage}: duplicate grade ids {sorted(duplicates)}")
    nbformat.validate(nb)
    return nb


def cell_name(cell: nbformat.NotebookNode) -> str:
    """The nbgrader grade id of a cell, or the name of an open cell (a figure), or "" for
    Markdown."""
    name = cell.metadata.get("nbgrader", {}).get("grade_id")
    return name or cell.metadata.get("scratchnet", {}).get("cell", "")


def notebook_path(stage: int) -> Path:
    name = STAGES[stage]
    return SOURCE / name / f"{name}.ipynb"


def render(stage: int) -> str:
    """The notebook file's text, exactly as written to disk."""
    return nbformat.writes(build(stage)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a notebook on disk differs from the build")
    args = parser.parse_args(argv)
    stale = []
    for stage in STAGES:
        path, text = notebook_path(stage), render(stage)
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT.parent)}")
    if stale:
        print("out of date (run python assignments/build_notebooks.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
