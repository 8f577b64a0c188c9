"""Loading submissions: notebooks, .py files, folders, nbgrader's layout, broken input."""

import importlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.loading import (
    LoadError,
    discover,
    find_submissions,
    load,
    parse_stage_option,
    read_notebook,
    read_python,
)
from autograder.loading.discover import MAX_DEPTH, MAX_ENTRIES
from autograder.loading.magics import translate_cell
from autograder.loading.model import MAX_NOTEBOOK_BYTES
from autograder.loading.stages import defined_names, stage_from_name
from tests.lazy import LazyModule

nbformat = LazyModule("nbformat")

discover_module = importlib.import_module("autograder.loading.discover")  # not the function
SIGMOID = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"


def write_notebook(path: Path, sources: list, metadata: dict | None = None) -> Path:
    """A notebook of code cells; a source may be (text, nbgrader-metadata) instead of text."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(metadata or {})
    for source in sources:
        text, grader = source if isinstance(source, tuple) else (source, None)
        cell = nbformat.v4.new_code_cell(text)
        if grader is not None:
            cell.metadata["nbgrader"] = grader
        nb.cells.append(cell)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# Stage"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


# --- IPython syntax --------------------------------------------------------------------

@pytest.mark.parametrize("cell", [
    "!touch {marker}",
    "files = !touch {marker}",
    "%system touch {marker}",
    "%sx touch {marker}",
    "%%bash\ntouch {marker}",
    "%%sh\ntouch {marker}",
    "%%script bash\ntouch {marker}",
    "%%capture\n!touch {marker}",
    "%pip install --target {marker} numpy",
    "if True:\n    !touch {marker}",
])
def test_shell_escapes_are_never_run(tmp_path, cell):
    marker = tmp_path / "marker"
    code, notes = translate_cell(cell.format(marker=marker))
    if code is not None:
        exec(compile(code, "<cell>", "exec"), {})  # the translated cell is plain Python
    assert not marker.exists()
    assert notes and "not run" in notes[0]


def test_magics_are_translated_and_python_is_untouched():
    assert translate_cell(SIGMOID) == (SIGMOID, [])
    code, notes = translate_cell("%matplotlib inline\nx = 1\nsigmoid?\n%time y = x + 1")
    namespace: dict = {}
    exec(code, namespace)
    assert (namespace["x"], namespace["y"], notes) == (1, 2, [])
    code, _ = translate_cell("%%time\nz = 3\n!ls")
    exec(code, namespace)
    assert namespace["z"] == 3


def test_translation_keeps_line_numbers_and_strings():
    code, notes = translate_cell('!pip install x\ns = """\n!not a command\n"""\nboom(')
    assert code.splitlines()[2] == "!not a command"  # inside a string: left alone
    assert len(code.splitlines()) == 5 and notes == [
        "line 1: `!pip install x` was not run (the grader never runs shell commands)"]


# --- notebooks ---------------------------------------------------------------------------

def test_notebook_code_cells_in_order_without_nbgrader_tests(tmp_path):
    test_cell = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    answer = {"grade": False, "solution": True, "grade_id": "a"}
    path = write_notebook(tmp_path / "04_backprop.ipynb", [
        "import numpy as np", ("def f():\n    return 1", answer), ("assert f() == 1", test_cell),
        "", "!pip install numpy\ng = 2"])
    unit = read_notebook(path, "04_backprop.ipynb")
    assert unit.stage == 4
    assert unit.cells == ["import numpy as np", "def f():\n    return 1", "pass\ng = 2"]
    assert unit.notes == ["code cell 5, line 1: `!pip install numpy` was not run (the grader "
                          "never runs shell commands)"]


def test_a_zero_point_test_cell_is_a_visible_check_and_kept_as_code(tmp_path):
    """The course's visible checks are nbgrader test cells worth 0 points (so Validate sees
    them fail): they run like any code, as under nbgrader autograde; graded ones do not."""
    visible = {"grade": True, "solution": False, "locked": True, "grade_id": "test_f",
               "points": 0}
    graded = {**visible, "grade_id": "check_f", "points": 2}
    odd = [{**visible, "points": bad} for bad in ("0", None, True)]  # not a number 0: a test
    path = write_notebook(tmp_path / "01_sigmoid.ipynb", [
        SIGMOID, ("assert sigmoid(0) == 0.5", visible), ("run_check()", graded),
        *(("odd()", meta) for meta in odd), "done = True"])
    unit = read_notebook(path, "01_sigmoid.ipynb")
    assert unit.cells == [SIGMOID, "assert sigmoid(0) == 0.5", "done = True"]
    assert unit.cell_names == ["code cell 1", "code cell 2", "code cell 7"]


def test_stage_from_metadata_beats_the_name(tmp_path):
    path = write_notebook(tmp_path / "01_sigmoid.ipynb", ["x = 1"], {"scratchnet": {"stage": 3}})
    assert read_notebook(path, "n").stage == 3
    assert read_notebook(write_notebook(tmp_path / "alice.ipynb", ["x = 1"]), "a").stage is None


@pytest.mark.parametrize("name, stage", [
    ("01_sigmoid.ipynb", 1), ("2-feedforward", 2), ("stage3", 3), ("stage_4_backprop.py", 4),
    ("05_training", 5), ("backprop.ipynb", 4), ("alice.ipynb", None), ("06_activations", 6),
    ("07_classifier.ipynb", 7), ("classifier", 7), ("08_extra", None), ("10_sigmoid", None),
    # a .py file named by a bare word is as often a student's helper module
    ("classifier.py", None), ("activations.py", None), ("loss.py", None)])
def test_stage_from_name(name, stage):
    assert stage_from_name(name) == stage


@pytest.mark.parametrize("content, reason", [
    (b"", "is empty"),
    (b'{"cells": [', "not JSON"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8"),
    ('{"metadata": {}, "cells": []}'.encode("latin-1"), "not an nbformat 4"),
    (b"[1, 2, 3]", "not a notebook"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                 "worksheets": [{"cells": []}]}).encode(), "nbformat 3"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}).encode(), "no list"),
    ('{"nbformat": 4, "cells": [], "metadata": {"author": "Zoë"}}'.encode("latin-1"),
     "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_broken_notebooks_give_a_reason(tmp_path, content, reason):
    path = tmp_path / "bob.ipynb"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        read_notebook(path, "bob.ipynb")


def test_a_huge_notebook_is_refused_without_parsing_it(tmp_path):
    path = tmp_path / "images.ipynb"
    with open(path, "wb") as handle:  # 100 MiB (sparse): far over the limit
        handle.truncate(100 * 2**20)
    assert path.stat().st_size > MAX_NOTEBOOK_BYTES
    with pytest.raises(LoadError, match="100 MiB, over the 20 MiB limit.*clear the outputs"):
        read_notebook(path, "images.ipynb")


# --- .py files ---------------------------------------------------------------------------

def test_python_file_split_per_statement_without_main_block(tmp_path):
    path = tmp_path / "alice.py"
    path.write_text(SIGMOID + "\n@staticmethod\ndef g():\n    pass\n\n"
                    "if __name__ == '__main__':\n    print(sigmoid(0))\n")
    unit = read_python(path, "alice.py")
    assert unit.stage is None and len(unit.cells) == 3
    assert unit.cells[2].lstrip("\n").startswith("@staticmethod\ndef g():")
    assert "__main__" in unit.notes[0]
    namespace: dict = {}
    for cell in unit.cells:
        exec(compile(cell, "alice.py", "exec"), namespace)
    assert namespace["sigmoid"](0) == 0.5


def test_python_file_with_a_syntax_error_keeps_the_other_functions(tmp_path):
    path = tmp_path / "03_loss.py"
    path.write_text(SIGMOID + "\ndef broken(:\n    pass\n\ndef h():\n    return 3\n")
    unit = read_python(path, "03_loss.py")
    assert unit.stage == 3 and "syntax error near line 6" in unit.notes[0]
    namespace: dict = {}
    for cell in unit.cells:
        try:
            exec(compile(cell, "03_loss.py", "exec"), namespace)
        except SyntaxError as error:
            assert error.lineno == 6  # line numbers are the file's
    assert namespace["h"]() == 3 and namespace["sigmoid"](0) == 0.5


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"), (b"\n  \n", "no code"), (b"x = 1\x00\x01", "binary"),
    ("# é\nx = 1\n".encode("latin-1"), "not UTF-8 text"),
])
def test_broken_python_files_give_a_reason(tmp_path, content, reason):
    path = tmp_path / "bob.py"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        read_python(path, "bob.py")


# --- finding submissions ---------------------------------------------------------------------

def test_class_folder_layouts(tmp_path):
    write_notebook(tmp_path / "alice.ipynb", [SIGMOID])
    (tmp_path / "bob.py").write_text(SIGMOID)
    write_notebook(tmp_path / "carol" / "work" / "01_sigmoid.ipynb", [SIGMOID])
    write_notebook(tmp_path / "carol" / ".ipynb_checkpoints" / "01_sigmoid.ipynb", [SIGMOID])
    (tmp_path / "carol" / "notes.txt").write_text("not code")
    (tmp_path / "dave").mkdir()
    (tmp_path / "README.md").write_text("the class")
    subs = discover([tmp_path])
    assert [s.student for s in subs] == ["alice", "bob", "carol", "dave"]
    assert [f.label for f in subs[2].files] == ["work/01_sigmoid.ipynb"]
    assert subs[3].files == ()


def test_a_folder_of_stage_notebooks_is_one_student(tmp_path):
    for name in ("01_sigmoid", "02_feedforward"):
        write_notebook(tmp_path / "erin" / f"{name}.ipynb", [SIGMOID])
    subs = discover([tmp_path / "erin"])
    assert [(s.student, len(s.files)) for s in subs] == [("erin", 2)]


def test_nbgrader_layout_detected_and_filtered(tmp_path):
    for student in ("ann", "bo"):
        for assignment in ("01_sigmoid", "02_feedforward"):
            folder = tmp_path / "submitted" / student / assignment
            write_notebook(folder / f"{assignment}.ipynb", [SIGMOID])
            (folder / "timestamp.txt").write_text("2026-01-01 00:00:00")
    everything = discover([tmp_path])
    assert [(s.student, len(s.files)) for s in everything] == [("ann", 2), ("bo", 2)]
    assert [f.stage for f in everything[0].files] == [1, 2]
    only = discover([tmp_path / "submitted"], nbgrader_assignment="02_feedforward")
    assert [(s.student, [f.label for f in s.files]) for s in only] == [
        ("ann", ["02_feedforward.ipynb"]), ("bo", ["02_feedforward.ipynb"])]
    plan = load(only[0])
    assert [(u.label, stages) for u, stages in plan.runs] == [("02_feedforward.ipynb", (2,))]


def test_names_are_unique_and_safe_and_missing_paths_fail(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Zoë Smith.py").write_text(SIGMOID)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "Zoë Smith.py").write_text(SIGMOID)
    subs = discover([tmp_path / "a" / "Zoë Smith.py", tmp_path / "b" / "Zoë Smith.py"])
    ids = [s.student for s in subs]  # two different students, neither's name kept as is
    assert len(set(ids)) == 2 and all(re.fullmatch(r"Zoë_Smith-[0-9a-f]{6}", i) for i in ids)
    assert [s.name for s in subs] == ["Zoë Smith", "Zoë Smith"]
    assert ids == [s.student for s in discover([tmp_path / "a" / "Zoë Smith.py",
                                                tmp_path / "b" / "Zoë Smith.py"])]
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "nobody"])


def test_content_hash_follows_content_only(tmp_path):
    path = tmp_path / "alice.py"
    path.write_text(SIGMOID)
    first = discover([path])[0].content_hash
    assert discover([path])[0].content_hash == first
    path.write_text(SIGMOID + "\n")
    assert discover([path])[0].content_hash != first


# --- which code grades which stage -----------------------------------------------------

def test_plan_for_stage_notebooks_a_module_and_broken_files(tmp_path):
    write_notebook(tmp_path / "s" / "01_sigmoid.ipynb", [SIGMOID])
    (tmp_path / "s" / "02_feedforward.ipynb").write_text("{ not json")
    (tmp_path / "s" / "helpers.py").write_text(SIGMOID)
    sub = discover([tmp_path / "s"])[0]
    plan = load(sub)
    assert [(u.label, st) for u, st in plan.runs] == [("01_sigmoid.ipynb", (1,)),
                                                      ("helpers.py", (2, 3, 4, 5))]
    assert plan.missing == {} and plan.stages == (1, 2, 3, 4, 5)

    (tmp_path / "s" / "helpers.py").unlink()
    plan = load(discover([tmp_path / "s"])[0])
    assert [st for _, st in plan.runs] == [(1,)]
    assert list(plan.missing) == [2] and "not JSON" in plan.missing[2]
    plan = load(discover([tmp_path / "s"])[0], stages=(3,))
    assert plan.runs == [] and "no notebook or .py file for stage 3" in plan.missing[3]


def test_plan_for_an_unreadable_or_empty_submission_covers_every_stage(tmp_path):
    (tmp_path / "bob.ipynb").write_bytes(b"")
    (tmp_path / "carl").mkdir()
    bob, carl = discover([tmp_path])
    assert load(bob).stages == (1, 2, 3, 4, 5)
    assert "is empty" in load(bob).missing[1]
    assert load(carl).stages == (1, 2, 3, 4, 5) and load(carl).notes


def test_plan_for_an_unreadable_stage_notebook_alone_covers_its_stage(tmp_path):
    (tmp_path / "dan").mkdir()
    (tmp_path / "dan" / "03_loss.ipynb").write_text("{ not json")
    plan = load(discover([tmp_path])[0])
    assert plan.stages == (3,) and plan.runs == []
    assert "not JSON" in plan.missing[3]


def test_plan_grades_stages_6_and_7_only_for_code_that_defines_their_names(tmp_path):
    (tmp_path / "core.py").write_text(SIGMOID)
    (tmp_path / "more.py").write_text(SIGMOID + "\ndef softmax(Z):\n    return Z\n")
    (tmp_path / "all.py").write_text(SIGMOID + "from numpy import tanh\nsoftmax = None\n")
    every, core, more = discover([tmp_path])  # sorted by name: all, core, more
    assert load(core).stages == (1, 2, 3, 4, 5)
    assert load(more).stages == (1, 2, 3, 4, 5, 7)
    assert load(every).stages == (1, 2, 3, 4, 5, 6, 7)
    assert load(core, stages=(6,)).stages == (6,)  # asked for: graded (and zero) anyway

    write_notebook(tmp_path / "s" / "06_activations.ipynb", ["def relu(z):\n    return z\n"])
    write_notebook(tmp_path / "s" / "07_classifier.ipynb", ["def softmax(Z):\n    return Z\n"])
    plan = load(discover([tmp_path / "s"])[0])
    assert [(u.label, st) for u, st in plan.runs] == [("06_activations.ipynb", (6,)),
                                                      ("07_classifier.ipynb", (7,))]


def test_defined_names_reads_code_without_running_it():
    cells = ["import numpy as np\nfrom numpy import tanh as th\nX, (a, b) = 1, (2, 3)\n",
             "class Net:\n    pass\ndef relu(z):\n    raise SystemExit\n",
             "def softmax(Z):\n    return Z +\n"]  # does not parse: def lines still count
    assert defined_names(cells) == {"np", "th", "X", "a", "b", "Net", "relu", "softmax"}


@pytest.mark.parametrize("text, stages", [
    ("all", None), ("3", (3,)), ("1-3", (1, 2, 3)), ("2,5", (2, 5)), (" ALL ", None),
    ("6", (6,)), ("7", (7,)), ("6-7", (6, 7)), ("1-7", (1, 2, 3, 4, 5, 6, 7))])
def test_stage_option(text, stages):
    assert parse_stage_option(text) == stages


@pytest.mark.parametrize("text", ["0", "8", "3-1", "x", "1-9", ""])
def test_bad_stage_option(text):
    with pytest.raises(ValueError):
        parse_stage_option(text)


def test_sample_class_loads_with_the_expected_spread():
    subs = discover([Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"])
    assert 10 <= len(subs) <= 30
    unreadable = {s.student for s in subs if load(s).missing}
    assert unreadable == {"hana", "lou", "pat"}
    chen = next(s for s in subs if s.student == "chen")
    assert [st for _, st in load(chen).runs] == [(1,), (2,), (3,), (4,), (5,)]


# --- links, limits and shapes that must not hurt the grader ---------------------------------

LINK_NOTE = "is a symbolic link; scratchnet reads only regular files inside the student's folder"


def nested_folders(top: Path, depth: int, leaf: str = "deep.py") -> None:
    """`depth` folders inside one another below `top`, a .py file in the last one (made
    through descriptors: the whole path is far longer than PATH_MAX)."""
    top.mkdir(parents=True)
    fd = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
    with open(os.open(leaf, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
        handle.write(SIGMOID)
    os.close(fd)


def remove_nested(top: Path) -> None:
    """Remove what `nested_folders` made, one level at a time (shutil.rmtree, and so
    pytest's own clean-up, recurses and fails on 1,200 levels)."""
    pending, moved = [top], 0
    while pending:
        folder = pending.pop()
        if (folder / "d").is_dir():
            moved += 1
            os.rename(folder / "d", top.parent / f".flat{moved}")
            pending.append(top.parent / f".flat{moved}")
        shutil.rmtree(folder)


@pytest.fixture
def nest():
    """nest(top, depth): nested_folders, removed again after the test."""
    made: list[Path] = []

    def make(top: Path, depth: int) -> None:
        nested_folders(top, depth)
        made.append(top)
    yield make
    for top in made:
        remove_nested(top)


def reasons(plan) -> set[str]:
    return set(plan.missing.values())


def test_a_file_link_to_a_classmate_or_outside_is_refused(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "solution.py").write_text(SIGMOID)
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ada.py").write_text(SIGMOID)
    (tmp_path / "class" / "mallory.py").symlink_to("ada.py")
    (tmp_path / "class" / "sol.py").symlink_to(tmp_path / "outside" / "solution.py")
    ada, mallory, sol = discover([tmp_path / "class"])
    assert (ada.student, mallory.student, sol.student) == ("ada", "mallory", "sol")
    assert load(ada).runs and not load(ada).missing
    for sub, name in ((mallory, "mallory.py"), (sol, "sol.py")):
        plan = load(sub)
        assert plan.runs == [] and plan.stages == (1, 2, 3, 4, 5)
        assert reasons(plan) == {f"{name} {LINK_NOTE}"}


def test_links_inside_a_students_folder_are_zero_for_what_they_would_supply(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET_4f2a = 1\n")
    (tmp_path / "elsewhere").mkdir()
    write_notebook(tmp_path / "elsewhere" / "02_feedforward.ipynb", [SIGMOID])
    bob = tmp_path / "class" / "bob"
    write_notebook(bob / "01_sigmoid.ipynb", [SIGMOID])
    (bob / "03_loss.ipynb").symlink_to(secret)
    (bob / "stage_2").symlink_to(tmp_path / "elsewhere")
    (sub,) = discover([tmp_path / "class"])
    assert [f.label for f in sub.files] == ["01_sigmoid.ipynb", "03_loss.ipynb"]
    assert sub.notes == (f"stage_2 {LINK_NOTE}",)
    assert sub.unread == ((2, f"stage_2 {LINK_NOTE}"),)  # the folder is named for stage 2
    plan = load(sub)
    assert [(u.label, st) for u, st in plan.runs] == [("01_sigmoid.ipynb", (1,))]
    assert plan.missing == {2: f"stage_2 {LINK_NOTE}", 3: f"03_loss.ipynb {LINK_NOTE}"}
    assert f"stage_2 {LINK_NOTE}" in plan.notes
    assert all("TOPSECRET" not in cell for u, _ in plan.runs for cell in u.cells)


def test_a_folder_link_and_a_path_that_is_a_link_are_not_followed(tmp_path):
    write_notebook(tmp_path / "real" / "01_sigmoid.ipynb", [SIGMOID])
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "carl").symlink_to(tmp_path / "real")
    (sub,) = discover([tmp_path / "class"])
    assert (sub.student, sub.files) == ("carl", ())
    assert reasons(load(sub)) == {f"carl {LINK_NOTE}"}
    (tmp_path / "link.py").symlink_to(tmp_path / "class" / "nothing.py")  # dangling
    found = find_submissions([tmp_path / "link.py"])
    assert found.notes and "symbolic link" in found.notes[0]
    assert reasons(load(found.submissions[0])) == {f"link.py {LINK_NOTE}"}


def test_a_file_swapped_for_a_link_after_discovery_is_still_refused(tmp_path):
    """The check is made when the file is opened (O_NOFOLLOW, then fstat on it), not by a
    look before: a link swapped in between discovery and loading is never followed."""
    secret = tmp_path / "secret.py"
    secret.write_text("TOPSECRET_4f2a = 1\n" + SIGMOID)
    dan = tmp_path / "class" / "dan"
    (dan / "work").mkdir(parents=True)
    (dan / "work" / "net.py").write_text(SIGMOID)
    (sub,) = discover([tmp_path / "class"])
    (dan / "work" / "net.py").unlink()
    (dan / "work" / "net.py").symlink_to(secret)
    assert reasons(load(sub)) == {f"net.py {LINK_NOTE}"}
    shutil.rmtree(dan / "work")  # now the folder on the way is the link
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "net.py").symlink_to(secret)
    shutil.copy(secret, tmp_path / "fake" / "net2.py")
    (tmp_path / "fake" / "net.py").unlink()
    (tmp_path / "fake" / "net2.py").rename(tmp_path / "fake" / "net.py")
    (dan / "work").symlink_to(tmp_path / "fake")
    assert reasons(load(sub)) == {f"work {LINK_NOTE}"}


def test_a_named_pipe_is_refused_without_waiting_on_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")  # opening it to read would block forever
    (sub,) = discover([tmp_path / "pipe.py"])
    assert "pipe.py is not a regular file" in next(iter(reasons(load(sub))))


def test_1200_nested_folders_are_a_note_not_a_recursion_error(tmp_path, nest):
    nest(tmp_path / "class" / "deb", 1200)
    (tmp_path / "class" / "eve.py").write_text(SIGMOID)
    deb, eve = discover([tmp_path / "class"])
    assert deb.files == () and load(eve).runs
    note = f"folders nested more than {MAX_DEPTH} deep were not looked at"
    assert any(note in n for n in deb.notes)
    assert any(note in reason for reason in reasons(load(deb)))
    nested_folders(tmp_path / "other" / "ivy", MAX_DEPTH)  # at the limit: still found
    (sub,) = discover([tmp_path / "other"])
    assert [f.label for f in sub.files] == ["d/" * MAX_DEPTH + "deep.py"] and not sub.notes


def test_a_folder_with_too_many_entries_or_files_is_cut_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(discover_module, "MAX_ENTRIES", 50)
    monkeypatch.setattr(discover_module, "MAX_FILES", 5)
    many = tmp_path / "class" / "fay"
    many.mkdir(parents=True)
    for i in range(80):
        (many / f"data{i:03d}.txt").write_text("")
    (tmp_path / "class" / "gil").mkdir()
    for i in range(8):
        (tmp_path / "class" / "gil" / f"part{i}.py").write_text(SIGMOID)
    fay, gil = discover([tmp_path / "class"])
    assert any("more than 50 files and folders" in n for n in fay.notes)
    assert [f.label for f in gil.files] == [f"part{i}.py" for i in range(5)]
    assert any("has 8 notebooks and .py files; only the first 5" in n for n in gil.notes)


@pytest.mark.slow
def test_many_entries_at_the_real_limits_are_cheap_and_noted(tmp_path):
    many = tmp_path / "class" / "hal"
    many.mkdir(parents=True)
    for i in range(MAX_ENTRIES + 10):
        (many / f"f{i:05d}.txt").write_text("")
    (sub,) = discover([tmp_path / "class"])
    assert sub.files == () and any(f"more than {MAX_ENTRIES:,}" in n for n in sub.notes)


def test_a_python_file_nested_100000_deep_is_a_reason_not_a_crash(tmp_path):
    for name, text in (("unary.py", "x = " + "-" * 100_000 + "1\n"),
                       ("chain.py", "x = a" + ".b" * 100_000 + "\n"),
                       ("sum.py", "x = 1" + " + 1" * 100_000 + "\n")):
        (tmp_path / name).write_text(text)
        with pytest.raises(LoadError, match="nested too deeply for Python to parse"):
            read_python(tmp_path / name, name)
    cell = "def sigmoid(z):\n    return " + "not " * 100_000 + "z\n"
    code, notes = translate_cell(cell)
    assert code is None and "nested too deeply" in notes[0]
    assert defined_names([cell]) == {"sigmoid"}  # scanned for def lines instead


def nested_blocks(depth: int) -> str:
    """A function of `depth` nested for loops: it parses, but Python compiles at most 20."""
    lines = ["def deep():"] + ["    " * (i + 1) + f"for i{i} in range(1):" for i in range(depth)]
    return "\n".join(lines + ["    " * (depth + 1) + "pass"]) + "\n"


def test_a_python_file_with_one_statement_too_deep_keeps_the_rest(tmp_path):
    """The file as a whole does not parse (too deep); its top-level definitions that do are
    kept, with their line numbers, and each piece left out is a note with its line."""
    text = (SIGMOID + "\nclass Net:\n    size = 3\n\nx = " + "-" * 100_000 + "1\n"
            + "\ndef chain():\n    return a" + ".b" * 5_000 + "\n\ndef h():\n    return 3\n")
    path = tmp_path / "01_sigmoid.py"
    path.write_text(text)
    unit = read_python(path, "01_sigmoid.py")
    assert len(unit.notes) == 2, unit.notes
    assert "line 9 is nested too deeply for Python to compile" in unit.notes[0]
    assert "line 11 is nested too deeply" in unit.notes[1]
    assert all("the rest of the file was still graded" in note for note in unit.notes)
    namespace: dict = {}
    for cell in unit.cells:
        exec(compile(cell, "01_sigmoid.py", "exec"), namespace)
    assert namespace["sigmoid"](0) == 0.5 and namespace["Net"].size == 3
    assert namespace["h"]() == 3 and "chain" not in namespace and "x" not in namespace
    assert unit.cell_names[-1] == "the code at line 14"  # the file's own line numbers


@pytest.mark.sandbox
@pytest.mark.slow
def test_code_python_cannot_compile_costs_only_its_own_cell(tmp_path, capsys):
    """A .py file too deep to parse whole, a function nested deeper than the compiler goes,
    and a notebook cell the compiler runs out of depth on (the student lowered the recursion
    limit): each loses its own piece, with a note, and the rest earns full marks."""
    root = Path(__file__).resolve().parents[1]
    ada = (root / "course_data" / "sample_submissions" / "ada.py").read_text()
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "unary.py").write_text(ada + "\n\nx = " + "-" * 100_000 + "1\n")
    (cls / "blocks.py").write_text(ada + "\n\n" + nested_blocks(25))
    write_notebook(cls / "rec.ipynb", [ada, "import sys\nsys.setrecursionlimit(150)",
                                       "y = 1" + " + 1" * 1_500, "z = 3"])
    assert main(["grade", str(cls), "--out", str(tmp_path / "out"), "--workers", "1",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["student"]: s["score"] for s in data["submissions"]} == {
        "unary": 44, "blocks": 44, "rec": 44}
    feedback = {name: (tmp_path / "out" / name / "feedback.md").read_text()
                for name in ("unary", "blocks", "rec")}
    assert "is nested too deeply for Python to compile" in feedback["unary"]
    assert re.search(r"line \d+ is nested too deeply for Python to compile", feedback["blocks"])
    assert "code cell 3 skipped: it is nested too deeply for Python to compile" \
        in feedback["rec"]


def test_valid_json_nested_50000_deep_is_called_that(tmp_path):
    deep = "[" * 50_000 + "]" * 50_000
    path = tmp_path / "deep.ipynb"
    path.write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {"x": ' + deep
                    + '}, "cells": []}')
    with pytest.raises(LoadError, match="nested too deeply") as caught:
        read_notebook(path, "deep.ipynb")
    assert "not JSON" not in str(caught.value) and "cut short" not in str(caught.value)


def test_a_long_line_of_spaces_is_translated_in_linear_time():
    """The shell-escape pattern once backtracked quadratically (minutes for this line)."""
    line = " " * 200_000 + "x y"
    assert translate_cell(line + "\n!ls")[0] == line + "\npass"
    assert translate_cell("files  =  !ls")[0] == "pass"


@pytest.mark.sandbox
@pytest.mark.slow
def test_hostile_class_everyone_graded_and_exit_0(tmp_path, capsys, nest):
    """Links, deep folders, deep files and a pipe beside an honest student: the batch exits
    0, the honest student gets full marks, every other student a zero with the true reason."""
    root = Path(__file__).resolve().parents[1]
    ada = (root / "course_data" / "sample_submissions" / "ada.py").read_text()
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "ada.py").write_text(ada)
    (cls / "copycat.py").symlink_to("ada.py")
    nest(cls / "deb", 1200)
    (cls / "unary.py").write_text("x = " + "-" * 100_000 + "1\n")
    (cls / "deepnb.ipynb").write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {"x": '
                                      + "[" * 50_000 + "]" * 50_000 + '}, "cells": []}')
    os.mkfifo(cls / "pipe.py")
    out = tmp_path / "out"
    assert main(["grade", str(cls), "--out", str(out), "--workers", "2",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["failures"] == []
    scores = {s["student"]: (s["score"], s["max_score"]) for s in data["submissions"]}
    assert scores.pop("ada") == (44, 44)
    assert set(scores) == {"copycat", "deb", "unary", "deepnb", "pipe"}
    assert all(score == 0 for score, _ in scores.values())
    why = {s["student"]: s["top_diagnosis"] for s in data["submissions"]}
    assert LINK_NOTE in why["copycat"]
    assert "nested more than" in why["deb"]
    assert "nested too deeply for Python" in why["unary"]
    assert "nested too deeply to read" in why["deepnb"]
    assert "not a regular file" in why["pipe"]


def test_a_link_named_like_a_notebook_to_a_folder_is_one_refused_submission(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "kai.ipynb").symlink_to(tmp_path / "real")
    (sub,) = discover([tmp_path / "class"])
    assert sub.student == "kai"
    assert reasons(load(sub)) == {f"kai.ipynb {LINK_NOTE}"}


def test_a_contract_function_inside_the_main_block_is_named(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("def sigmoid(z):\n    return z\n\nif __name__ == '__main__':\n"
                    "    def backprop(X, Y, W1, W2):\n        return W1, W2\n"
                    "    def sigmoid(z):\n        return z\n    print(backprop)\n")
    notes = read_python(path, "s.py").notes
    assert len(notes) == 2 and "line 5: `backprop` is defined inside" in notes[1]


# --- the course's figure cells (autograder/loading/figures.py) -----------------------------

def _figure_notebook(tmp_path, cells: list[tuple[str, bool]], edit: dict | None = None) -> Path:
    """A notebook of code cells (source, is a course figure cell); `edit`: index -> the
    source a student left in that cell instead (its fingerprint still the course's)."""
    from autograder.loading.figures import fingerprint

    out = []
    for index, (source, figure) in enumerate(cells):
        metadata = {"scratchnet": {"cell": f"fig{index}", "figure": fingerprint(source)}} \
            if figure else {}
        shown = (edit or {}).get(index, source)
        out.append({"cell_type": "code", "metadata": metadata, "source": shown,
                    "outputs": [], "execution_count": None})
    path = tmp_path / "05_training.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": out}))
    return path


FIGURE = "fig = plt.figure()\nlosses = train(X)\nfig.gca().plot(losses)\n"


def _runs(path: Path, code: str) -> bool:
    """Whether a cell holding `code` is among the cells the loader keeps to run."""
    return any(code.strip() in cell for cell in read_notebook(path, path.name).cells)


def test_an_unchanged_figure_cell_is_left_out(tmp_path):
    path = _figure_notebook(tmp_path, [("import numpy as np\nX = 1", False),
                                       ("def train(X):\n    return [X]", False),
                                       (FIGURE, True),
                                       ("for losses in [1]:\n    print(losses)", False)])
    unit = read_notebook(path, "05_training.ipynb")
    assert not _runs(path, FIGURE) and len(unit.cells) == 3
    assert unit.cell_names == ["code cell 1", "code cell 2", "code cell 4"]


def test_a_figure_cell_runs_when_edited_or_needed_or_when_a_cell_cannot_be_read(tmp_path):
    base = [("X = 1", False), ("def train(X):\n    return [X]", False), (FIGURE, True)]
    edited = _figure_notebook(tmp_path, base, edit={2: FIGURE + "W = 2\n"})
    assert _runs(edited, FIGURE + "W = 2")
    for later in ("print(losses)", "def use():\n    return fig", "def f(:\n    pass",
                  "total = sum(x for x in losses)"):
        path = _figure_notebook(tmp_path, [*base, (later, False)])
        assert _runs(path, FIGURE), later
    # a name of the figure's bound first by the later cell itself is its own
    for own in ("losses = [2]\nprint(losses)", "[fig for fig in range(3)]",
                "try:\n    pass\nexcept ValueError as losses:\n    print(losses)"):
        path = _figure_notebook(tmp_path, [*base, (own, False)])
        assert not _runs(path, FIGURE), own


def test_the_course_notebooks_figure_cells_are_all_left_out():
    """Every figure cell of every stage notebook (both languages) is marked by the build and
    left out by the loader: no other cell needs what it draws."""
    from autograder.loading.figures import course_figure

    root = Path(__file__).resolve().parents[1] / "assignments"
    notebooks = sorted(root.glob("source/*/*.ipynb")) + sorted(root.glob("zh/source/*/*.ipynb"))
    assert len(notebooks) == 14
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        figures = ["".join(c["source"]) for c in cells if "cell" in
                   c.get("metadata", {}).get("scratchnet", {})]
        assert figures and all(course_figure(c, "".join(c["source"])) for c in cells
                               if "cell" in c.get("metadata", {}).get("scratchnet", {}))
        assert not [f for f in figures if _runs(path, f)], path
