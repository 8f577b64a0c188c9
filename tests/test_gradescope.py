"""The Gradescope autograder: the bundle, run_autograder in a stand-in /autograder, the
results.json schema, and isolation (bubblewrap, then the unprivileged-user fallback)."""

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.config import DEMO_SECRET
from autograder.gradescope.bundle import build_bundle
from autograder.gradescope.run import submission_in
from autograder.grading import grade_submission
from tests import unprivileged
from tests.lazy import LazyModule

nbformat = LazyModule("nbformat")
jsonschema = LazyModule("jsonschema")

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
# Gradescope's documented results.json format (gradescope-autograders.readthedocs.io,
# "Autograder Specifications"): every field optional except a score, at the top or on
# every test. Unknown keys are refused here so that a typo cannot pass unnoticed.
TEST_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"}, "max_score": {"type": "number"},
        "status": {"enum": ["passed", "failed"]}, "name": {"type": "string"},
        "name_format": FORMAT, "number": {"type": "string"}, "output": {"type": "string"},
        "output_format": FORMAT, "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": VISIBILITY, "extra_data": {"type": "object"},
    },
}
RESULTS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"}, "max_score": {"type": "number"},
        "execution_time": {"type": "number"}, "output": {"type": "string"},
        "output_format": FORMAT, "test_output_format": FORMAT, "test_name_format": FORMAT,
        "visibility": VISIBILITY, "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"}, "tests": {"type": "array", "items": TEST_SCHEMA},
        "leaderboard": {"type": "array", "items": {
            "type": "object", "required": ["name", "value"],
            "properties": {"name": {"type": "string"}, "value": {"type": ["number", "string"]},
                           "order": {"enum": ["asc", "desc"]}}}},
    },
    "anyOf": [{"required": ["score"]},
              {"required": ["tests"], "properties": {"tests": {"items": {"required": ["score"]}}}}],
}

ATTACK = '''
import json, os
ROOT = {root!r}
found = {{}}

def attempt(name, action):
    try:
        action()
        found[name] = "OK"
    except Exception as error:
        found[name] = type(error).__name__

attempt("read_reference", lambda: open(ROOT + "/source/solutions/activations.py").read())
attempt("read_secret", lambda: open(ROOT + "/source/scratchnet.toml").read())
attempt("write_results", lambda: open(ROOT + "/results/results.json", "w").write(
    '{{"score": 9999, "tests": []}}'))
attempt("change_reference", lambda: open(ROOT + "/source/solutions/loss.py", "a").write("#"))
attempt("list_root", lambda: os.listdir(ROOT))
print('{{"score": 9999, "tests": []}}')
try:
    if os.fork() == 0:  # a writer that tries to outlive the grading
        os.setsid()
        import time
        time.sleep(1.5)
        try:
            open(ROOT + "/results/results.json", "w").write('{{"score": 9999, "tests": []}}')
        finally:
            os._exit(0)
except OSError as error:
    found["fork"] = type(error).__name__
raise RuntimeError("REPORT " + json.dumps(found, sort_keys=True))
'''


def test_results_schema_refuses_wrong_results():
    jsonschema.validate({"score": 1, "tests": [{"score": 1, "status": "passed"}]},
                        RESULTS_SCHEMA)
    for wrong in ({"tests": [{"name": "no score anywhere"}]}, {"score": "ten"},
                  {"score": 1, "tests": [{"score": 1, "status": "ok"}]},
                  {"score": 1, "visibility": "sometimes"}, {"score": 1, "scroe": 2}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, RESULTS_SCHEMA)


#: Messages and notes with every character Markdown could read as markup.
TRICKY = [
    "`sigmoid` is wrong for large |z|: got 0.5 * z_1 where [Errno 2] <lambda> ~ 1",
    "`nn.__init__` and __init__ and *args, **kwargs; a\\b",
    "1. not a list\n- not a bullet\n# not a heading\n> not a quote\n===",
]


def rendered_paragraphs(text: str) -> list[str]:
    """What a CommonMark renderer shows of `text`: the text of each paragraph, and the tags."""
    import html
    import re

    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").render(text)
    tags = set(re.findall(r"<(\w+)", page))
    assert tags <= {"p", "code"}, (text, page)  # no emphasis, link, list, heading, quote...
    return [html.unescape(re.sub(r"<[^>]+>", "", p))
            for p in re.findall(r"<p>(.*?)</p>", page, re.DOTALL)]


def test_results_json_outputs_are_markdown_that_shows_the_messages_exactly():
    """Gradescope renders our outputs as Markdown ("md"): code spans show as code, and every
    other character as written; test names stay plain text; the messages read back intact."""
    from autograder.checks.runner import CheckResult
    from autograder.gradescope.results import from_gradescope, to_gradescope
    from autograder.grading import GradeResult

    checks = [CheckResult(name=f"check{i}", stage=1, points=0, max_points=1, passed=False,
                          message=message, mistake=None, visibility="visible")
              for i, message in enumerate(TRICKY)]
    checks.append(CheckResult(name="ok", stage=1, points=2, max_points=2, passed=True,
                              message="", mistake=None, visibility="hidden"))
    result = GradeResult(student="s", content_hash="h", stages=(1,), checks=checks,
                         notes=["cell 2 skipped: NameError: name `x_1` is not defined",
                                "a <note> with *stars*"])
    data = to_gradescope(result)
    jsonschema.validate(data, RESULTS_SCHEMA)
    assert (data["output_format"], data["test_output_format"], data["test_name_format"]) == (
        "md", "md", "text")
    for test, message in zip(data["tests"], TRICKY, strict=False):
        shown = [line.strip().replace("`", "") for line in message.splitlines()]
        assert rendered_paragraphs(test["output"]) == shown, test["output"]
    assert rendered_paragraphs(data["tests"][-1]["output"]) == ["Passed."]
    assert rendered_paragraphs(data["output"]) == [
        "cell 2 skipped: NameError: name x_1 is not defined", "a <note> with *stars*"]
    assert [c.message for c in from_gradescope(data).checks] == [*TRICKY, ""]


def test_bundle_layout(tmp_path):
    names = build_bundle(tmp_path / "a.zip", "2-3")
    with zipfile.ZipFile(tmp_path / "a.zip") as bundle:
        listed = bundle.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in bundle.infolist()}
        settings = json.loads(bundle.read("gradescope.json"))
        toml = bundle.read("scratchnet.toml").decode()
    assert listed == names
    for script in ("setup.sh", "run_autograder"):  # at the root of the zip, executable
        assert script in listed and modes[script] & stat.S_IXUSR
    assert {"autograder/gradescope/run.py", "solutions/activations.py",
            "course_data/__init__.py", "requirements.txt"} <= set(listed)
    assert not [n for n in listed if "sample_submissions" in n or n.startswith("tests/")]
    assert settings == {"stages": "2-3"} and DEMO_SECRET in toml
    setup = (Path(__file__).resolve().parents[1] / "autograder/gradescope/setup.sh").read_text()
    assert "bubblewrap" in setup and "useradd" in setup and "pip install" in setup
    assert subprocess.run(["bash", "-n", "-c", setup]).returncode == 0


def test_bundle_command(tmp_path, capsys):
    assert main(["gradescope-bundle", "--stage", "1", "-o", str(tmp_path / "g.zip")]) == 0
    assert zipfile.is_zipfile(tmp_path / "g.zip")
    assert main(["gradescope-bundle", "--stage", "9", "-o", str(tmp_path / "h.zip")]) == 2
    assert "--stage" in capsys.readouterr().err and not (tmp_path / "h.zip").exists()


# ---------------------------------------------------------------- running the autograder

def unpack(tmp_path: Path, bundle: Path) -> Path:
    """A stand-in for /autograder: source/ (the zip), run_autograder, results/."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "results").mkdir()
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for info in zipfile.ZipFile(bundle).infolist():
        if info.external_attr >> 16 & stat.S_IXUSR:
            (root / "source" / info.filename).chmod(0o755)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    return root


def submit(root: Path, files: dict[str, bytes]) -> None:
    folder = root / "submission"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def run_autograder(root: Path, env: dict[str, str] | None = None) -> dict:
    full = {**os.environ, "SCRATCHNET_GRADESCOPE_ROOT": str(root),
            "SCRATCHNET_GRADESCOPE_PYTHON": sys.executable, **(env or {})}
    done = subprocess.run([str(root / "run_autograder")], env=full, cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(data, RESULTS_SCHEMA)
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert data["max_score"] == sum(t["max_score"] for t in data["tests"])
    return data


def hostile_notebook(root: Path) -> bytes:
    """dara's (wrong) notebook with a first cell that attacks the grader's files."""
    notebook = nbformat.reads((SAMPLES / "dara.ipynb").read_text(), as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(ATTACK.format(root=str(root))))
    return nbformat.writes(notebook).encode()


def attack_report(data: dict) -> dict:
    """What the attack cell found, from its note (the output shows it escaped as Markdown)."""
    line = next(n for n in data["extra_data"]["notes"] if "REPORT " in n)
    return json.JSONDecoder().raw_decode(line.split("REPORT ", 1)[1])[0]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    build_bundle(path, "all")
    return path


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.bwrap
def test_correct_wrong_and_hostile_submissions_under_bubblewrap(tmp_path, bundle):
    root = unpack(tmp_path, bundle)
    submit(root, {"ada.py": (SAMPLES / "ada.py").read_bytes()})
    correct = run_autograder(root)
    assert correct["score"] == correct["max_score"] == 44
    assert correct["extra_data"]["isolation"] == "bubblewrap"
    assert all(t["status"] == "passed" for t in correct["tests"])

    submit(root, {"dara.ipynb": (SAMPLES / "dara.ipynb").read_bytes()})
    wrong = run_autograder(root)
    direct = grade_submission(submission_in(root / "submission"))  # the same grader
    assert wrong["score"] == direct.score < wrong["max_score"]
    failed = [t for t in wrong["tests"] if t["status"] == "failed"]
    assert failed and all(t["score"] == 0 and t["output"] for t in failed)
    assert any("mean_instead_of_sum" in t["tags"] for t in failed)

    submit(root, {"dara.ipynb": hostile_notebook(root)})
    hostile = run_autograder(root)
    seen = attack_report(hostile)
    # under bubblewrap the child has no /autograder at all
    for attempt in ("read_reference", "read_secret", "write_results", "change_reference",
                    "list_root"):
        assert seen[attempt] != "OK", seen
    forged = (root / "results" / "results.json").read_bytes()
    time.sleep(2.5)  # the forked writer, had it survived, would have written by now
    assert (root / "results" / "results.json").read_bytes() == forged
    assert hostile["score"] == wrong["score"]  # the attack cell changes nothing else
    assert [t["status"] for t in hostile["tests"]] == [t["status"] for t in wrong["tests"]]


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_submission_without_code_gets_zero_and_a_reason(tmp_path, bundle):
    root = unpack(tmp_path, bundle)
    submit(root, {"answers.txt": b"I did it on paper"})
    data = run_autograder(root)
    assert data["score"] == 0 and "No notebook" in data["output"]


# ---------------------------------------------------------------- the user-switch fallback

def _python_for(user: str) -> tuple[str, str] | None:
    """(interpreter, PYTHONPATH) for a root grader whose children run as `user`, or None.

    This environment may live where an unprivileged user cannot read (a venv in a clone
    under /root, a pyenv), so numpy and matplotlib come first from a copy that every user
    can read: the grader gives its children the folder it found them in. The rest of the
    grader's packages come from this environment's site-packages (read by root only).
    """
    readable = unprivileged.runtime_packages()
    python = unprivileged.python_for(user, [readable])
    if python is None:
        return None
    return python, os.pathsep.join([str(readable), sysconfig.get_paths()["purelib"]])


@pytest.fixture
def throwaway_user():
    if os.geteuid() != 0:
        pytest.skip("the user-switch fallback needs root (Gradescope runs the grader as root)")
    for tool in ("useradd", "userdel", "setpriv"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed, so no throwaway user can be made here")
    name = "sn" + uuid.uuid4().hex[:10]
    yield name
    subprocess.run(["userdel", name], capture_output=True)
    subprocess.run(["groupdel", name], capture_output=True)


@pytest.mark.slow
@pytest.mark.sandbox
def test_unprivileged_user_fallback_without_bubblewrap(tmp_path, bundle, throwaway_user):
    root = unpack(tmp_path, bundle)
    setup_env = {**os.environ, "SCRATCHNET_GRADESCOPE_ROOT": str(root),
                 "SCRATCHNET_SANDBOX_USER": throwaway_user, "SCRATCHNET_SKIP_INSTALL": "1",
                 "SCRATCHNET_GRADESCOPE_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=setup_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert list((root / "source" / "autograder" / "__pycache__").glob("grading.*.pyc"))
    entry = pwd.getpwnam(throwaway_user)  # setup.sh made the user
    assert entry.pw_uid != 0 and entry.pw_shell.endswith("nologin")
    assert stat.S_IMODE((root / "source").stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "results").stat().st_mode) == 0o700
    found = _python_for(throwaway_user)
    if found is None:
        pytest.skip("no Python with numpy that an unprivileged user can run is installed")
    python, site = found
    # no namespaces for bubblewrap: the grader falls back to the unprivileged user
    env = {"SCRATCHNET_SANDBOX": "rlimits", "SCRATCHNET_GRADESCOPE_PYTHON": python,
           "PYTHONPATH": site}

    submit(root, {"ada.py": (SAMPLES / "ada.py").read_bytes()})
    correct = run_autograder(root, env)
    assert correct["extra_data"]["isolation"] == f"unprivileged user {throwaway_user}"
    assert correct["score"] == correct["max_score"] == 44

    submit(root, {"dara.ipynb": (SAMPLES / "dara.ipynb").read_bytes()})
    wrong = run_autograder(root, env)
    submit(root, {"dara.ipynb": hostile_notebook(root)})
    hostile = run_autograder(root, env)
    seen = attack_report(hostile)
    assert seen == {"change_reference": "PermissionError", "list_root": "PermissionError",
                    "read_reference": "PermissionError", "read_secret": "PermissionError",
                    "write_results": "PermissionError"}, seen
    forged = (root / "results" / "results.json").read_bytes()
    time.sleep(2.5)
    assert (root / "results" / "results.json").read_bytes() == forged
    assert hostile["score"] == wrong["score"] < wrong["max_score"]
    assert (root / "source" / "solutions" / "loss.py").read_text().endswith("\n")
