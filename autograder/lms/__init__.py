"""Grades into the school's LMS: `scratchnet export OUT_DIR --to canvas|moodle|csv`.

    roster.py   read_roster(path) -> Roster: the grader's names -> LMS identities
    grades.py   read_grades(out_dir), grade_columns(...), match(...): what goes in the file
    canvas.py   canvas_csv(...): Canvas's gradebook import CSV (as Canvas exports it)
    moodle.py   moodle_csv(...): Moodle's grade import CSV (identifier column + grades)
    plain.py    plain_csv(...): one row per student, every identity, every grade
    export.py   export(...): the whole step, writing the file and unmatched.csv

Every file is UTF-8 with a byte-order mark: Excel then shows Chinese names correctly, and
both LMSs accept it (Canvas offers the mark in its own gradebook exports; Moodle's CSV reader
removes it).
"""
