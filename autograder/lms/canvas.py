"""Canvas's gradebook import: the CSV that Canvas's own gradebook export writes.

    canvas_csv(matching, columns) -> str

Canvas reads (Grades > Import; its importer, app/models/gradebook_importer.rb):

    Student,ID,SIS User ID,SIS Login ID,Section,<assignment>,...
        Points Possible,,,,,<points>,...
    <name>,<canvas id>,<sis user id>,<sis login id>,<section>,<score>,...

It finds each student by ID (the Canvas user id) first, then SIS User ID, then SIS Login ID,
and only then by name, so the roster must give one of the three ids (names are not unique).
An assignment column headed "Name (12345)", as Canvas exports it, updates assignment 12345;
a header without an id updates the assignment of that title, or creates one with the points
possible of the second row. An empty cell is no grade.
"""

from __future__ import annotations

from autograder.lms.grades import Column, Matching
from autograder.lms.roster import Roster
from autograder.lms.table import csv_text

STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
ROSTER_COLUMNS = ("canvas_id", "sis_user_id", "sis_login_id", "section")
IDENTIFIERS = ("canvas_id", "sis_user_id", "sis_login_id")
#: The second row's first cell, as Canvas's export writes it (the importer looks for the words).
POINTS_POSSIBLE = "    Points Possible"


def check_roster(roster: Roster) -> None:
    """RosterError unless every person has an id Canvas can find them by."""
    roster.require(IDENTIFIERS, "Canvas's import")


def canvas_csv(matching: Matching, columns: list[Column]) -> str:
    """The import file: the header, the points possible row, one row per matched student."""
    rows: list[list] = [[*STUDENT_COLUMNS, *(c.header for c in columns)],
                        [POINTS_POSSIBLE, "", "", "", "", *(c.possible for c in columns)]]
    for row in matching.rows:
        person = row.person
        rows.append([person.name, *(person.get(c) for c in ROSTER_COLUMNS), *row.points])
    return csv_text(rows)
