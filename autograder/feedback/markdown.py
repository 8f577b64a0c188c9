"""A student's feedback as Markdown: the score per stage, then each check with its points,
its message and the diagnosis of a known mistake.

Only what the grader observed goes in: check descriptions and messages. Never the
reference solution's code and never the source of a check. Everything that can hold student
text (the name, messages, notes) goes through `text_safety.markdown_line`: it shows as
written, never as markup (no raw HTML, links or images), `code spans` kept.
"""

from autograder.checks.runner import CheckResult
from autograder.grading import GradeResult
from autograder.hints import hint_or_label
from autograder.i18n import language, stage_title, tr
from autograder.text_safety import markdown_line

FEEDBACK_NAME = "feedback.md"


def render_markdown(result: GradeResult) -> str:
    """The whole feedback file for one student, in the result's language."""
    with language(result.lang):
        return _render(result)


def _render(result: GradeResult) -> str:
    lines = [tr("# Feedback for {student}", student=markdown_line(result.student)), "",
             tr("**Score: {score} / {max_score}**", score=result.score,
                max_score=result.max_score), ""]
    if result.stages:
        lines += [tr("| stage | points |"), "| --- | --- |"]
        for stage in result.stages:
            points, possible = result.stage_score(stage)
            lines.append(f"| {stage} {stage_title(stage)} | {points} / {possible} |")
        lines.append("")
    if result.notes:  # what the code says and what loading left out: before the checks
        lines += [tr("## Notes on your submission"), ""]
        lines += [f"- {_one_line(note)}" for note in result.notes]
        lines.append("")
    for stage in result.stages:
        lines += [tr("## Stage {stage}: {title}", stage=stage, title=stage_title(stage)), ""]
        lines += [_check_line(c) for c in result.checks if c.stage == stage]
        lines.append("")
    return "\n".join(lines)


def _check_line(check: CheckResult) -> str:
    """One bullet: mark, name, points, what it checks, and (if failed) why and the diagnosis."""
    mark = tr("passed") if check.passed else tr("FAILED")
    title = _one_line(check.description or check.name)  # escaped as the messages are
    line = tr("- **{mark}** `{name}` ({points}/{max_points}): {title}", mark=mark,
              name=check.name, points=check.points, max_points=check.max_points, title=title)
    if not check.passed:
        line += f"\n  - {_one_line(check.message)}"
        if check.mistake and not check.repeats:
            line += "\n  - " + tr("Diagnosis: {diagnosis}",
                                   diagnosis=_one_line(hint_or_label(check.mistake)))
    return line


def _one_line(text: str) -> str:
    """Text kept on one Markdown list line (newlines folded, all markup escaped)."""
    return markdown_line(text)
