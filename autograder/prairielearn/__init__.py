"""Grading on PrairieLearn: a question directory, its grading image, and the entry point.

    bundle.py    build_bundle(out, stages, ...): question/ (info.json, question.html,
                 tests/ with the grader) and image/ (Dockerfile, requirements.txt)
    results.py   to_prairielearn(result, figures) and fit(data): PrairieLearn's
                 results.json, never over its 1 MB limit
    run.py       what the entry point runs: grade /grade/student, write
                 /grade/results/results.json
    run.sh       the entry point (question/tests/run.sh, /grade/tests/run.sh when grading)
    Dockerfile   the grading image: prairielearn/grader-python plus what the grader needs

Isolation is the Gradescope autograder's (autograder.gradescope.isolation): bubblewrap, else
the image's unprivileged user "ag", else resource limits only.
"""
