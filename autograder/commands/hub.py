"""`scratchnet hub`: the course on a real JupyterHub on this machine, for trying it.

Not for production: every account shares one password, the hub listens on this machine only
unless told otherwise, and everything it made is removed when it stops. A course beyond one
machine: docs/hub.md.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from autograder.commands.status import EXIT_STATUS, HelpFormatter
from autograder.i18n import language, tr

_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "hub",
        help="try the course on a real JupyterHub on this machine (not for production)",
        description=(
            "Start JupyterHub on this machine with the course: Unix accounts for an "
            "instructor and students, nbgrader's exchange, formgrader for the instructor and "
            "the assignment list for the students. For trying the course, not for production: "
            "the accounts share one password, and the accounts, their files and the hub are "
            "removed when it stops (Ctrl+C). Needs root, jupyterhub and "
            "configurable-http-proxy."
        ),
        epilog=EXIT_STATUS, formatter_class=HelpFormatter,
    )
    p.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    p.add_argument("--ip", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--students", type=int, default=2, help="how many student accounts (2)")
    p.add_argument("--prefix", default="scratchnet-",
                   help="the accounts' names start with this (default scratchnet-)")
    p.add_argument("--password", default=None,
                   help="the accounts' shared password (default: a random one, printed)")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="the language of these messages (default: the locale, else en)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from autograder.i18n.choose import default_language

    with language(default_language(args.lang, None)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from autograder.hub import CourseHub, missing_parts
    from autograder.hub.hub import stop_on_sigterm

    err = sys.stderr
    print(tr("scratchnet hub is for trying the course on this machine, not for production: "
             "the accounts share one password, and everything it makes is removed when it "
             "stops."), file=err)
    if not 1 <= args.students <= 50:
        print(tr("scratchnet hub: --students must be between 1 and 50"), file=err)
        return 2
    instructor = f"{args.prefix}instructor"
    students = tuple(f"{args.prefix}student{i}" for i in range(1, args.students + 1))
    bad = [name for name in (instructor, *students) if not _NAME.match(name)]
    if bad:
        print(tr("scratchnet hub: {name} is not a valid account name: choose another "
                 "--prefix", name=bad[0]), file=err)
        return 2
    if args.password is not None and len(args.password) < 8:
        print(tr("scratchnet hub: --password must be at least 8 characters"), file=err)
        return 2
    missing = missing_parts()
    if missing:
        print(tr("scratchnet hub cannot start here; it needs: {missing}",
                 missing="; ".join(missing)), file=err)
        return 1
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "assignments" / "source").is_dir():
        print(tr("scratchnet hub needs the course's notebooks (assignments/source): run it "
                 "from a checkout of scratchnet installed with pip install -e ."), file=err)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="scratchnet-hub-")) / "hub"
    workdir.parent.chmod(0o755)  # the accounts reach their homes below it
    print(tr("Setting up the accounts, the course and JupyterHub (about a minute)..."),
          file=err)
    try:
        with stop_on_sigterm(), CourseHub(
                workdir, repo, instructor=instructor, students=students, ip=args.ip,
                port=args.port, password=args.password) as hub:
            _say_how_to_use(hub)
            while hub.process is not None and hub.process.poll() is None:
                time.sleep(1)
            print(tr("JupyterHub stopped; its log: {path}", path=hub.log_path), file=err)
            return 1
    except KeyboardInterrupt:
        print(tr("Stopped: the accounts, their files and the hub are removed."), file=err)
        return 0
    except RuntimeError as error:
        print(tr("scratchnet hub could not start: {error}", error=error), file=err)
        return 1
    finally:
        shutil.rmtree(workdir.parent, ignore_errors=True)


def _say_how_to_use(hub) -> None:
    instructor = hub.instructor.name
    lines = [
        "",
        tr("JupyterHub is running at {url}", url=hub.url),
        tr("Log in with one of these accounts; the password of every one is {password}",
           password=hub.password),
        "",
        tr("  {name}  the instructor: Nbgrader > Formgrader to generate, release, collect "
           "and return feedback; the Chinese course is at {url}",
           name=instructor, url=f"{hub.url}/hub/spawn/{instructor}/zh"),
        tr("      grade in a terminal of their JupyterLab: cd course && scratchnet grade "
           "submitted --nbgrader-assignment 01_sigmoid"),
    ]
    lines += [tr("  {name}  a student: Nbgrader > Assignment List to fetch, validate and "
                 "submit", name=s.name) for s in hub.students]
    lines += ["", tr("For trying only, not for production. Press Ctrl+C to stop: the "
                     "accounts, their files and the hub are removed."), ""]
    print("\n".join(lines), flush=True)
