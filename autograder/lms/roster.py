"""The roster: which LMS person each name the grader knows stands for.

    read_roster(path) -> Roster          # RosterError with every problem found

A CSV file (UTF-8, with or without a byte-order mark; comma or semicolon separated) with a
header row. Column names are case-insensitive, in any order:

    student       required: the name `scratchnet grade` gives the submission (the folder or
                  file name without its suffix, or the nbgrader student id)
    name          the person's name as the LMS shows it (default: student)
    email, username, idnumber                   Moodle's user fields (see moodle.py)
    canvas_id, sis_user_id, sis_login_id, section   Canvas's columns (see canvas.py)

Any other column is refused, so a misspelt header cannot silently leave identities empty.
Names are compared after Unicode NFC normalisation and trimming spaces, nothing more.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

STUDENT = "student"
IDENTITY_COLUMNS = ("name", "email", "username", "idnumber", "canvas_id", "sis_user_id",
                    "sis_login_id", "section")
COLUMNS = (STUDENT, *IDENTITY_COLUMNS)
#: Columns whose value may belong to one person only.
UNIQUE_COLUMNS = ("email", "username", "idnumber", "canvas_id", "sis_user_id", "sis_login_id")
MAX_BYTES = 20 * 1024 * 1024
#: Problems listed in one error before "... and N more".
SHOWN_PROBLEMS = 10


class RosterError(ValueError):
    """The roster cannot be used; the message lists what is wrong (one problem a line)."""


@dataclass(frozen=True)
class Person:
    """One roster row: the grader's name and the person's LMS identities ("" when absent)."""

    student: str
    name: str
    ids: dict[str, str] = field(default_factory=dict)
    line: int = 0

    def get(self, column: str) -> str:
        return self.ids.get(column, "")


@dataclass
class Roster:
    """people: in the roster's order. columns: the identity columns the file has."""

    people: list[Person]
    columns: tuple[str, ...]
    path: Path

    def by_student(self) -> dict[str, Person]:
        return {person.student: person for person in self.people}

    def require(self, any_of: tuple[str, ...], why: str) -> None:
        """RosterError unless every person has at least one of the columns `any_of`."""
        missing = [p for p in self.people if not any(p.get(c) for c in any_of)]
        if missing:
            wanted = " or ".join(any_of)
            raise RosterError(_listed(
                [f"line {p.line} ({p.student}): no {wanted}" for p in missing],
                f"{self.path}: {why} needs {wanted} for every student"))


def normalize(name: str) -> str:
    """How names are compared: NFC, surrounding spaces removed."""
    return unicodedata.normalize("NFC", name).strip()


def read_roster(path: Path) -> Roster:
    """Read and check the roster at `path`; RosterError says what is wrong."""
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():  # a pipe, a device
            raise RosterError(f"{path}: not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise RosterError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; is it a roster?")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RosterError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError as error:
        raise RosterError(f"{path}: not UTF-8 (byte {error.start}); save it as "
                          "\"CSV UTF-8\"") from None
    except OSError as error:
        raise RosterError(f"{path}: cannot be read ({error.strerror or error})") from None
    rows = _rows(text, path)
    header = [normalize(cell).lower() for cell in rows[0]]
    _check_header(header, path)
    people, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave them
        if len(row) > len(header):
            problems.append(f"line {line}: {len(row)} cells for {len(header)} columns")
            continue
        values = {column: normalize(cell) for column, cell in zip(header, row, strict=False)}
        student = values.get(STUDENT, "")
        if not student:
            problems.append(f"line {line}: the student cell is empty")
            continue
        for column in (STUDENT, *UNIQUE_COLUMNS):
            value = values.get(column, "")
            if value and (column, value) in seen:
                problems.append(f"line {line}: {column} {value!r} is also on line "
                                f"{seen[column, value]}")
            elif value:
                seen[column, value] = line
        ids = {c: values[c] for c in IDENTITY_COLUMNS if values.get(c) and c != "name"}
        people.append(Person(student, values.get("name") or student, ids, line))
    if problems:
        raise RosterError(_listed(problems, f"{path}: the roster has problems"))
    if not people:
        raise RosterError(f"{path}: the roster lists no student")
    columns = tuple(c for c in IDENTITY_COLUMNS if c in header)
    return Roster(people, columns, path)


def _rows(text: str, path: Path) -> list[list[str]]:
    if "\x00" in text:
        raise RosterError(f"{path}: has NUL bytes; is it a spreadsheet file rather than CSV?")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise RosterError(f"{path}: not valid CSV ({error})") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RosterError(f"{path}: empty (expected a header row with a student column)")
    return rows


def _check_header(header: list[str], path: Path) -> None:
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise RosterError(f"{path}: unknown column(s) {', '.join(map(repr, unknown))}; a "
                          f"roster has {STUDENT} and any of {', '.join(IDENTITY_COLUMNS)}")
    if STUDENT not in header:
        raise RosterError(f"{path}: no {STUDENT} column (the name `scratchnet grade` gives "
                          "each submission)")
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        raise RosterError(f"{path}: column(s) {', '.join(doubled)} appear more than once")


def _listed(problems: list[str], title: str) -> str:
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    return "\n  ".join([title + ":", *shown] + ([f"... and {more} more"] if more else []))
