"""Build the nbgrader source notebooks of the course from its documents and its code.

Run from the repository root:

    python assignments/build_notebooks.py            # (re)write assignments/source/*/*.ipynb
    python assignments/build_notebooks.py --check    # exit 1 if a committed notebook is stale

A stage notebook is made of two parts, kept apart so that a teacher edits text as text:

    text/en/<stage>.md    the teaching text (Markdown cells) and the order of every cell;
                          code cells are named there by id (format: text/README.md)
    code/stage<N>_*.py    the code cells by id, as Python (format: code/README.md): setup,
                          the contract functions (a solution in their stage, given code
                          later), visible checks, figures; notebook_code.py makes them
                          nbgrader cells, and adds the graded cells that follow the registry

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
#: The courses, one per language: each an nbgrader course root with its own source/.
COURSES = {"en": ROOT, "zh": ROOT / "zh"}

# The modules beside this script, and this checkout's `autograder` (the checks' descriptions
# and their translations), before any installed copy of it.
for _path in (str(ROOT.parent), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import code_text  # noqa: E402
import documents  # noqa: E402
import notebook_code  # noqa: E402
from notebook_code import (  # noqa: E402,F401 (the tests use these names from here)
    CHECK_CALL,
    STAGE_FUNCTIONS,
    reference_code,
)

from autograder.loading.figures import fingerprint  # noqa: E402

STAGES = {
    1: "01_sigmoid",
    2: "02_feedforward",
    3: "03_loss",
    4: "04_backprop",
    5: "05_training",
    6: "06_activations",
    7: "07_classifier",
}

# --- reading the documents -----------------------------------------------------------------

def md(text: str) -> nbformat.NotebookNode:
    """A Markdown cell."""
    return nbformat.v4.new_markdown_cell(source=text.strip("\n"))


def document_path(stage: int, lang: str = "en") -> Path:
    return TEXT / lang / f"{STAGES[stage]}.md"


def translations(lang: str) -> dict[str, str]:
    """The translations of code-cell text in every document of ``lang``: English -> ``lang``.

    A text is translated once for the course; two different translations of it are an error.
    The graded-check comments are not in the documents: they are made here from the
    document's graded-check frame and the grader's catalog (check_translations).
    """
    table, frame = _pairs(lang)
    generated = check_translations(lang, frame)
    for english in generated:
        if english in table:
            raise documents.DocumentError(
                f"text/{lang}/: a pair translates the graded-check comment of a check "
                f"({english.splitlines()[0]!r}); remove it: these comments are made from "
                "the frame and the grader's catalog")
    return {**table, **generated}


def _pairs(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The pairs of every document of ``lang``: (code text, graded-check frame)."""
    table: dict[str, str] = {}
    frame: dict[str, str] = {}
    for stage in STAGES:
        path = document_path(stage, lang)
        for section in documents.read(path, lang):
            if section.pairs and lang == "en":
                raise documents.DocumentError(f"{path}:{section.line}: the English documents "
                                              "hold no translations")
            for english, translated in section.pairs:
                into = frame if english in notebook_code.CHECK_FRAME else table
                if into.get(english, translated) != translated:
                    raise documents.DocumentError(
                        f"{path}:{section.line}: a second, different translation of "
                        f"{english!r}")
                into[english] = translated
    return table, frame


def check_description(description: str, lang: str) -> str:
    """A check's description in ``lang``: the grader's own translation (its catalog), so the
    notebook says what the feedback says."""
    from autograder.i18n import language, tr

    with language(lang):
        translated = tr(description)
    if translated == description:
        raise documents.DocumentError(
            f"the grader's catalog has no {lang} translation of the check description "
            f"{description!r}: run python -m autograder.i18n.extract, translate it in "
            "autograder/i18n/locale/, then build again")
    return translated


def check_translations(lang: str, frame: dict[str, str]) -> dict[str, str]:
    """The comment of every graded-check cell, English -> ``lang``: the frame from the
    documents (notebook_code.CHECK_FRAME), the description from the grader's catalog.
    Empty when the documents do not give the whole frame (the comments stay untranslated)."""
    if lang == "en" or any(text not in frame for text in notebook_code.CHECK_FRAME):
        return {}
    from autograder.checks import REGISTRY

    out = {}
    for check in REGISTRY:
        english = notebook_code.check_comment(check.name, check.points, check.visibility,
                                              check.description)
        translated = check_description(check.description, lang) \
            if check.visibility == "visible" and check.description else ""
        out[english] = notebook_code.check_comment(check.name, check.points,
                                                   check.visibility, translated, frame)
    return out


def sections_and_cells(stage: int, lang: str = "en"
                       ) -> list[tuple[documents.Section, list[nbformat.NotebookNode]]]:
    """Each section of the stage's document with the cells it makes, code still English."""
    path = document_path(stage, lang)
    code = {cell_name(cell): cell for cell in notebook_code.stage_cells(stage)}
    checks = notebook_code.graded_checks(stage)
    points = sum(cell.metadata["nbgrader"]["points"] for cell in checks)
    placed: set[str] = set()
    out = []
    for section in documents.read(path, lang):
        where = f"{path}:{section.line}"
        if section.kind == "markdown":
            out.append((section, [md(section.text)]))
        elif section.kind == "checks":
            text = section.text.replace("{checks}", str(len(checks)))
            out.append((section, [md(text.replace("{points}", str(points)))]))
        elif section.kind == "graded checks":
            if "graded checks" in placed:
                raise documents.DocumentError(f"{where}: the graded checks appear twice")
            placed.add("graded checks")
            out.append((section, checks))
        else:
            if section.name not in code:
                raise documents.DocumentError(
                    f"{where}: stage {stage} has no code cell {section.name!r} "
                    f"(its cells: {', '.join(code)})")
            if section.name in placed:
                raise documents.DocumentError(f"{where}: code cell {section.name!r} appears "
                                              "twice")
            placed.add(section.name)
            out.append((section, [code[section.name]]))
    missing = [name for name in [*code, "graded checks"] if name not in placed]
    if missing:
        raise documents.DocumentError(f"{path}: these cells are never placed: "
                                      + ", ".join(missing))
    return out


def cells(stage: int, lang: str = "en") -> list[nbformat.NotebookNode]:
    """The cells of one stage in ``lang``, in the order its document gives; the text in code
    cells translated where the documents say how, and the visible checks' call given the
    language (``notebook_code.localise``: the one difference of code between languages)."""
    table = translations(lang) if lang != "en" else {}
    out = []
    for section, made in sections_and_cells(stage, lang):
        for cell in made:
            if cell.cell_type == "code" and table:
                english = cell.source
                cell.source = code_text.translate(english, table)[0]
                wrong = code_text.differences(english, cell.source)
                if wrong:  # a translation may change text only, never code
                    raise documents.DocumentError(
                        f"{document_path(stage, lang)}:{section.line}: a translation in "
                        f"{lang} changes the code of {cell_name(cell)}: " + "; ".join(wrong))
            if cell.cell_type == "code":  # the check cells say the notebook's language
                cell.source = notebook_code.localise(cell.source, lang)
            out.append(cell)
    return out


def untranslated(lang: str) -> list[tuple[int, str, code_text.Piece]]:
    """(stage, cell name, piece) for each text in a code cell that ``lang`` does not
    translate (no pair, or the English copied as a placeholder), in course order, once."""
    table = translations(lang)
    seen: set[str] = set()
    out = []
    for stage in STAGES:
        for cell in cells(stage):  # the English code
            if cell.cell_type != "code":
                continue
            for piece in code_text.pieces(cell.source):
                if piece.is_text and table.get(piece.text, piece.text) == piece.text \
                        and piece.text not in seen:
                    seen.add(piece.text)
                    out.append((stage, cell_name(cell), piece))
    return out


def unused_translations(lang: str) -> list[str]:
    """The English texts ``lang``'s documents translate that no code cell has (stale)."""
    texts = {piece.text for stage in STAGES for cell in cells(stage)
             if cell.cell_type == "code" for piece in code_text.pieces(cell.source)}
    return [english for english in _pairs(lang)[0] if english not in texts]


def sync(lang: str) -> int:
    """Add a pair (the English copied as its placeholder translation) to ``lang``'s
    documents for each text that has none, under the first cell where it appears.
    Returns the number of pairs added."""
    table = translations(lang)
    added = 0
    for stage in STAGES:
        path = document_path(stage, lang)
        lines = path.read_text(encoding="utf-8").split("\n")
        inserts: list[tuple[int, list[str]]] = []
        sections = sections_and_cells(stage, lang)
        for number, (section, made) in enumerate(sections):
            new = []
            for cell in made:
                if cell.cell_type != "code":
                    continue
                for piece in code_text.translate(cell.source, table)[1]:
                    if piece.text in table or "```" in piece.text:
                        continue
                    table[piece.text] = piece.text
                    new += ["```en", piece.text, "```", f"```{lang}", piece.text, "```"]
            if new:
                end = sections[number + 1][0].line - 1 if number + 1 < len(sections) \
                    else len(lines)
                while end > section.line and not lines[end - 1].strip():
                    end -= 1
                inserts.append((end, ["", *new]))
                added += len(new) // 6
        for end, new in reversed(inserts):
            lines[end:end] = new
        path.write_text("\n".join(lines), encoding="utf-8")
    return added


# --- writing -------------------------------------------------------------------------------

def build(stage: int, lang: str = "en") -> nbformat.NotebookNode:
    """The source notebook of one stage, outputs cleared, with deterministic cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    if lang != "en":  # the grader reads the student's language here
        nb.metadata["scratchnet"] = {"lang": lang}
    nb.cells = cells(stage, lang)
    for index, cell in enumerate(nb.cells):
        grade_id = cell_name(cell)
        if "cell" in cell.metadata.get("scratchnet", {}):  # a figure cell: the grader may
            cell.metadata["scratchnet"]["figure"] = fingerprint(cell.source)  # leave it out
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


def notebook_path(stage: int, lang: str = "en") -> Path:
    name = STAGES[stage]
    return COURSES[lang] / "source" / name / f"{name}.ipynb"


def render(stage: int, lang: str = "en") -> str:
    """The notebook file's text, exactly as written to disk."""
    return nbformat.writes(build(stage, lang)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a notebook on disk differs from the build")
    parser.add_argument("--sync", metavar="LANG", choices=[c for c in COURSES if c != "en"],
                        help="add a placeholder pair to LANG's documents for every text of the "
                             "code cells they do not translate yet, then build")
    parser.add_argument("--untranslated", metavar="LANG", choices=list(COURSES),
                        help="list the texts of LANG's code cells that have no translation")
    args = parser.parse_args(argv)
    if args.untranslated:
        for stage, name, piece in untranslated(args.untranslated):
            print(f"{STAGES[stage]} {name} ({piece.kind}): {piece.text.splitlines()[0]}")
        return 0
    if args.sync:
        print(f"added {sync(args.sync)} pairs to text/{args.sync}/")
    stale = []
    for lang in COURSES:
        for stage in STAGES:
            path, text = notebook_path(stage, lang), render(stage, lang)
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT.parent)}")
    if stale:
        print("out of date (run python assignments/build_notebooks.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
