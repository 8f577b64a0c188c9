"""A class of independently written work, and copies planted in it, for the similarity tests
and benchmark.

    honest_files() -> {relative path: text}     # the sample class's author, the reference,
                                                 # the variants, every catalogued mistake
    plant(files) -> (files with copies, planted groups)

The sample class itself is one text with mistakes put in (see
course_data/make_sample_submissions.py), so only one of its students (its stage notebooks,
chen's and quinn's) is taken as an author. The copies are made as a copier would: names
changed, reformatted, functions reordered, comments and docstrings changed, code moved
into a helper, one function rewritten.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import keyword
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "course_data" / "sample_submissions"
_IMPORT_FROM_PROJECT = re.compile(r"^from (solutions|autograder|tests)[\w.]* import \(.*?^\)\n"
                                  r"|^from (solutions|autograder|tests)[\w.]* import [^\n(]*\n",
                                  re.MULTILINE | re.DOTALL)
_KEEP = set(dir(builtins)) | {"np", "math", "self"}


def _module(path: Path) -> str:
    """A module's source without its imports from this project (those are not its code)."""
    return _IMPORT_FROM_PROJECT.sub("", path.read_text(encoding="utf-8"))


def honest_files() -> dict[str, str]:
    """Relative path -> text for each independently written submission."""
    files: dict[str, str] = {}
    for name in ("01_sigmoid", "02_feedforward", "03_loss", "04_backprop", "05_training"):
        files[f"sample/{name}.ipynb"] = (SAMPLE / "chen" / f"{name}.ipynb").read_text()
    for name in ("06_activations", "07_classifier"):
        files[f"sample/{name}.ipynb"] = (SAMPLE / "quinn" / f"{name}.ipynb").read_text()
    variants = ROOT / "tests" / "variants"
    files["v_einsum.py"] = _module(variants / "einsum.py") + "\n\n" + _module(
        variants / "extensions_einsum.py")
    files["v_loops.py"] = _module(variants / "loops.py") + "\n\n" + _module(
        variants / "extensions_loops.py")
    for name in ("plain_python_returns", "seed_style", "tanh_sigmoid"):
        files[f"v_{name}.py"] = _module(variants / f"{name}.py")
    files.update(independent_mistakes())
    return files


def independent_mistakes() -> dict[str, str]:
    """The catalogued mistakes, one for each function they change.

    Each is the reference with one mistake put in, so two that change the same function
    are one text with two edits, not two students' work: the first by name is kept.
    """
    from autograder.contract import ALL_NAMES

    kept: dict[str, str] = {}
    taken: set[str] = set()
    for path in sorted((ROOT / "tests" / "mistakes").glob("*.py")):
        if path.name == "__init__.py":
            continue
        text = _module(path)
        names = {n for n in re.findall(r"^(?:def|class) (\w+)", text, re.M) if n in ALL_NAMES}
        if names & taken:
            continue
        taken |= names
        kept[f"m_{path.stem}.py"] = text
    return kept


def sample_code() -> str:
    """The sample author's code (their notebooks' last cells) as one module."""
    cells = []
    for folder, names in (("chen", ("01_sigmoid", "02_feedforward", "03_loss", "04_backprop",
                                    "05_training")), ("quinn", ("06_activations",
                                                                "07_classifier"))):
        for name in names:
            notebook = json.loads((SAMPLE / folder / f"{name}.ipynb").read_text())
            cells.append("".join(notebook["cells"][-1]["source"]))
    return "import numpy as np\n\n\n" + "\n\n\n".join(cells) + "\n"


# --- what copiers do ---------------------------------------------------------------------

def renamed(source: str, suffix: str = "_mine") -> str:
    """Every name the author chose (variables, parameters, helpers) renamed; the contract's
    names, attributes, keywords, builtins and modules kept."""
    from autograder.contract import ALL_NAMES

    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    out = []
    for i, tok in enumerate(tokens):
        previous = tokens[i - 1].string if i else ""
        if (tok.type == tokenize.NAME and not keyword.iskeyword(tok.string)
                and tok.string not in _KEEP and tok.string not in ALL_NAMES
                and previous != "."):
            tok = tok._replace(string=tok.string.lower() + suffix)
        out.append(tok)
    return tokenize.untokenize(out)


def reformatted(source: str) -> str:
    """Laid out anew (as a formatter would, comments lost)."""
    return ast.unparse(ast.parse(source)) + "\n"


def reordered(source: str) -> str:
    """The top-level definitions in reverse order, the rest first."""
    tree = ast.parse(source)
    lines = source.splitlines()
    rest, definitions = [], []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        text = "\n".join(lines[first - 1:node.end_lineno])
        is_definition = isinstance(node, ast.FunctionDef | ast.ClassDef)
        (definitions if is_definition else rest).append(text)
    return "\n\n".join(rest + definitions[::-1]) + "\n"


def recommented(source: str) -> str:
    """Comments and docstrings taken out, others written in."""
    tree = ast.parse(source)
    lines = source.splitlines()
    drop: set[int] = set()
    inserts: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            body = node.body[0]
            if isinstance(body, ast.Expr) and isinstance(body.value, ast.Constant):
                drop.update(range(body.lineno, body.end_lineno + 1))
                body = node.body[1] if len(node.body) > 1 else body
            indent = " " * body.col_offset
            inserts.setdefault(body.lineno, []).append(
                f'{indent}"""My own {node.name}, written for the homework."""')
            inserts[body.lineno].append(f"{indent}# step by step, as in the lecture")
    out = []
    for number, line in enumerate(lines, start=1):
        out += inserts.get(number, [])
        if number in drop:
            continue
        code = re.sub(r"\s+#.*$", "", line) if "#" in line and '"' not in line else line
        if code.strip().startswith("#"):
            continue
        out.append(code)
    return "\n".join(out) + "\n"


def wrapped(source: str, name: str) -> str:
    """Function `name`'s body moved into a helper that `name` now calls."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    arguments = ", ".join(a.arg for a in node.args.args)
    lines = source.splitlines()
    lines[node.lineno - 1] = lines[node.lineno - 1].replace(f"def {name}(", f"def _{name}_steps(")
    lines.insert(node.lineno - 1, f"def {name}({arguments}):\n    return _{name}_steps("
                                  f"{arguments})\n\n")
    return "\n".join(lines) + "\n"


BACKPROP_REWRITTEN = '''
def backprop(X, Y, W1, W2):
    hidden_in = np.dot(X, W1)
    hidden = 1 / (1 + np.exp(-hidden_in))
    out = 1 / (1 + np.exp(-np.dot(hidden, W2)))
    g_out = (out - Y) * 2 * out * (1 - out)
    g_hidden = np.dot(g_out, W2.T) * hidden * (1 - hidden)
    return np.dot(X.T, g_hidden), np.dot(hidden.T, g_out)
'''


def rewritten(source: str, name: str, replacement: str) -> str:
    """Function `name` replaced by `replacement` (written by the copier)."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    lines = source.splitlines()
    return "\n".join(lines[:node.lineno - 1] + replacement.strip("\n").splitlines()
                     + lines[node.end_lineno:]) + "\n"


def plant(files: dict[str, str]) -> tuple[dict[str, str], list[set[str]]]:
    """`files` with planted copies added; each group holds a source student and its copies
    (every pair inside a group is a copy)."""
    files = dict(files)
    sources = {name: files[f"{name}.py"] for name in ("v_loops", "v_seed_style", "v_einsum",
                                                      "v_tanh_sigmoid",
                                                      "v_plain_python_returns")}
    sources["sample"] = sample_code()
    copies = {
        "c_renamed": renamed(sources["v_loops"]),
        "c_reformatted": reformatted(sources["v_seed_style"]),
        "c_reordered": reordered(sources["v_einsum"]),
        "c_recommented": recommented(sources["sample"]),
        "c_wrapped": wrapped(sources["v_plain_python_returns"], "backprop"),
        "c_rewritten": rewritten(sources["v_tanh_sigmoid"], "backprop", BACKPROP_REWRITTEN),
        "c_everything": reordered(recommented(renamed(reformatted(sources["sample"]),
                                                      "_2"))),
    }
    origin = {"c_renamed": "v_loops", "c_reformatted": "v_seed_style",
              "c_reordered": "v_einsum", "c_recommented": "sample",
              "c_wrapped": "v_plain_python_returns", "c_rewritten": "v_tanh_sigmoid",
              "c_everything": "sample"}
    groups: dict[str, set[str]] = {}
    for copy, text in copies.items():
        files[f"{copy}.py"] = text
        groups.setdefault(origin[copy], {origin[copy]}).add(copy)
    return files, list(groups.values())


def write(files: dict[str, str], root: Path) -> Path:
    """Write `files` under `root` (a class folder) and return it."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
