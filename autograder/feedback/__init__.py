"""Per-student feedback files rendered from a GradeResult (Markdown now; HTML later)."""
