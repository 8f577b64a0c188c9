"""Build what a PrairieLearn course needs to grade a stage with scratchnet.

    build_bundle(out, stages="all", config=None, image=..., timeout=...) -> list[str]

The folder `out` gets:

    question/info.json          externalGradingOptions: enabled, image, entrypoint
                                /grade/tests/run.sh, timeout
    question/question.html      a pl-file-upload for the stage's notebook, the results
    question/tests/run.sh       the entry point (this folder's run.sh)
    question/tests/autograder/ solutions/ course_data/   the grader (as for Gradescope)
    question/tests/scratchnet.toml     the course secret and timeouts
    question/tests/prairielearn.json   {"stages": ..., "sandbox_user": "ag"}
    image/Dockerfile, image/requirements.txt   the grading image (no course files in it)
    README.md                   how to install the question and the image

Copy question/ into the course's questions/ folder; build and push image/.
"""

from __future__ import annotations

import html
import json
import shutil
import uuid
from pathlib import Path

from autograder.config import CourseConfig, load_config
from autograder.gradescope.bundle import REQUIREMENTS, course_toml, grader_files
from autograder.loading import STAGES, parse_stage_option

HERE = Path(__file__).resolve().parent
BASE_IMAGE = "prairielearn/grader-python"
ENTRYPOINT = "/grade/tests/run.sh"
DEFAULT_IMAGE = "your-dockerhub-name/scratchnet-grader"  # a placeholder: --image
DEFAULT_TIMEOUT = 120
MAX_TIMEOUT = 600  # PrairieLearn's limit


def build_bundle(out: Path, stages: str = "all", config: CourseConfig | None = None,
                 image: str = DEFAULT_IMAGE, timeout: int = DEFAULT_TIMEOUT) -> list[str]:
    """Write the bundle into the folder `out` (replacing question/ and image/ there).

    Returns the paths written, relative to `out`. ValueError for a bad stage choice, image
    name or timeout.
    """
    chosen = parse_stage_option(stages)  # ValueError with a clear message
    if not image or any(c.isspace() for c in image):
        raise ValueError(f"--image must name the grading image, such as {DEFAULT_IMAGE}, "
                         f"not {image!r}")
    if not 1 <= timeout <= MAX_TIMEOUT:
        raise ValueError(f"the timeout must be 1-{MAX_TIMEOUT} s (PrairieLearn's limit), "
                         f"not {timeout}")
    # here, not at the top: run.py imports the grader, and every command line reads this
    # module's defaults
    from autograder.prairielearn.run import DEFAULT_USER, SETTINGS_NAME

    config = config or load_config()
    out = Path(out)
    question_id = existing_uuid(out / "question" / "info.json") or str(uuid.uuid4())
    for part in ("question", "image"):
        if (out / part).is_dir():
            shutil.rmtree(out / part)
    files: dict[str, bytes] = {
        "question/info.json": info_json(question_id, chosen, image, timeout).encode(),
        "question/question.html": question_html(chosen).encode(),
        "question/tests/run.sh": (HERE / "run.sh").read_bytes(),
        "question/tests/scratchnet.toml": course_toml(config).encode(),
        f"question/tests/{SETTINGS_NAME}": (json.dumps(
            {"stages": stages, "sandbox_user": DEFAULT_USER}) + "\n").encode(),
        "image/Dockerfile": (HERE / "Dockerfile").read_bytes(),
        "image/requirements.txt": ("\n".join(REQUIREMENTS) + "\n").encode(),
        "README.md": readme(image).encode(),
    }
    for name, path in grader_files():
        files[f"question/tests/{name}"] = path.read_bytes()
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if name.endswith(".sh"):
            target.chmod(0o755)
    return list(files)


def notebook_names(stages: tuple[int, ...] | None) -> list[str]:
    """The notebooks the question asks for: the chosen stages' (all seven for "all")."""
    return [f"{s:02d}_{STAGES[s]}.ipynb" for s in (stages or tuple(STAGES))]


def existing_uuid(path: Path) -> str | None:
    """The uuid of an earlier build's info.json (so rebuilding keeps the question's id)."""
    try:
        return str(uuid.UUID(json.loads(path.read_text(encoding="utf-8"))["uuid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def info_json(question_id: str, stages: tuple[int, ...] | None, image: str,
              timeout: int) -> str:
    title = ("scratchnet: all stages" if stages is None else
             "scratchnet: " + ", ".join(f"stage {s} ({STAGES[s]})" for s in stages))
    info = {
        "uuid": question_id,
        "title": title,
        "topic": "Neural networks from scratch",
        "tags": ["scratchnet", "notebook", "externally graded"],
        "type": "v3",
        "singleVariant": True,
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": image,
            "entrypoint": ENTRYPOINT,
            "timeout": timeout,
        },
    }
    return json.dumps(info, indent=2) + "\n"


def question_html(stages: tuple[int, ...] | None) -> str:
    """The question page: what to upload, the upload element, the grader's results."""
    names = notebook_names(stages)
    listed = ", ".join(f"<code>{html.escape(n)}</code>" for n in names)
    if stages is not None and len(stages) == 1:
        ask = f"Upload your notebook {listed}, with every cell you filled in."
        upload = f'<pl-file-upload file-names="{html.escape(names[0])}"></pl-file-upload>'
    else:
        ask = (f"Upload your stage notebooks ({listed}); each is graded for its stage, "
               "and a stage you do not upload earns no points.")
        upload = (f'<pl-file-upload optional-file-names="{html.escape(", ".join(names))}">'
                  "</pl-file-upload>")
    return (f"<pl-question-panel>\n  <p>{ask} Before uploading, run <em>Kernel &rarr; "
            "Restart Kernel and Run All Cells</em> and check that the visible checks pass."
            f"</p>\n  {upload}\n</pl-question-panel>\n\n<pl-submission-panel>\n"
            "  <pl-external-grader-results></pl-external-grader-results>\n"
            "  <pl-file-preview></pl-file-preview>\n</pl-submission-panel>\n")


def readme(image: str) -> str:
    return f"""# scratchnet on PrairieLearn

1. Build and push the grading image (Docker on your machine; PrairieLearn pulls public
   images only, so it holds no course files):

       cd image
       docker build --platform linux/amd64 -t {image} .
       docker push {image}

   If you push it under another name, change `image` in `question/info.json`.
2. Copy `question/` into your course as `questions/<a name>/` and sync the course; on the
   course's Sync page, sync the image too.
3. The question's `tests/` holds the grader, the reference solution and the course secret.
   PrairieLearn copies it to `/grade/tests` for each grading and never shows it to students;
   keep the course repository private.

The entry point `/grade/tests/run.sh` grades `/grade/student` and writes
`/grade/results/results.json`; try it without PrairieLearn with
`SCRATCHNET_PRAIRIELEARN_ROOT=<a folder with tests/ and student/> question/tests/run.sh`.
"""
