"""A plain CSV of the export: one row per student, every identity the roster has.

    plain_csv(matching, columns, roster) -> str

    student,name,<the roster's identity columns>,<column>,...,possible
    ada,Ada Lovelace,ada@example.edu,44,44

"possible" is the points possible of the row's columns added up; an empty grade cell means
the stage was not graded for that student.
"""

from __future__ import annotations

from autograder.lms.grades import Column, Matching
from autograder.lms.roster import Roster
from autograder.lms.table import csv_text


def plain_csv(matching: Matching, columns: list[Column], roster: Roster) -> str:
    ids = [c for c in roster.columns if c != "name"]
    rows: list[list] = [["student", "name", *ids, *(c.header for c in columns), "possible"]]
    total = sum(c.possible for c in columns)
    for row in matching.rows:
        person = row.person
        rows.append([person.student, person.name, *(person.get(c) for c in ids), *row.points,
                     total])
    return csv_text(rows)
