"""The PrairieLearn question: the bundle, run.sh in a stand-in /grade, PrairieLearn's
results.json format and size limit, and correct, wrong, hostile and broken submissions.

Docker is not available here, so the grading image is not built: the tests check that its
Dockerfile parses, builds on prairielearn/grader-python and copies only what the bundle's
image/ folder holds, and that info.json's entry point is the bundle's run.sh."""

import base64
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.checks.runner import CheckResult
from autograder.cli import main
from autograder.config import DEMO_SECRET, CourseConfig
from autograder.feedback.figures import Figure
from autograder.gradescope.run import submission_in
from autograder.grading import GradeResult, grade_submission
from autograder.prairielearn.bundle import ENTRYPOINT, build_bundle
from autograder.prairielearn.results import RESULTS_LIMIT, fit, size, to_prairielearn
from tests.lazy import LazyModule
from tests.test_gradescope import _python_for, throwaway_user  # noqa: F401, F811

nbformat = LazyModule("nbformat")
jsonschema = LazyModule("jsonschema")

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"
# PrairieLearn's documented results.json ("External Grading", "Grading results"): score in
# [0, 1] when gradable; tests with name, description, points, max_points, message, output,
# images; images as {label, url} objects (or bare URL strings, for older graders).
IMAGE = {"anyOf": [{"type": "string"}, {
    "type": "object", "required": ["url"], "additionalProperties": False,
    "properties": {"url": {"type": "string", "pattern": "^data:image/png;base64,"},
                   "label": {"type": "string"}}}]}
TEST = {"type": "object", "required": ["name", "points", "max_points"],
        "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "description": {"type": "string"},
                       "points": {"type": "number", "minimum": 0},
                       "max_points": {"type": "number", "minimum": 0},
                       "message": {"type": "string"}, "output": {"type": "string"},
                       "images": {"type": "array", "items": IMAGE}}}
RESULTS_SCHEMA = {
    "type": "object", "required": ["gradable"], "additionalProperties": False,
    "properties": {"gradable": {"type": "boolean"},
                   "score": {"type": "number", "minimum": 0, "maximum": 1},
                   "message": {"type": "string"}, "output": {"type": "string"},
                   "format_errors": {"anyOf": [{"type": "string"},
                                               {"type": "array", "items": {"type": "string"}}]},
                   "images": {"type": "array", "items": IMAGE},
                   "tests": {"type": "array", "items": TEST},
                   "scratchnet": {"type": "object"}},
    "if": {"properties": {"gradable": {"const": True}}},
    "then": {"required": ["score"]},
}
FAST = CourseConfig(secret=DEMO_SECRET, timeout=2.0, submission_timeout=40.0)


def test_schema_refuses_wrong_results():
    jsonschema.validate({"gradable": True, "score": 0.5, "tests": []}, RESULTS_SCHEMA)
    for wrong in ({"gradable": True}, {"gradable": True, "score": 44},
                  {"gradable": True, "score": 1, "tests": [{"name": "x", "points": 1}]},
                  {"gradable": True, "score": 1, "scroe": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, RESULTS_SCHEMA)


# ---------------------------------------------------------------- the bundle

def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile: comments dropped, continuations joined.
    Raises ValueError on a line that is not an instruction Docker knows."""
    known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
             "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
             "SHELL"}
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines()
                                            if not line.lstrip().startswith("#")))
    found = []
    for line in filter(str.strip, joined.splitlines()):
        word, _, rest = line.strip().partition(" ")
        if word.upper() not in known:
            raise ValueError(f"not a Dockerfile instruction: {line!r}")
        found.append((word.upper(), rest.strip()))
    return found


def test_dockerfile_check_refuses_a_broken_dockerfile():
    with pytest.raises(ValueError):
        dockerfile_instructions("FROM x\nRUN a \\\n  b\nINSTALL numpy\n")
    assert dockerfile_instructions("# c\nFROM x\nRUN a \\\n  b\n") == [("FROM", "x"),
                                                                     ("RUN", "a    b")]


@pytest.mark.sandbox
def test_bundle_layout(tmp_path):
    out = tmp_path / "pl"
    names = build_bundle(out, "4", image="course/scratchnet-grader", timeout=90)
    info = json.loads((out / "question" / "info.json").read_text())
    options = info["externalGradingOptions"]
    assert options == {"enabled": True, "image": "course/scratchnet-grader",
                       "entrypoint": ENTRYPOINT, "timeout": 90}
    assert info["gradingMethod"] == "External" and re.fullmatch(r"[0-9a-f-]{36}", info["uuid"])
    # the entry point is the bundle's run.sh, where PrairieLearn mounts tests/
    assert ENTRYPOINT == "/grade/tests/run.sh"
    run_sh = out / "question" / "tests" / "run.sh"
    assert run_sh.stat().st_mode & stat.S_IXUSR
    assert subprocess.run(["bash", "-n", str(run_sh)]).returncode == 0
    page = (out / "question" / "question.html").read_text()
    assert '<pl-file-upload file-names="04_backprop.ipynb"></pl-file-upload>' in page
    assert "<pl-external-grader-results>" in page
    tests = out / "question" / "tests"
    for needed in ("autograder/prairielearn/run.py", "autograder/grading.py",
                   "solutions/activations.py", "course_data/__init__.py"):
        assert (tests / needed).is_file(), needed
    assert json.loads((tests / "prairielearn.json").read_text()) == {"stages": "4",
                                                                     "sandbox_user": "ag"}
    assert DEMO_SECRET in (tests / "scratchnet.toml").read_text()
    assert not [n for n in names if "sample_submissions" in n or n.startswith("tests/")]
    # the image: PrairieLearn's Python grader, plus what the grader needs, no course files
    steps = dockerfile_instructions((out / "image" / "Dockerfile").read_text())
    assert steps[0] == ("FROM", "prairielearn/grader-python")
    copies = [args.split() for kind, args in steps if kind in ("COPY", "ADD")]
    assert copies and all((out / "image" / source).is_file()
                          for *sources, _ in copies for source in sources)
    assert {p.name for p in (out / "image").iterdir()} == {"Dockerfile", "requirements.txt"}
    requirements = (out / "image" / "requirements.txt").read_text().split()
    assert {r.split(">=")[0] for r in requirements} == {"numpy", "matplotlib"}
    assert any(kind == "RUN" and "requirements.txt" in args and "bubblewrap" in args
               for kind, args in steps)


def test_all_stages_accept_any_stage_notebook_and_rebuilding_keeps_the_uuid(tmp_path):
    out = tmp_path / "pl"
    build_bundle(out, "all")
    first = json.loads((out / "question" / "info.json").read_text())["uuid"]
    page = (out / "question" / "question.html").read_text()
    assert 'optional-file-names="01_sigmoid.ipynb, 02_feedforward.ipynb' in page
    assert "07_classifier.ipynb" in page
    (out / "question" / "tests" / "stale.txt").write_text("old")
    build_bundle(out, "all")
    assert json.loads((out / "question" / "info.json").read_text())["uuid"] == first
    assert not (out / "question" / "tests" / "stale.txt").exists()
    other = tmp_path / "other"
    build_bundle(other, "all")
    assert json.loads((other / "question" / "info.json").read_text())["uuid"] != first


def test_bundle_command(tmp_path, capsys):
    assert main(["prairielearn-bundle", "--stage", "1", "-o", str(tmp_path / "a")]) == 0
    assert (tmp_path / "a" / "question" / "info.json").is_file()
    assert main(["prairielearn-bundle", "--stage", "9", "-o", str(tmp_path / "b")]) == 2
    assert "stages run from 1 to 7" in capsys.readouterr().err
    assert main(["prairielearn-bundle", "--timeout", "900", "-o", str(tmp_path / "c")]) == 2
    assert "600" in capsys.readouterr().err
    assert not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


# ---------------------------------------------------------------- running the grader

@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plbundle")
    build_bundle(out, "all", FAST)
    return out


def stand_in(tmp_path: Path, bundle: Path, files: dict[str, bytes]) -> Path:
    """A stand-in for /grade: tests/ (the question's), student/ (the upload), no results/."""
    root = tmp_path / "grade"
    shutil.copytree(bundle / "question" / "tests", root / "tests")
    (root / "student").mkdir()
    for name, data in files.items():
        (root / "student" / name).write_bytes(data)
    return root


def run_grader(root: Path, expect_status: int = 0, env: dict[str, str] | None = None) -> dict:
    base = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # not this tree's code
    env = {**base, "SCRATCHNET_PRAIRIELEARN_ROOT": str(root),
           "SCRATCHNET_PRAIRIELEARN_PYTHON": sys.executable, **(env or {})}
    done = subprocess.run([str(root / "tests" / "run.sh")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == expect_status, done.stderr[-3000:]
    raw = (root / "results" / "results.json").read_bytes()
    assert len(raw) <= RESULTS_LIMIT
    data = json.loads(raw)
    jsonschema.validate(data, RESULTS_SCHEMA)
    if data["gradable"]:
        points = sum(t["points"] for t in data["tests"])
        possible = sum(t["max_points"] for t in data["tests"])
        assert data["score"] == pytest.approx(points / possible)
    return data


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.sandbox
@pytest.mark.slow
def test_correct_submission_scores_one(tmp_path, bundle):
    root = stand_in(tmp_path, bundle, {"ada.py": sample("ada.py")})
    data = run_grader(root)
    assert data["gradable"] is True and data["score"] == 1.0
    assert all(t["points"] == t["max_points"] and t["message"] == "Passed."
               for t in data["tests"])
    assert data["message"].startswith("Score: 44 / 44")
    assert stat.S_IMODE((root / "tests").stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "results").stat().st_mode) == 0o700


@pytest.mark.sandbox
def test_one_stage_notebook_scores_one(tmp_path):
    out = tmp_path / "stage1"
    build_bundle(out, "1", FAST)
    root = stand_in(tmp_path, out, {"01_sigmoid.ipynb": sample("chen/01_sigmoid.ipynb")})
    data = run_grader(root)
    assert data["score"] == 1.0 and data["scratchnet"]["stages"] == [1]


@pytest.mark.sandbox
@pytest.mark.slow
def test_wrong_submission_gets_partial_credit_and_names_the_mistake(tmp_path, bundle):
    root = stand_in(tmp_path, bundle, {"dara.ipynb": sample("dara.ipynb")})
    data = run_grader(root)
    direct = grade_submission(submission_in(root / "student"), secret=DEMO_SECRET)
    assert 0 < data["score"] < 1
    assert data["scratchnet"]["points"] == direct.score
    failed = [t for t in data["tests"] if t["points"] < t["max_points"]]
    assert [t["message"] for t in failed] == [c.message for c in direct.checks if not c.passed]
    named = [t for t in failed if "named mistake: mean_instead_of_sum" in t["description"]]
    assert named and all(t["output"].startswith("Hint: ") for t in named)
    # the feedback figures, as PNG data URLs
    assert data["images"] and all(base64.b64decode(i["url"].split(",", 1)[1])[:8]
                                  == b"\x89PNG\r\n\x1a\n" for i in data["images"])
    assert any("numerical gradient" in i["label"] for i in data["images"])


FORGE = '''
import os, json
ROOT = {root!r}
forged = json.dumps({{"gradable": True, "score": 1.0, "message": "FORGED", "tests": []}})
for target in (ROOT + "/results/results.json", ROOT + "/results/../results/results.json"):
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "w").write(forged)
    except OSError:
        pass
open(ROOT + "/attack-ran", "w").write("the forger could write here")
print(forged)
try:
    if os.fork() == 0:  # a writer that tries to outlive the grading
        os.setsid()
        import time
        time.sleep(1.5)
        try:
            open(ROOT + "/results/results.json", "w").write(forged)
        finally:
            os._exit(0)
except OSError:
    pass
'''


def notebook_with(first_cells: list[str]) -> bytes:
    notebook = nbformat.reads(sample("dara.ipynb").decode(), as_version=4)
    for source in reversed(first_cells):
        notebook.cells.insert(0, nbformat.v4.new_code_cell(source))
    return nbformat.writes(notebook).encode()


@pytest.mark.sandbox
@pytest.mark.slow
@pytest.mark.parametrize("sandbox", ["best", "rlimits"])
def test_hostile_submission_forged_results_and_endless_loop_change_nothing(tmp_path, bundle,
                                                                           sandbox):
    """Under bubblewrap the forger sees no /grade; with resource limits only (and no "ag"
    user here) it can write there, and still changes nothing."""
    env = {"SCRATCHNET_SANDBOX": "rlimits"} if sandbox == "rlimits" else {}
    wrong = run_grader(stand_in(tmp_path / "plain", bundle, {"dara.ipynb": sample("dara.ipynb")}),
                       env=env)
    root = tmp_path / "hostile"
    root = stand_in(root, bundle, {})
    hostile = notebook_with([FORGE.format(root=str(root)), "while True:\n    pass"])
    (root / "student" / "dara.ipynb").write_bytes(hostile)
    data = run_grader(root, env=env)
    if sandbox == "rlimits":
        assert data["scratchnet"]["isolation"] in ("rlimits only", "unprivileged user ag",
                                                   "rlimits + network namespace + landlock")
    if data["scratchnet"]["isolation"] == "rlimits only":
        assert (root / "attack-ran").exists()  # the forger really had write access
    assert "FORGED" not in json.dumps(data)
    assert data["score"] == wrong["score"] < 1
    assert [t["points"] for t in data["tests"]] == [t["points"] for t in wrong["tests"]]
    assert "still running after" in data["output"]  # the endless loop was stopped
    written = (root / "results" / "results.json").read_bytes()
    time.sleep(2.5)  # the forked writer, had it survived, would have written by now
    assert (root / "results" / "results.json").read_bytes() == written


@pytest.mark.sandbox
@pytest.mark.slow
def test_unprivileged_user_fallback_cannot_read_the_grader_nor_write_results(
        tmp_path, bundle, throwaway_user):  # noqa: F811 (the fixture imported above)
    """Without bubblewrap, as root: the submission runs as the sandbox user (the image's "ag";
    a throwaway user here), after run.py made /grade's private folders root's alone."""
    subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--shell",
                    "/usr/sbin/nologin", throwaway_user], check=True)
    found = _python_for(throwaway_user)
    if found is None:
        pytest.skip("no Python with numpy that an unprivileged user can run is installed")
    python, site = found
    subprocess.run(["chmod", "711", str(tmp_path)], check=True)
    root = stand_in(tmp_path, bundle, {})
    settings = root / "tests" / "prairielearn.json"
    settings.write_text(json.dumps({"stages": "all", "sandbox_user": throwaway_user}))
    probe = PROBE.format(root=str(root))
    (root / "student" / "dara.ipynb").write_bytes(notebook_with([probe]))
    env = {"SCRATCHNET_SANDBOX": "rlimits", "SCRATCHNET_PRAIRIELEARN_PYTHON": python,
           "PYTHONPATH": site}
    data = run_grader(root, env=env)
    assert data["scratchnet"]["isolation"] == f"unprivileged user {throwaway_user}"
    note = next(line for line in data["output"].splitlines() if "REPORT " in line)
    seen = json.JSONDecoder().raw_decode(note.split("REPORT ", 1)[1])[0]
    assert seen == {"read_reference": "PermissionError", "read_secret": "PermissionError",
                    "write_results": "PermissionError", "read_upload": "PermissionError"}
    assert 0 < data["score"] < 1


PROBE = '''
import json
ROOT = {root!r}
found = {{}}
def attempt(name, action):
    try:
        action()
        found[name] = "OK"
    except Exception as error:
        found[name] = type(error).__name__
attempt("read_reference", lambda: open(ROOT + "/tests/solutions/activations.py").read())
attempt("read_secret", lambda: open(ROOT + "/tests/scratchnet.toml").read())
attempt("write_results", lambda: open(ROOT + "/results/results.json", "w").write("{{}}"))
attempt("read_upload", lambda: open(ROOT + "/student/dara.ipynb").read())
raise RuntimeError("REPORT " + json.dumps(found, sort_keys=True))
'''


def test_a_notebook_that_is_not_json_is_not_gradable(tmp_path, bundle):
    data = run_grader(stand_in(tmp_path, bundle, {"hana.ipynb": sample("hana.ipynb")}))
    assert data["gradable"] is False and data["score"] == 0.0
    assert data["format_errors"] and "hana.ipynb" in data["format_errors"][0]
    assert "this try does not count" in data["message"]


def test_an_empty_upload_is_not_gradable(tmp_path, bundle):
    data = run_grader(stand_in(tmp_path, bundle, {"notes.txt": b"on paper"}))
    assert data["gradable"] is False
    assert "no notebook" in data["format_errors"][0]


def test_one_readable_notebook_beside_a_broken_one_is_graded(tmp_path, bundle):
    files = {"01_sigmoid.ipynb": sample("chen/01_sigmoid.ipynb"),
             "02_feedforward.ipynb": sample("hana.ipynb")}
    data = run_grader(stand_in(tmp_path, bundle, files))
    assert data["gradable"] is True and 0 < data["score"] < 1
    stage2 = [t for t in data["tests"] if t["name"].startswith("Stage 2")]
    assert stage2 and all(t["points"] == 0 and "02_feedforward.ipynb" in t["message"]
                          for t in stage2)


def test_a_fault_of_the_grader_is_not_gradable_and_says_so(tmp_path, bundle):
    root = stand_in(tmp_path, bundle, {"ada.py": sample("ada.py")})
    (root / "tests" / "prairielearn.json").unlink()
    data = run_grader(root, expect_status=1)
    assert data["gradable"] is False and "tell the course staff" in data["message"]


# ---------------------------------------------------------------- the size limit

def big_result(checks: int, message_chars: int) -> GradeResult:
    return GradeResult(
        student="s", content_hash="h", stages=(1,),
        checks=[CheckResult(name=f"c{i}", stage=1, points=i % 2, max_points=1,
                            passed=bool(i % 2), message="" if i % 2 else "x" * message_chars,
                            mistake=None if i % 3 else "factor_2_missing", visibility="visible")
                for i in range(checks)],
        notes=["note " * 20_000])


def test_results_are_fitted_under_the_limit_without_touching_points():
    figures = [Figure(1, f"figure {i}", "caption", os.urandom(300_000)) for i in range(3)]
    data = to_prairielearn(big_result(60, 100_000), figures)
    assert size(data) > 4 * RESULTS_LIMIT  # well over, before fitting
    fitted = fit(data)
    assert size(fitted) <= RESULTS_LIMIT
    jsonschema.validate(fitted, RESULTS_SCHEMA)
    assert fitted["score"] == data["score"]
    assert [(t["points"], t["max_points"]) for t in fitted["tests"]] == [
        (t["points"], t["max_points"]) for t in data["tests"]]
    assert "size limit" in fitted["message"] and fitted["message"].startswith("Score:")
    assert all(len(t["message"]) < 100_000 for t in fitted["tests"])


def test_small_results_keep_every_figure_and_text():
    figures = [Figure(1, "sigmoid", "caption", os.urandom(20_000))]
    data = to_prairielearn(big_result(10, 2_000), figures)
    assert fit(data) == data and len(data["images"]) == 1


def test_only_figures_go_when_they_alone_are_too_big():
    figures = [Figure(1, f"f{i}", "c", os.urandom(400_000)) for i in range(3)]
    data = to_prairielearn(big_result(4, 100), figures)
    fitted = fit(data)
    assert size(fitted) <= RESULTS_LIMIT and 0 < len(fitted["images"]) < 3
    assert [t["message"] for t in fitted["tests"]] == [t["message"] for t in data["tests"]]
