"""The READMEs stay true about the sample class and link each other."""

import re
from pathlib import Path

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
