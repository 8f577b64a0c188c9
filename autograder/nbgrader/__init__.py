"""The nbgrader integration: the course's notebooks graded by nbgrader, and scratchnet's
scores written where nbgrader reads them.

    hook.py          what the source notebooks' hidden test cells call (``run``, ``points``)
    hidden_tests.py  autograde's OverwriteCells without a "checksum has changed" warning for
                     every untouched graded check (the course's nbgrader_config.py uses it)
    gradebook.py     `grade --nbgrader-assignment`: scores into nbgrader's gradebook
    autograded.py    ... and the autograded/ notebooks formgrader and feedback read

Every import here is absolute, so ``import nbgrader`` is always the nbgrader library; this
package imports nothing itself, so the hook (run in a student's kernel) never imports nbgrader.
"""
