"""Code similarity: planted copies stand out in a class of independent work; what every
student writes alike, and what the course hands out, raises no flag; the report is inert."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.loading import discover
from autograder.similarity import (
    SIMILARITY_DIR,
    compare_submissions,
    remove_similarity_report,
    write_similarity_report,
)
from autograder.similarity.boilerplate import release_code
from autograder.similarity.code import stage_code
from autograder.similarity.tokens import normalised_tokens
from tests.lazy import LazyModule
from tests.similarity_class import (
    BACKPROP_REWRITTEN,
    honest_files,
    plant,
    recommented,
    reformatted,
    renamed,
    reordered,
    write,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
# comparing imports copydetect (and through it matplotlib): only when a test compares
compare = LazyModule("autograder.similarity.compare")
fingerprints = LazyModule("autograder.similarity.fingerprints")
similarity_page = LazyModule("autograder.similarity.page")
ONE_LINER = "import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"


@pytest.fixture(scope="module")
def planted_class(tmp_path_factory):
    files, groups = plant(honest_files())
    root = write(files, tmp_path_factory.mktemp("planted") / "class")
    result = compare_submissions(discover([root]))
    return root, result, groups


def _kinds(source: str) -> list[str]:
    return [t.kind for t in normalised_tokens(source)]


def _planted_pairs(groups) -> set[frozenset]:
    return {frozenset((a, b)) for group in groups for a in group for b in group if a < b}


# --- tokens --------------------------------------------------------------------------------

BACKPROP = '''
def backprop(X, Y, W1, W2):
    """The gradients."""
    Z1 = X @ W1  # hidden layer
    A1 = sigmoid(Z1)
    Y_hat = sigmoid(A1 @ W2)
    dZ2 = -2 * (Y - Y_hat) * Y_hat * (1 - Y_hat)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return (X.T @ dZ1, A1.T @ dZ2)
'''


def test_tokens_ignore_names_layout_comments_and_docstrings():
    assert _kinds(renamed(BACKPROP)) == _kinds(BACKPROP)
    assert _kinds(recommented(BACKPROP)) == _kinds(BACKPROP)
    assert _kinds(reformatted(BACKPROP)) == _kinds(BACKPROP)
    squeezed = BACKPROP.replace("    Z1 = X @ W1  # hidden layer\n    A1 = sigmoid(Z1)\n",
                                "    Z1 = X @ W1; A1 = sigmoid(Z1)\n")
    assert _kinds(squeezed) == _kinds(BACKPROP)


def test_tokens_keep_what_the_code_does():
    other = BACKPROP.replace("dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)", "dZ1 = dZ2 @ W2.T")
    assert _kinds(other) != _kinds(BACKPROP)
    assert "return" in _kinds(BACKPROP) and "V" in _kinds(BACKPROP)
    assert "S" not in _kinds(BACKPROP)  # the docstring is gone


def test_tokens_of_broken_code_are_read_up_to_the_problem():
    kinds = _kinds("def backprop(X, Y):\n    return (X +\n")
    assert kinds[:3] == ["def", "V", "("]


def test_token_places_point_into_the_source():
    source = "x = foo(1)  # c\n"
    assert [source[t.start:t.end] for t in normalised_tokens(source)] == \
        ["x", "=", "foo", "(", "1", ")", "\n"]


# --- what counts as a student's own code ---------------------------------------------------

def test_stage_code_takes_the_contract_functions_and_their_helpers_only():
    cells = ["import numpy as np\nX = np.eye(3)\n",
             "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
             "def _slope(a):\n    return a * (1 - a)\n\n\ndef unused():\n    return 3\n",
             "def backprop(X, Y, W1, W2):\n    A1 = sigmoid(X @ W1)\n    return _slope(A1), X\n"]
    code = stage_code(cells, 4)
    assert [name for name, _ in code.pieces] == ["_slope", "backprop"]  # not X (a parameter)
    assert "unused" not in code.text and "def sigmoid" not in code.text
    assert [name for name, _ in stage_code(cells, 1).pieces] == ["sigmoid"]
    assert stage_code(cells, 3) is None


def test_a_cell_that_does_not_parse_is_still_compared_for_its_stage():
    cells = ["def backprop(X, Y, W1, W2)\n    return X.T @ Y, W1\n"]
    code = stage_code(cells, 4)
    assert code is not None and "return X.T @ Y" in code.text
    assert stage_code(cells, 2) is None


def test_the_release_notebooks_stubs_and_given_code_are_boilerplate():
    fingerprinter = fingerprints.Fingerprinter([release_code(stage) for stage in range(1, 8)])
    for stage in range(1, 8):
        release = release_code(stage)
        assert "raise NotImplementedError()" in release and "BEGIN SOLUTION" not in release
        code = stage_code([release], stage)
        assert code is not None, stage
        assert not fingerprinter.fingerprint(code).hashes, stage
    # Without the boilerplate, the same stubs are code like any other.
    assert fingerprints.Fingerprinter([]).fingerprint(stage_code([release_code(4)], 4)).hashes


def test_untouched_release_notebooks_are_never_compared(tmp_path):
    notebook = json.loads((ROOT / "assignments/source/04_backprop/04_backprop.ipynb")
                          .read_text())
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "### BEGIN SOLUTION" in text:
            head = text.split("### BEGIN SOLUTION")[0]
            cell["source"] = head + "# YOUR CODE HERE\n    raise NotImplementedError()\n"
    for student in ("amy", "bo"):
        (tmp_path / student).mkdir()
        (tmp_path / student / "04_backprop.ipynb").write_text(json.dumps(notebook))
    result = compare_submissions(discover([tmp_path]))
    assert result.pairs == [] and not result.fingerprints


# --- the class ------------------------------------------------------------------------------

def test_planted_copies_rank_above_every_honest_pair(planted_class):
    _, result, groups = planted_class
    planted = _planted_pairs(groups)
    ranks = sorted(p.rank for p in result.pairs if frozenset((p.a, p.b)) in planted)
    honest = [p for p in result.pairs if frozenset((p.a, p.b)) not in planted]
    print(f"\nplanted pairs' ranks: {ranks} of {len(result.pairs)} pairs; best honest pair: "
          f"{honest[0].a} & {honest[0].b}, score {honest[0].score:.1f}; lowest planted "
          f"score {min(p.score for p in result.pairs if p.rank in ranks):.1f}")
    assert len(planted) == 8 and ranks == list(range(1, len(planted) + 1))
    assert all(p.flagged for p in result.pairs if p.rank in ranks)
    assert not any(p.flagged for p in honest)
    assert len(result.students) >= 25  # a class, not a handful


def test_each_disguise_is_seen_in_the_stages_it_touched(planted_class):
    _, result, _ = planted_class
    pairs = {frozenset((p.a, p.b)): p for p in result.pairs}
    wrapped_pair = pairs[frozenset(("c_wrapped", "v_plain_python_returns"))]
    assert wrapped_pair.stages[4].similarity > 0.9  # backprop's body moved into a helper
    rewritten = pairs[frozenset(("c_rewritten", "v_tanh_sigmoid"))]
    assert rewritten.stages[4].similarity < rewritten.stages[5].similarity
    assert rewritten.flagged  # the other functions are still copied
    for copy, source in (("c_renamed", "v_loops"), ("c_reordered", "v_einsum"),
                         ("c_reformatted", "v_seed_style"), ("c_recommented", "sample")):
        assert pairs[frozenset((copy, source))].similarity > 0.95, copy


def test_copies_of_the_planted_kind_are_lost_without_normalisation(planted_class):
    """The normalisation is what finds them: raw text k-grams miss the renamed copy."""
    from copydetect.utils import hashed_kgrams

    root, _, _ = planted_class
    original = (root / "v_loops.py").read_text()
    copy = (root / "c_renamed.py").read_text()
    raw_a, raw_b = set(hashed_kgrams(original, 25)), set(hashed_kgrams(copy, 25))
    assert len(raw_a & raw_b) / len(raw_a) < 0.5
    ours = [fingerprints.Fingerprinter([]).fingerprint(stage_code([text], 4)).hashes
            for text in (original, copy)]
    assert ours[0] == ours[1]


def test_a_whole_class_with_the_same_one_line_sigmoid_raises_no_flag(tmp_path):
    files = honest_files()
    for index in range(12):  # twelve students who only did stage 1, all the same way
        files[f"s{index:02d}/01_sigmoid.py"] = ONE_LINER
    result = compare_submissions(discover([write(files, tmp_path / "class")]))
    stage1 = [p for p in result.pairs if 1 in p.stages and p.stages[1].similarity == 1.0]
    assert len(stage1) >= 66
    assert not any(p.flagged for p in result.pairs)


def test_long_code_the_whole_class_writes_alike_is_judged_by_the_class(tmp_path):
    """Twelve students with the same long training code: alone they are a class that all
    writes it so (no alarm); among independent work, the same code stands out."""
    source = (ROOT / "tests/variants/seed_style.py").read_text()
    alike = {f"s{i:02d}.py": renamed(source, f"_{i}") for i in range(12)}
    alone = compare_submissions(discover([write(alike, tmp_path / "alike")]))
    assert len(alone.pairs) == 66 and all(p.stages[5].similarity == 1.0 for p in alone.pairs)
    assert not alone.flagged
    mixed = {name: text for name, text in honest_files().items() if name != "v_seed_style.py"}
    mixed.update({"s00.py": alike["s00.py"], "s01.py": alike["s01.py"]})
    among = compare_submissions(discover([write(mixed, tmp_path / "mixed")]))
    assert [(p.a, p.b) for p in among.flagged if "s00" in (p.a, p.b)] == [("s00", "s01")]


def test_two_identical_one_liners_alone_raise_no_flag(tmp_path):
    files = {"amy.py": ONE_LINER, "bo.py": ONE_LINER.replace("z", "x")}
    result = compare_submissions(discover([write(files, tmp_path)]))
    (pair,) = result.pairs
    assert pair.stages[1].similarity == 1.0 and not pair.stages[1].counts
    assert not pair.flagged


def test_a_long_copied_backprop_is_flagged_where_the_sigmoids_are_all_alike(tmp_path):
    files = honest_files()
    source = files["v_loops.py"]
    files["copier.py"] = renamed(source)
    for name, text in list(files.items()):  # everyone's sigmoid the same one-liner
        if name.endswith(".py") and "def sigmoid(" in text:
            files[name] = _with_function(text, "sigmoid",
                                         "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))")
    result = compare_submissions(discover([write(files, tmp_path / "class")]))
    top = result.pairs[0]
    assert {top.a, top.b} == {"copier", "v_loops"} and top.flagged
    assert top.stages[4].flagged
    assert sum(p.flagged for p in result.pairs) == 1


def _with_function(source: str, name: str, replacement: str) -> str:
    from tests.similarity_class import rewritten

    return rewritten(source, name, replacement)


def test_a_small_class_is_judged_against_the_fixed_baseline(tmp_path):
    source = (ROOT / "tests/variants/loops.py").read_text()
    files = {"amy.py": source, "bo.py": reordered(renamed(source)), "cy.py": ONE_LINER}
    result = compare_submissions(discover([write(files, tmp_path)]))
    assert result.baselines[4].fallback
    assert [(p.a, p.b) for p in result.flagged] == [("amy", "bo")]


def test_nothing_is_fetched_while_comparing_and_reporting(tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the similarity report tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    source = (ROOT / "tests/variants/loops.py").read_text()
    root = write({"amy.py": source, "bo.py": renamed(source)}, tmp_path / "class")
    result = compare_submissions(discover([root]))
    assert write_similarity_report(tmp_path / "out", result).is_file()


def test_code_too_deep_to_parse_is_left_out_not_fatal(tmp_path):
    deep = "def sigmoid(z):\n    return " + " + ".join(["z"] * 200_000) + "\n"
    files = {"amy.py": ONE_LINER, "bo.py": ONE_LINER, "deep.py": deep}
    result = compare_submissions(discover([write(files, tmp_path)]))
    assert result.students == ["amy", "bo", "deep"]
    assert [(p.a, p.b) for p in result.pairs] == [("amy", "bo")]  # deep has no code to compare


def test_a_fault_reading_one_student_leaves_only_that_student_out(tmp_path, monkeypatch):
    import autograder.similarity.code as code

    real = code.load

    def load(submission, stages=None):
        if submission.student == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        return real(submission, stages)

    monkeypatch.setattr(code, "load", load)
    files = {"amy.py": ONE_LINER, "bo.py": ONE_LINER, "deep.py": ONE_LINER}
    result = compare_submissions(discover([write(files, tmp_path)]))
    assert [note.split(":")[0] for note in result.notes] == ["deep"]
    assert [(p.a, p.b) for p in result.pairs] == [("amy", "bo")]


def test_stricter_settings_flag_less(planted_class):
    root, result, _ = planted_class
    strict = compare_submissions(discover([root]), settings=compare.Settings(min_shared=10_000))
    assert result.flagged and not strict.flagged


# --- report, command, class report ---------------------------------------------------------

def test_the_report_marks_shared_code_and_is_inert(tmp_path):
    hostile = ("import numpy as np\n\n\ndef backprop(X, Y, W1, W2):\n"
               "    note = '</pre><script>alert(1)</script><img src=x onerror=alert(2)>'\n"
               + "\n".join(f"    X{i} = np.tanh(X @ W1 + {i}) * (W2.T @ Y.T) - {i}"
                           for i in range(8)) + "\n    return X0, note\n")
    files = {"amy.py": hostile, "bo.py": renamed(hostile), "cy.py": BACKPROP_REWRITTEN}
    root = write(files, tmp_path / "class")
    result = compare_submissions(discover([root]))
    index = write_similarity_report(tmp_path / "out", result)
    folder = index.parent
    pages = sorted((folder / "pairs").glob("*.html"))
    assert (folder / "pairs" / "amy__bo.html") in pages
    for page in [index] + pages:
        text = page.read_text()
        assert "<script" not in text and "<img src=x" not in text  # inert text only
        assert "http://" not in text and "https://" not in text  # nothing fetched
    text = (folder / "pairs" / "amy__bo.html").read_text()
    assert "&lt;/pre&gt;&lt;script&gt;" in text and "<mark>" in text
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["flagged"] == 1 and summary["shown"][0]["page"] == "pairs/amy__bo.html"


def test_marked_escapes_and_marks_the_spans():
    assert similarity_page.marked("a<b>c", [(1, 4)], [(0, 1)]) == \
        '<span class="given">a</span><mark>&lt;b&gt;</mark>c'


@pytest.mark.slow
def test_command_prints_ranked_pairs_as_json_with_grade_names(planted_class, tmp_path):
    root, result, groups = planted_class
    run = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "similarity", str(root), "--out",
         str(tmp_path), "--format", "json"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "1"}, timeout=300)
    assert run.returncode == 0, run.stderr
    pairs = json.loads(run.stdout)
    names = {s.student for s in discover([root])}
    assert all({"a", "b", "score", "flagged"} <= set(p) for p in pairs)
    assert {p["a"] for p in pairs} | {p["b"] for p in pairs} <= names
    scores = [(not p["flagged"], -p["score"]) for p in pairs]
    assert scores == sorted(scores)
    assert {frozenset((p["a"], p["b"])) for p in pairs if p["flagged"]} == \
        _planted_pairs(groups)
    assert (tmp_path / SIMILARITY_DIR / "index.html").is_file()
    # The same answer under another string-hash seed: the fingerprints are stable.
    again = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "similarity", str(root), "--out",
         str(tmp_path / "again"), "--format", "json"], capture_output=True, text=True,
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "2"},
        timeout=300)
    assert json.loads(again.stdout) == pairs


def test_command_rejects_a_bad_stage_and_a_missing_path(tmp_path):
    for argv in (["similarity", str(tmp_path), "--stage", "9"],
                 ["similarity", str(tmp_path / "nothing")]):
        run = subprocess.run([sys.executable, "-m", "autograder.cli", *argv],
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
        assert run.returncode == 2 and "scratchnet similarity:" in run.stderr


def test_command_compares_only_the_stage_asked_for(planted_class):
    root, _, _ = planted_class
    result = compare_submissions(discover([root]), stages=(4,))
    assert result.stages() == [4]
    assert all(set(p.stages) == {4} for p in result.pairs)


def test_class_report_has_the_similarity_section(tmp_path):
    from autograder.report import write_report

    source = (ROOT / "tests/variants/loops.py").read_text()
    root = write({"amy.py": source, "bo.py": renamed(source)}, tmp_path / "class")
    out = tmp_path / "out"
    write_similarity_report(out, compare_submissions(discover([root])))
    page = write_report(out, results=[]).read_text()
    assert "<h2>Code similarity</h2>" in page and "amy &amp; bo" in page
    assert f'href="{SIMILARITY_DIR}/pairs/amy__bo.html"' in page
    remove_similarity_report(out)
    assert "Code similarity" not in write_report(out, results=[]).read_text()


@pytest.mark.sandbox
@pytest.mark.slow
def test_grade_of_two_students_writes_the_similarity_report(tmp_path):
    source = (ROOT / "tests/variants/seed_style.py").read_text()
    root = write({"amy.py": source, "bo.py": renamed(source)}, tmp_path / "class")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(root),
                          "--out", str(out), "--stage", "1", "--workers", "1"],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (out / SIMILARITY_DIR / "index.html").is_file()
    assert "<h2>Code similarity</h2>" in (out / "report.html").read_text()
    results = json.loads((out / "amy" / "results.json").read_text())
    assert "similar" not in json.dumps(results).lower()  # nothing of it reaches a student


# --------------------------------------------------------------- beside the grading

@pytest.mark.slow
def test_the_report_made_beside_the_grading_is_the_one_made_in_line(tmp_path):
    from autograder.similarity.background import start_report

    submissions = discover([SAMPLES])
    pending = start_report(submissions, None, tmp_path / "beside")
    message = pending.finish()
    assert message.startswith("code similarity: ") and "pairs flagged" in message
    in_line = compare_submissions(submissions)
    summary = json.loads((tmp_path / "beside" / "_similarity" / "summary.json").read_text())
    write_similarity_report(tmp_path / "in-line", in_line)
    assert summary == json.loads((tmp_path / "in-line" / "_similarity" / "summary.json")
                                 .read_text())


def test_a_report_that_fails_says_why_and_leaves_no_stale_summary(tmp_path, monkeypatch):
    from autograder.similarity import background

    old = tmp_path / "_similarity" / "summary.json"
    old.parent.mkdir()
    old.write_text("{}")

    def broken(*_args, **_kwargs):
        raise ValueError("no tokens today")

    monkeypatch.setattr(background, "compare_submissions", broken)
    message = background.start_report(discover([SAMPLES]), None, tmp_path).finish()
    assert message == ("scratchnet grade: the code-similarity report could not be written: "
                       "ValueError: no tokens today")
    assert not old.exists()


#: Independent ways of writing the same canonical code (each changes the normalised tokens).
CANONICAL_EDITS = [
    ("X @ W1", "np.dot(X, W1)"), ("A1 @ W2", "np.dot(A1, W2)"),
    ("    s = sigmoid(z)\n    return s * (1 - s)", "    return sigmoid(z) * (1 - sigmoid(z))"),
    ("float(np.sum((Y - Y_hat) ** 2))", "float(((Y - Y_hat) ** 2).sum())"),
    ("delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)",
     "delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(Z1)"),
    ("dW2 = -(A1.T @ delta2)", "dW2 = -np.dot(A1.T, delta2)"),
    ("delta2 = 2 * (Y - Y_hat) * sigmoid_derivative(Z2)",
     "delta2 = -2 * (Y_hat - Y) * sigmoid_derivative(Z2)"),
]


def test_a_renamed_reordered_copy_of_a_short_canonical_submission_is_flagged(tmp_path):
    """A class that all writes the canonical code: no stage stands out for a copied pair,
    but identity over a whole submission of hundreds of tokens does (issue 21, item 12)."""
    import itertools

    ada = (SAMPLES / "ada.py").read_text().split("if __name__")[0]
    sources = {"ada.py": ada, "copier.py": renamed(reordered(ada), "_x")}
    for k, edits in enumerate(itertools.islice(
            itertools.combinations(CANONICAL_EDITS, 3), 10)):
        text = ada
        for old, new in edits:
            text = text.replace(old, new)
        sources[f"s{k:02d}.py"] = renamed(text, f"_{k}")
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    students = discover([tmp_path])
    result = compare_submissions(students, stages=(1, 2, 3, 4, 5))
    assert [(p.a, p.b, p.reasons) for p in result.flagged] == [
        ("ada", "copier", ["whole submission"])]
    # without the whole-submission rule, the class's canonical code hides the copy
    blind = compare_submissions(students, stages=(1, 2, 3, 4, 5),
                                settings=compare.Settings(whole_similarity=2.0))
    assert blind.flagged == []
