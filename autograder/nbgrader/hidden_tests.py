"""`nbgrader autograde` without a false "Attribute 'checksum' ... has changed!" per graded cell.

Each graded check of the course is a locked test cell whose code is a hidden test
(``### BEGIN HIDDEN TESTS`` ... ``_run_check(globals(), "<name>")``). `nbgrader
generate_assignment` records a locked cell's checksum in the gradebook *before* it clears the
hidden tests (``ComputeChecksums, SaveCells, ClearHiddenTests``), so the released cell, which
has none, never matches it. At autograde, ``OverwriteCells`` compares each submitted locked
cell with that checksum, finds every untouched release "changed", says so, and puts the source
back, which is how the hidden tests come back at all (nbgrader issue #1961).

``RestoreHiddenTests`` is ``OverwriteCells`` that first recognises an untouched cell: one
whose source is the source cell's with its hidden tests cleared, exactly as the release has
it. Such a cell gets its source back silently; a cell the student did change is still
reported and restored by ``OverwriteCells`` itself. The course's ``nbgrader_config.py`` puts
it in place of ``OverwriteCells`` in ``Autograde.sanitize_preprocessors``.
"""

from __future__ import annotations

import copy

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)


class RestoreHiddenTests(OverwriteCells):
    """``OverwriteCells`` that restores an untouched locked cell's hidden tests without
    reporting the cell as changed (see the module docstring)."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
                        ) -> tuple[NotebookNode, ResourcesDict]:
        """An untouched locked cell's source put back silently, then OverwriteCells."""
        source = self._locked_source(cell)
        if source is not None and cell.source == self.released(cell, source):
            cell.source = source
        return super().preprocess_cell(cell, resources, cell_index)

    def _locked_source(self, cell: NotebookNode) -> str | None:
        """The source notebook's text of `cell` if both are locked, else None."""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is None or not utils.is_locked(cell):
            return None
        try:
            found = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                    self.assignment_id)
        except MissingEntry:
            return None
        return found.source if found.locked else None

    def released(self, cell: NotebookNode, source: str) -> str:
        """`source` as generate_assignment releases it in `cell`: hidden tests cleared, with
        the course's own delimiters."""
        release = copy.deepcopy(cell)
        release.source = source
        release, _ = ClearHiddenTests(parent=self).preprocess_cell(release, ResourcesDict(), 0)
        return release.source


#: Autograde's sanitizing steps, as nbgrader has them, with RestoreHiddenTests in place of
#: OverwriteCells.
SANITIZE_PREPROCESSORS = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreHiddenTests,
                          CheckCellMetadata]
