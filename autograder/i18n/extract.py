"""Extracting the grader's messages into the catalog (needs Babel: ``pip install -e .[dev]``).

    python -m autograder.i18n.extract          # extract, update the .po files, compile .mo
    python -m autograder.i18n.extract --check  # exit 1 if any of them is out of date

What is extracted, from every module under ``autograder/`` (``babel.cfg``):

- the first argument of ``tr(...)`` and ``N_(...)``, the first two of ``ntr(...)``;
- the first docstring line of every function decorated with ``@register(...)`` (a check's
  description, shown to students beside its result);
- in ``hints.py``, the label of every mistake with a hint that ``hints.LABELS`` does not
  list: its name in words (``hints.in_words``), which ``hints.mistake_label`` translates.

The same extraction with Babel's own command line::

    pybabel extract -F autograder/i18n/babel.cfg -o autograder/i18n/scratchnet.pot .
    pybabel update -i autograder/i18n/scratchnet.pot -d autograder/i18n/locale -D scratchnet
    pybabel compile -d autograder/i18n/locale -D scratchnet
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import sys
from pathlib import Path

#: Our marker functions and which arguments are messages (Babel's keyword spec).
KEYWORDS = {"tr": None, "N_": None, "ntr": (1, 2)}
I18N_DIR = Path(__file__).parent
ROOT = I18N_DIR.parent.parent
POT_PATH = I18N_DIR / "scratchnet.pot"
LOCALES = ("zh_CN",)


def po_path(locale: str) -> Path:
    """The .po file of `locale` (e.g. "zh_CN")."""
    return I18N_DIR / "locale" / locale / "LC_MESSAGES" / "scratchnet.po"


def extract_scratchnet(fileobj, keywords, comment_tags, options):
    """Babel extraction method: our marker calls, then the checks' descriptions."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    # Babel warns on stderr about every f-string inside a marker call, also the values
    # given to tr() as placeholders (only the message itself must be a plain string)
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(extract_python(io.BytesIO(source), KEYWORDS, comment_tags, options))
    yield from found
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(_is_register(d) for d in node.decorator_list):
            lines = (ast.get_docstring(node) or "").strip().splitlines()
            if lines:
                yield node.lineno, None, lines[0], ["a check's description"]
    if Path(getattr(fileobj, "name", "")).resolve() == ROOT / "autograder" / "hints.py":
        lineno = next((node.lineno for node in tree.body if isinstance(node, ast.FunctionDef)
                       and node.name == "mistake_label"), 1)
        yield from _labels_in_words(lineno)


def _labels_in_words(lineno: int):
    """The labels ``hints.mistake_label`` derives from mistake names, at `lineno`."""
    from autograder import hints

    for name in sorted(set(hints.HINTS) - set(hints.LABELS)):
        yield lineno, None, hints.in_words(name), []


def _is_register(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id == "register") or (
        isinstance(target, ast.Attribute) and target.attr == "register")


def extract_catalog():
    """A fresh Babel Catalog of every message in the code (locations without line numbers)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="scratchnet", version="0.1.0", charset="utf-8")
    method_map = [("autograder/**.py", "autograder.i18n.extract:extract_scratchnet")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, {}, keywords=KEYWORDS, comment_tags=(),
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _po_text(catalog) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, omit_header=False,
             sort_by_file=True, ignore_obsolete=True)
    return buffer.getvalue()


def _mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _stable_header(catalog) -> None:
    """Dates that do not change on every run (so an unchanged catalog stays byte-identical)."""
    import datetime

    fixed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    catalog.creation_date = fixed
    catalog.revision_date = fixed


def updated_files() -> dict[Path, bytes]:
    """What the .pot, each .po and each .mo should hold for the code as it is."""
    from babel.messages.pofile import read_po

    template = extract_catalog()
    _stable_header(template)
    files = {POT_PATH: _po_text(template)}
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=locale, project="scratchnet", version="0.1.0")
        catalog.update(template, no_fuzzy_matching=False)
        _stable_header(catalog)
        catalog.fuzzy = False  # the header entry (new entries keep their own fuzzy flags)
        catalog.last_translator = "scratchnet <i18n>"
        catalog.language_team = "Simplified Chinese"
        catalog.obsolete.clear()
        files[path] = _po_text(catalog)
        files[path.with_suffix(".mo")] = _mo_bytes(catalog)
    return files


def main(argv: list[str] | None = None) -> int:
    """Extract, update and compile the catalogs (with --check: only say which are stale)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a catalog file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, data in updated_files().items():
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(f"{'stale' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
