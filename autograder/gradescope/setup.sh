#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (the zip is
# unpacked in $ROOT/source). It installs Python and the grader's dependencies, bubblewrap
# for the sandbox, and creates the unprivileged user that runs submissions when bubblewrap
# cannot create namespaces in the container; then it makes the grader's files, the
# reference solution and the results folder unreadable to that user.
#
#   SCRATCHNET_GRADESCOPE_ROOT  where Gradescope's /autograder is (default /autograder)
#   SCRATCHNET_SANDBOX_USER     the unprivileged user (default scratchnet-student)
#   SCRATCHNET_SKIP_INSTALL=1   skip apt and pip (an image that already has them; tests)
set -euo pipefail

ROOT="${SCRATCHNET_GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/venv"
SANDBOX_USER="${SCRATCHNET_SANDBOX_USER:-scratchnet-student}"

if [ "${SCRATCHNET_SKIP_INSTALL:-0}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends bubblewrap util-linux passwd \
    python3 python3-venv python3-pip
  PYTHON=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PYTHON="$candidate"
      break
    fi
  done
  if [ -z "$PYTHON" ]; then  # e.g. Ubuntu 22.04, whose python3 is 3.10
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
  fi
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r "$SOURCE/requirements.txt"
fi

# Byte-compile the grader once, into the image, as pip does for what it installs: each
# submission's container would otherwise compile it again (about 0.2 s of every grading).
COMPILER="${SCRATCHNET_GRADESCOPE_PYTHON:-$VENV/bin/python}"
if command -v "$COMPILER" >/dev/null 2>&1; then
  "$COMPILER" -m compileall -q "$SOURCE/autograder" "$SOURCE/solutions" "$SOURCE/course_data" \
    >/dev/null || echo "scratchnet: could not byte-compile the grader (it still runs)"
fi

# The user submissions run as when bubblewrap is not available (no home, no login).
if ! id -u "$SANDBOX_USER" >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$SANDBOX_USER"
fi
printf '%s\n' "$SANDBOX_USER" > "$SOURCE/sandbox_user"

# Root may pass through $ROOT, but not list it; the grader, the reference solution, the
# course secret, the submission and the results belong to root alone. The virtual
# environment (numpy, matplotlib) must stay readable: the submission imports from it.
chmod 711 "$ROOT"
chown -R root:root "$SOURCE"
chmod -R go-rwx "$SOURCE"
mkdir -p "$ROOT/results"
chmod 700 "$ROOT/results"
if [ -d "$VENV" ]; then
  chmod -R go+rX,go-w "$VENV"
fi
echo "scratchnet autograder set up in $ROOT (sandbox user: $SANDBOX_USER)"
