#!/usr/bin/env bash
# PrairieLearn's entry point for a scratchnet question (externalGradingOptions.entrypoint,
# /grade/tests/run.sh): grade $ROOT/student with scratchnet's grader, which lives beside
# this script, and write $ROOT/results/results.json.
#
#   SCRATCHNET_PRAIRIELEARN_ROOT    where PrairieLearn's /grade is (default /grade)
#   SCRATCHNET_PRAIRIELEARN_PYTHON  the interpreter (default: the image's /venv/bin/python)
set -uo pipefail

ROOT="${SCRATCHNET_PRAIRIELEARN_ROOT:-/grade}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${SCRATCHNET_PRAIRIELEARN_PYTHON:-/venv/bin/python}"
export SCRATCHNET_PRAIRIELEARN_ROOT="$ROOT"
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
cd "$HERE" || exit 1
"$PYTHON" -s -m autograder.prairielearn.run
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then  # the grader could not even start
  mkdir -p "$ROOT/results"
  printf '%s\n' '{"gradable": false, "score": 0.0, "format_errors": ["The autograder could not start; please tell the course staff."], "message": "The autograder could not start; please tell the course staff."}' \
    > "$ROOT/results/results.json"
fi
exit "$status"
