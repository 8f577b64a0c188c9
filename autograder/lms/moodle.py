"""Moodle's grade import: Grades > Import > CSV file.

    moodle_csv(matching, columns, identifier) -> str

Moodle's importer (grade/import/csv) asks which file column identifies the user ("Map
from") and which user field it holds ("Map to": email address, username or ID number), then
which grade item each other column goes to (an existing item, or a new one named by the
header). An empty cell is no grade. Every user in the file must exist in Moodle, or the
whole import stops, so only roster students are written:

    <identifier>,Full name,<column>,...
    ada@example.edu,Ada Lovelace,44,...

"Full name" is there for the person checking the file; map it to nothing ("Ignore").
"""

from __future__ import annotations

from autograder.lms.grades import Column, Matching
from autograder.lms.roster import Roster
from autograder.lms.table import csv_text

#: Roster column -> the header written (Moodle's names for the user fields).
IDENTIFIERS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
NAME_HEADER = "Full name"


def check_roster(roster: Roster, identifier: str) -> None:
    """RosterError unless every person has the chosen identifier."""
    roster.require((identifier,), f"Moodle's import by {IDENTIFIERS[identifier].lower()}")


def moodle_csv(matching: Matching, columns: list[Column], identifier: str = "email") -> str:
    """The import file: the header, then one row per matched student."""
    rows: list[list] = [[IDENTIFIERS[identifier], NAME_HEADER, *(c.header for c in columns)]]
    for row in matching.rows:
        rows.append([row.person.get(identifier), row.person.name, *row.points])
    return csv_text(rows)
