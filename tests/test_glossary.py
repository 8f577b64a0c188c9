"""One word per concept in the Chinese course: the glossary (assignments/glossary.csv) holds
for the notebooks, the grader's catalog and README.zh-CN.md alike, and a check's description
has one source, the catalog, shown by both the notebook and the grader's feedback."""

import re
import sys
from pathlib import Path

import pytest

from autograder.checks import REGISTRY
from autograder.i18n import language, tr
from tests.lazy import LazyModule
from tests.test_notebooks import STAGES, build

nbformat = LazyModule("nbformat")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "assignments"))  # the build's modules (the build adds it too)
import code_text  # noqa: E402
import documents  # noqa: E402
import glossary  # noqa: E402

babel = pytest.importorskip("babel", reason="Babel (the dev extra) reads the catalogs")
from babel.messages.pofile import read_po  # noqa: E402

TERMS = glossary.load()
ZH = "zh"
CJK = code_text.CJK
PO = ROOT / "autograder" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "scratchnet.po"


def read_zh(stage: int) -> "nbformat.NotebookNode":
    return nbformat.read(build.notebook_path(stage, ZH), as_version=4)


def catalog_strings() -> list[tuple[str, str, str]]:
    """(English, Chinese, where) of every entry of the Chinese catalog (each plural form)."""
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    out = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        out += [(english, s, f"scratchnet.po: {english[:60]!r}") for s in strings if s]
    return out


def notebook_texts() -> list[tuple[str, str]]:
    """(where, text) of the Chinese notebooks as built: every Markdown cell and every text a
    student reads in a code cell (comments, docstrings, messages, the graded checks)."""
    texts = []
    for stage in STAGES:
        for index, cell in enumerate(read_zh(stage).cells):
            where = f"{build.STAGES[stage]}.ipynb cell {index}"
            if cell.cell_type == "markdown":
                texts.append((where, cell.source))
            else:
                texts += [(where, piece.text) for piece in code_text.pieces(cell.source)
                          if CJK.search(piece.text)]
    return texts


def document_texts() -> list[tuple[str, str]]:
    """(where, text) of the Chinese documents: Markdown and the translations of code text."""
    texts = []
    for stage in STAGES:
        path = build.document_path(stage, ZH)
        for section in documents.read(path, ZH):
            where = f"{path.name}:{section.line}"
            if section.text:
                texts.append((where, section.text))
            texts += [(where, zh) for _, zh in section.pairs]
    return texts


SOURCES = {
    "notebooks": notebook_texts,
    "documents": document_texts,
    "catalog": lambda: [(where, zh) for _, zh, where in catalog_strings()],
    "README.zh-CN.md": lambda: [("README.zh-CN.md", (ROOT / "README.zh-CN.md")
                                 .read_text(encoding="utf-8"))],
}


# --- the glossary itself -----------------------------------------------------------------------

def test_glossary_is_sound():
    chinese = [t.chinese for t in TERMS]
    assert len(chinese) == len(set(chinese)) and len(TERMS) >= 60
    for term in TERMS:
        assert term.english[0] and CJK.search(term.chinese), term
        assert term.kind in ("term", "wording"), term
        assert term.rejected, f"{term.english[0]}: name at least one rejected rendering"
        assert term.chinese not in term.rejected, term
    # a correct text never trips over a rejected rendering, even one inside an accepted term
    # (单元 inside 单元格)
    everything = "；".join(chinese)
    assert glossary.rejected_uses(everything, TERMS) == []
    seed = {"神经网络", "输入层", "隐藏层", "输出层", "权值", "偏置", "激活函数", "前向传播",
            "损失函数", "误差平方和", "反向传播", "梯度下降", "链式法则", "学习率", "迭代",
            "过拟合", "梯度", "导数", "预测", "真实值", "泛化"}
    assert seed <= set(chinese)


def test_glossary_covers_the_words_of_the_review():
    """The pairs a native reviewer found used both ways (issue 22) have one rendering each."""
    for accepted, rejected in (("真实值", "目标值"), ("参考答案", "参考实现"),
                               ("隐藏神经元", "隐藏单元"), ("单元格", "单元"),
                               ("公开检查", "可见检查"), ("笔记本", "notebook"),
                               ("文章", "原文"), ("逐元素", "逐个元素"), ("应该", "应当"),
                               ("折点", "拐点"), ("得分", "所评分数")):
        term = next(t for t in TERMS if t.chinese == accepted)
        assert rejected in term.rejected, (accepted, rejected)


def test_glossary_checks_catch_their_mistakes():
    good = ("神经网络（neural network）用梯度下降（gradient descent）学习："
            "梯度 (gradient) 指向上坡。运行这个单元格，再看笔记本。")
    assert glossary.missing_english(good, TERMS) == []
    assert glossary.rejected_uses(good, TERMS) == []
    # no English on first use; the use inside 梯度下降 does not count for 梯度; a "wording"
    # entry (单元格) needs no English
    bad = "## 神经网络（neural network）\n神经网络用梯度下降法训练，梯度（gradient）……"
    assert [t.english[0] for t in glossary.missing_english(bad, TERMS)] == [
        "neural network", "gradient descent"]
    uses = glossary.rejected_uses("权重越大，越容易过度拟合；斜度为负。运行这个单元。", TERMS)
    assert [(t.english[0], bad) for t, bad in uses] == [
        ("weight", "权重"), ("overfitting", "过度拟合"), ("gradient", "斜度"), ("cell", "单元")]
    # code is not text: names and placeholders may hold any word
    assert glossary.rejected_uses("用 `notebook_path` 和 {目标} 计算", TERMS) == []


# --- one rendering everywhere --------------------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES)
def test_chinese_texts_use_the_glossary_renderings(source):
    found = [f"{where}: {bad} (say {term.chinese} for {term.english[0]})"
             for where, text in SOURCES[source]()
             for term, bad in glossary.rejected_uses(text, TERMS)]
    assert found == []


def course_markdown() -> str:
    """The running text of the whole Chinese course: every Markdown cell, stages in order."""
    return "\n\n".join(c.source for stage in STAGES for c in read_zh(stage).cells
                       if c.cell_type == "markdown")


def test_glossary_terms_have_their_english_on_first_use_in_the_course():
    missing = glossary.missing_english(course_markdown(), TERMS)
    assert [f"{t.chinese} ({t.english[0]})" for t in missing] == []


def test_english_glosses_are_given_once_in_the_course():
    """梯度（gradient） on its first use in the course, then 梯度: not in every stage again."""
    assert glossary.repeated_glosses(course_markdown()) == {}
    twice = "神经网络（neural network）……反向传播（backpropagation）……神经网络（neural networks）"
    assert glossary.repeated_glosses(twice) == {"neural network": 2}
    assert glossary.repeated_glosses("`f(x)` 和 $g(y)$、**偏置**（bias）") == {}


#: English words of the grader's messages and the one Chinese term each must become (the
#: English is matched in prose only: not in `code` or {placeholders}).
SAID_AS = {
    r"\breference('s)?\b": "参考答案", r"\bhidden units?\b": "隐藏神经元", r"\bkink\b": "折点",
    r"\b(article|seed)('s)?\b": "文章", r"\bnotebooks?\b": "笔记本", r"\bcells?\b": "单元格",
    r"\bcentral differences?\b": "中心差分", r"\bnumerical gradients?\b": "数值梯度",
    r"\btargets?\b": "真实值", r"\bone-hot\b": "独热", r"\bcross-entropy\b": "交叉熵",
    r"\bsubgradient\b": "次梯度", r"\blearning rate\b": "学习率",
    r"\bgradient descent\b": "梯度下降", r"\bhalf-moons?\b": "半月形", r"\bsamples?\b": "样本",
    r"\bweights\b": "权值", r"\bbias(es)?\b": "偏置", r"\bgradients?\b": "梯度",
    r"\bderivatives?\b": "导数", r"\btranspose[ds]?\b": "转置",
}
#: Tokens that are code even outside backticks (np.zeros(shape), self.weights1, y.shape).
CODE_WORD = re.compile(r"\S*[._=(\[]\S*")


def test_the_catalog_says_each_concept_with_its_glossary_term():
    wrong = []
    for english, chinese, where in catalog_strings():
        prose = CODE_WORD.sub(" ", glossary.prose(english))
        wrong += [f"{where}: {term} missing in {chinese!r}" for pattern, term in SAID_AS.items()
                  if re.search(pattern, prose, re.IGNORECASE) and term not in chinese]
    assert wrong == []


# --- a check's description: one catalog message for the notebook and the feedback -----------

def graded_comment(stage: int, name: str) -> str:
    """The comment lines of the graded cell of check ``name`` in the Chinese notebook."""
    for cell in read_zh(stage).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"check_{name}":
            head = cell.source.split("### BEGIN HIDDEN TESTS")[0]
            return "\n".join(line[2:] for line in head.strip().splitlines())
    raise AssertionError(f"no graded cell for {name}")


def test_every_visible_check_is_described_as_the_feedback_describes_it():
    from autograder.checks.runner import run_checks

    with language(ZH):
        described = {c.name: c.description for c in run_checks(object(), seed=1)}
    visible = [c for c in REGISTRY if c.visibility == "visible"]
    assert len(visible) >= 40
    for check in visible:
        with language(ZH):
            translated = tr(check.description)
        assert translated != check.description and CJK.search(translated), check.name
        assert described[check.name] == translated, check.name
        lines = graded_comment(check.stage, check.name).splitlines()
        assert lines[1] == translated, (check.name, lines)
        assert lines[0].startswith(f"评分检查 `{check.name}`（{check.points} 分，公开）"), lines


def test_a_hidden_check_keeps_its_description_out_of_the_notebook():
    for check in (c for c in REGISTRY if c.visibility == "hidden"):
        with language(ZH):
            translated = tr(check.description)
        comment = graded_comment(check.stage, check.name)
        assert translated not in comment and "隐藏" in comment.splitlines()[0], check.name


def test_the_documents_do_not_translate_the_check_descriptions():
    """The descriptions come from the catalog only; the documents give the frame around them
    (notebook_code.CHECK_FRAME) once, and no graded-check comment of their own."""
    comments = {build.notebook_code.check_comment(c.name, c.points, c.visibility, c.description)
                for c in REGISTRY}
    table, frame = build._pairs(ZH)
    assert set(frame) == set(build.notebook_code.CHECK_FRAME)
    assert comments.isdisjoint(table)
    assert comments <= set(build.translations(ZH))


def test_the_build_refuses_a_description_the_catalog_does_not_translate():
    with pytest.raises(documents.DocumentError, match="no zh translation"):
        build.check_description("A description nobody has translated.", ZH)
