"""Grading on Gradescope: the autograder bundle and what runs inside the container.

    bundle.py       build_bundle(out, stages): the zip uploaded to Gradescope
    run.py          run_autograder's Python side: grade /autograder/submission, write results
    results.py      results.json: Gradescope's schema, written per submission, read back
    isolation.py    bubblewrap, else an unprivileged user, else resource limits only
    setup.sh        image setup: dependencies, bubblewrap, the sandbox user, permissions
    run_autograder  the per-submission entry point Gradescope calls
"""
