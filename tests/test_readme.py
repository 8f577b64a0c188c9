"""The READMEs stay true: the sample class, the links between them, every command they show
(true to the parsers), and the Chinese README carries what the English one says."""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_readmes_count_the_sample_class_right():
    folder = ROOT / "course_data" / "sample_submissions"
    students = [p for p in folder.iterdir() if p.name != "README.md"
                and not p.name.startswith(".") and p.name != "__pycache__"]
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert re.findall(r"sample class \((\d+) students", english) == [str(len(students))]
    assert re.findall(r"示例班级评分（(\d+) 名学生", chinese) == [str(len(students))]


def test_the_readmes_link_each_other():
    assert "(README.zh-CN.md)" in (ROOT / "README.md").read_text(encoding="utf-8")[:200]
    assert "(README.md)" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")[:200]


# --- the commands the READMEs show are true to the code ------------------------------------

READMES = ("README.md", "README.zh-CN.md")
FENCE = re.compile(r"```bash\n(.*?)```", re.DOTALL)
SPAN = re.compile(r"`([^`\n]+)`")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
#: "--format table|json|csv": the values a synopsis offers for an option
VALUES = re.compile(r"(--[\w-]+)[ =]([a-z0-9_]+(?:\|[a-z0-9_]+)+)")


def commands(name: str) -> list[str]:
    """Every command a README shows: each line of its bash blocks (split at &&, comments
    dropped) and each inline code span that starts with a command."""
    text = (ROOT / name).read_text(encoding="utf-8")
    found = [part.split("  #")[0].strip() for block in FENCE.findall(text)
             for line in block.splitlines() for part in line.split("&&")]
    found += SPAN.findall(text)
    return [c for c in found if re.match(r"(scratchnet|pytest|python3?|nbgrader|cd) ", c)]


def _help_options(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, *argv, "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return set(OPTION.findall(done.stdout))


@pytest.mark.slow
@pytest.mark.parametrize("name", READMES)
def test_every_command_in_the_readme_is_true_to_the_code(name):
    """Each `scratchnet` subcommand, option and offered value exists (the parser of
    `python -m autograder.cli`), so do the options of the pytest plugin and of the tests'
    conftest.py, the scripts and the options of the course's tools."""
    from autograder.cli import build_parser

    subparsers = next(a for a in build_parser()._actions
                      if isinstance(a, argparse._SubParsersAction)).choices
    plugin = {option for source in ("autograder/pytest_plugin.py", "tests/conftest.py")
              for option in re.findall(r'addoption\("(--[\w-]+)"', (ROOT / source).read_text())}
    tools = {}
    wrong = []
    for command in commands(name):
        words = command.split()
        if words[0] == "scratchnet":
            sub = subparsers.get(words[1]) if len(words) > 1 else None
            if sub is None:
                wrong.append(f"{command}: no such subcommand")
                continue
            actions = {s: a for a in sub._actions for s in a.option_strings}
            wrong += [f"{command}: {o} is not an option" for o in OPTION.findall(command)
                      if o not in actions]
            for option, offered in VALUES.findall(command):
                choices = getattr(actions.get(option), "choices", None)
                if choices and not set(offered.split("|")) <= set(choices):
                    wrong.append(f"{command}: {option} takes {sorted(choices)}")
        elif words[0] == "pytest":
            wrong += [f"{command}: {o}" for o in OPTION.findall(command)
                      if o not in plugin | {"-q", "-x", "-m"}]
        elif words[0].startswith("python") and len(words) > 1:
            script = words[1:3] if words[1] == "-m" else words[1:2]
            if script[0] != "-m" and not (ROOT / script[0]).exists():
                wrong.append(f"{command}: no file {script[0]}")
                continue
            if script == ["-m", "venv"] or "tests/benchmarks/" in script[0]:
                continue
            key = tuple(script)
            tools.setdefault(key, _help_options(*key))
            wrong += [f"{command}: {o}" for o in OPTION.findall(" ".join(words[len(key) + 1:]))
                      if o not in tools[key]]
    assert wrong == []


def test_the_chinese_readme_runs_nbgrader_in_the_chinese_course():
    """nbgrader's commands of README.zh-CN.md run in assignments/zh, the Chinese course
    (assignments/ is the English one), and the grade command grades its submitted/."""
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    blocks = [block for block in FENCE.findall(text) if "nbgrader " in block]
    assert blocks and all(block.startswith("cd assignments/zh\n") for block in blocks)
    assert "scratchnet grade assignments/zh/submitted --nbgrader-assignment" in text
    assert "cd assignments\n" not in text
    assert "# 在这里写你的代码 (YOUR CODE HERE)" in text and "评分检查" in text
    assert "YOUR CODE HERE`" not in text.replace("(YOUR CODE HERE)`", "")
    assert "Graded check" not in text


def test_the_chinese_readme_says_what_the_english_one_says():
    """README.zh-CN.md carries README.md for the Chinese course: every subcommand and option,
    file, folder, environment variable and benchmark the English README names is named in the
    Chinese one too (paths of the English course given as the Chinese course's)."""
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    names = {s for s in SPAN.findall(english)
             if re.search(r"/|\.(py|md|toml|csv|html|json|png|zip|sh)\b|^SCRATCHNET_|^--", s)
             and not s.startswith("scratchnet ")}
    names |= {f"scratchnet {sub}" for sub in re.findall(r"`scratchnet ([a-z-]+)", english)}
    names |= set(re.findall(r"SCRATCHNET_[A-Z_]+", english))

    def said(name: str) -> bool:
        return any(form in chinese for form in (
            name, name.replace("assignments/submitted", "assignments/zh/submitted"),
            name.replace("cd assignments", "cd assignments/zh")))

    assert sorted(n for n in names if not said(n)) == []
    # and the test command is the English README's
    assert re.search(r"```bash\n(pip install -e \"\.\[dev\]\".*)\n```", english).group(1) in chinese
