"""The deployment files of docs/hub/ (docs/hub.md) are well formed, and the students' image
never holds the reference solution nor the grader. Checked for syntax only: not deployed."""

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "hub"


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.yaml")), ids=lambda p: p.name)
def test_yaml_parses(path):
    documents = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    assert documents and all(isinstance(d, dict) for d in documents)


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.py")), ids=lambda p: p.name)
def test_python_parses(path):
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_hub_config_embeds_valid_python():
    config = yaml.safe_load((FOLDER / "config.yaml").read_text(encoding="utf-8"))
    for name, code in config["hub"]["extraConfig"].items():
        ast.parse(code, filename=name)
    assert config["singleuser"]["image"]["name"].endswith("/student")


def test_the_two_tokens_are_meant_to_be_one():
    ngshare = yaml.safe_load((FOLDER / "ngshare-values.yaml").read_text(encoding="utf-8"))
    assert "REPLACE" in ngshare["ngshare"]["hub_api_token"]
    assert "api_token" in (FOLDER / "config.yaml").read_text(encoding="utf-8")


def test_the_students_image_holds_no_solution():
    dockerfile = (FOLDER / "student.Dockerfile").read_text(encoding="utf-8")
    instructions = [line for line in dockerfile.splitlines()
                    if line and not line.startswith("#")]
    assert instructions[0].startswith("FROM ")
    text = "\n".join(instructions)
    for forbidden in ("solutions", "autograder", "scratchnet", "pip install -e", "COPY . "):
        assert forbidden not in text, f"the students' image must not get {forbidden!r}"
    assert re.search(r"labextension disable .*nbgrader:formgrader", text)
    copied = re.findall(r"^COPY (\S+)", text, re.MULTILINE)
    assert all((FOLDER / name).is_file() for name in copied)


def test_the_page_names_every_file():
    page = (ROOT / "docs" / "hub.md").read_text(encoding="utf-8")
    for path in FOLDER.iterdir():
        assert f"docs/hub/{path.name}" in page, f"docs/hub.md does not name {path.name}"
