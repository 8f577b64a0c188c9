"""A real JupyterHub with the course on it: `scratchnet hub` (trying the course on one
machine) and the end-to-end test (tests/hub/) both use :class:`CourseHub`."""

from autograder.hub.hub import CourseHub, missing_parts

__all__ = ["CourseHub", "missing_parts"]
