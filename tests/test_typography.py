"""Chinese typography (assignments/text/README.md, "Chinese typography"): the Chinese
documents, the grader's Chinese messages and README.zh-CN.md follow the same rules:
full-width punctuation and “” quotes in Chinese sentences, no full-width brackets inside
full-width brackets, no line break (so no space) inside a Chinese paragraph, one space
between Chinese and Latin text, digits, code or maths, none next to full-width punctuation,
no italics on Chinese text and no hyphen in a range of numbers."""

import sys
from pathlib import Path

import pytest

from tests.test_notebooks import STAGES, build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "assignments"))
import documents  # noqa: E402
import typography  # noqa: E402

babel = pytest.importorskip("babel", reason="Babel (the dev extra) reads the catalogs")
from babel.messages.pofile import read_po  # noqa: E402

ZH = "zh"
PO = ROOT / "autograder" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "scratchnet.po"


def _said(where: str, found: list[tuple[int, str, str]], first_line: int = 1) -> list[str]:
    return [f"{where}:{first_line + line - 1}: {rule}: {excerpt!r}"
            for line, rule, excerpt in found]


def document_problems(stage: int) -> list[str]:
    """The problems of one Chinese document: its Markdown cells (as Markdown) and its
    translations of code text (comments, docstrings, messages: plain text)."""
    path = build.document_path(stage, ZH)
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for section in documents.read(path, ZH):
        if section.text:  # a Markdown cell starts on the line after its marker
            start = section.line + 1
            while not lines[start - 1].strip():
                start += 1
            out += _said(path.name, typography.problems(section.text), start)
        for _, zh in section.pairs:
            out += _said(f"{path.name} (after line {section.line})",
                         typography.problems(zh, markdown=False))
    return out


def catalog_problems() -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    out = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            out += [f"scratchnet.po {english[:50]!r}: {rule}: {excerpt!r}"
                    for _, rule, excerpt in typography.problems(text, markdown=False)]
    return out


@pytest.mark.parametrize("stage", STAGES)
def test_the_chinese_documents_follow_the_typography(stage):
    assert document_problems(stage) == []


def test_the_chinese_catalog_follows_the_typography():
    assert catalog_problems() == []


def test_readme_zh_follows_the_typography():
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert _said("README.zh-CN.md", typography.problems(text)) == []


# --- the checker itself ----------------------------------------------------------------------

@pytest.mark.parametrize("bad, rule", [
    ("它是一个3-4-1 网络。", "no space between Chinese and Latin"),
    ("调用`sigmoid` 即可。", "no space between Chinese and Latin"),
    ("输出为$\\hat y$。", "no space between Chinese and Latin"),
    ("网络计算的是预测值,再求和。", "ASCII punctuation"),
    ("返回 (函数, 导数) 这一对。", "ASCII brackets"),
    ('文章里"常数输入"的技巧。', "ASCII or corner quotes"),
    ("文章里「常数输入」的技巧。", "ASCII or corner quotes"),
    ("输出层（读作“y hat”，即预测（prediction））。", "full-width brackets inside"),
    ("其中 $b_2$ 是 $(1, 1)$， $\\hat y$ 是 $(1, 1)$。", "a space next to full-width"),
    ("**任务。** 当前两个输入中恰好有一个是 1。", "a space next to full-width"),
    ("每一行只由\n$X$ 的第 $i$ 行算出。", "a line break inside"),
    ("sigmoid 的 **导数**（derivative）。", "a space between two Chinese"),
    ("*注意*：文章的代码把导数写成 `x * (1 - x)`。", "italics on Chinese text"),
    ("课程：*用 Python 从零实现神经网络*。", "italics on Chinese text"),
    ("没有标明阶段的文件按第 1-5 阶段评分。", "a hyphen in a range of numbers"),
])
def test_the_checker_finds_each_rule_broken(bad, rule):
    assert any(found.startswith(rule) for _, found, _ in typography.problems(bad)), (
        bad, typography.problems(bad))


def test_the_checker_leaves_code_maths_and_placeholders_alone():
    good = ("一个 3-4-1 网络：`sigmoid(z)` 对 $z$ 的每个元素计算 σ。“公开”检查（1 分）。\n\n"
            "```python\nx = f(\"文本\",1)\n```\n\n"
            "$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
            "* 第一项：**梯度下降**；\n* 第二项，见 [说明](https://example.org/a(b))。\n\n"
            "| 阶段 | 得分 |\n| --- | --- |\n| 第 1 阶段 | {points} 分 |\n\n"
            "**注意**：请运行 *Kernel → Restart Kernel and Run All Cells*，第 1～5 阶段。")
    assert typography.problems(good) == []
    assert typography.problems("{what} 应该是{expected}，但它是{value}", markdown=False) == []
