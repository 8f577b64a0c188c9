"""Reading the student's code: structural mistakes named from the source alone.

    read_source(cells, stages, files=()) -> list[Finding]

    for f in read_source(unit.cells, stages=(1, 2, 3, 4, 5), files=("network.py", "helpers.py")):
        print(f.mistake, f.cell, f.line, f.message)
        # name_misspelled 4 12 You defined `sigmoid_derivate`, but the grader looks for ...

cells:  the student's code cells (or a .py file's pieces) in order; None for a skipped cell.
stages: the stages being graded: only the names those stages ask for (contract.NAMES) are
        looked for.
files:  the names of the files in the student's folder ("helpers" or "helpers.py"), so an
        import of the student's own file is told apart from a module that does not exist.

Pure static analysis with :mod:`ast`: the student's code is parsed, never run or imported.
A cell that does not parse is skipped (the grader notes syntax errors elsewhere), and
nothing here raises, whatever the source. Each mistake is said once per submission (the
first place it is seen), and the findings come in the order of the code: by cell, then by
line (a .py file's pieces keep the file's own line numbers).

The detectors, one small function each, grouped by what they read: names.py (names, the
constructor, self, attributes), arrays.py (math on arrays), imports.py, layout.py (where code
sits), signatures.py (what a function takes and gives); code.py parses the cells once for all
of them and wanted.py holds what the grader asks for. Among them:

    name_misspelled           a contract name missing, a near miss defined (function, class,
                              the class's methods and attributes)
    init_misspelled           `def init(self, ...)` or `__int__` instead of `__init__`
    method_without_self       a method of the class whose first parameter is not `self`
    attribute_never_assigned  `self.output` (or another attribute the grader reads) never set
    scalar_math_on_arrays     math.exp / math.log / ... in a function called with arrays
    module_not_imported       `np.` used without `import numpy as np`
    own_file_lacks_name       `from helpers import x` where the student's helpers.py defines no x
    module_not_available      `import pandas`: not in the standard library, numpy or matplotlib
    class_form_only           feedforward/backprop only as the article's class methods
    defined_inside_function   a contract function indented inside another function
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from autograder.diagnose.source.arrays import numpy_calls_that_mislead, scalar_math_on_arrays
from autograder.diagnose.source.code import Code, Found
from autograder.diagnose.source.formulas import gradient_reused, ones_column_added, weights_summed
from autograder.diagnose.source.imports import (
    modules_not_imported,
    numpy_names_unknown,
    unavailable_imports,
)
from autograder.diagnose.source.layout import (
    class_form_only,
    defined_inside_function,
    defined_twice,
    loops_that_never_end,
    methods_outside_the_class,
    returns_inside_the_loop,
    training_at_top_level,
)
from autograder.diagnose.source.names import (
    attribute_typos,
    attributes_never_assigned,
    attributes_read_before_set,
    attributes_set_outside_init,
    derivative_as_flag,
    methods_called_bare,
    methods_shadowing_functions,
    methods_without_self,
    misspelled_init,
    misspelled_members,
    misspelled_names,
    module_functions_through_self,
    output_not_set_by_feedforward,
)
from autograder.diagnose.source.signatures import (
    keywords_overwritten,
    keywords_renamed,
    names_from_nowhere,
    parameter_count_differs,
    parameters_in_another_order,
    prints_instead_of_returning,
    returns_several_values,
)
from autograder.diagnose.source.sizes import (
    loops_over_a_fixed_count,
    reshaped_to_a_number,
    weights_sized_by_a_number,
)


@dataclass(frozen=True)
class Finding:
    """One structural mistake in the student's code, said in the current language.

    line is 1-based within its cell (a .py file's pieces keep the file's line numbers);
    cell is the index of that cell in the ``cells`` given to :func:`read_source`.
    stage: a finding that is a mistake only if its function is wrong (a module-level variable
    read where a parameter belongs) is said only if that stage loses points; None: always.
    """

    mistake: str
    message: str
    line: int | None
    cell: int | None = None
    stage: int | None = None


def read_source(cells: list[str | None], stages: Iterable[int],
                files: Iterable[str] = (), parts: list[tuple[str, int]] = ()) -> list[Finding]:
    """The structural mistakes in ``cells``, each once, in the order of the code. Never raises.

    ``parts``: when the cells are several files run together, [(file label, number of its
    cells)] in order; each file is then also read alone for what must hold in every file
    (its own imports).
    """
    try:
        code = Code.read(cells, stages, files)
        pieces = _pieces(cells, stages, files, parts)
    except Exception:  # noqa: BLE001  (reading the code must never cost a student anything)
        return []
    found: list[Found] = []
    for detector in DETECTORS:
        try:
            if detector in PER_FILE and pieces:
                for label, piece in pieces:
                    found += detector(piece, label)
            else:
                found += detector(code)
        except Exception:  # noqa: BLE001  (one detector's trouble silences only that one)
            continue
    return _once_each(found)


def _pieces(cells: list[str | None], stages: Iterable[int], files: Iterable[str],
            parts: list[tuple[str, int]]) -> list[tuple[str, Code]]:
    """Each file's cells read alone (the others' cells left out, the numbering kept)."""
    stages, files = tuple(stages), tuple(files)
    if len(parts) < 2 or sum(size for _, size in parts) != len(cells):
        return []
    pieces, start = [], 0
    for label, size in parts:
        own = [c if start <= i < start + size else None for i, c in enumerate(cells)]
        pieces.append((label, Code.read(own, stages, files)))
        start += size
    return pieces



DETECTORS = (misspelled_names, misspelled_members, misspelled_init, methods_without_self,
             attributes_never_assigned, scalar_math_on_arrays, modules_not_imported,
             unavailable_imports, class_form_only, defined_inside_function,
             prints_instead_of_returning, returns_several_values, parameters_in_another_order,
             names_from_nowhere, methods_outside_the_class, returns_inside_the_loop,
             defined_twice, output_not_set_by_feedforward, parameter_count_differs,
             keywords_renamed, derivative_as_flag, module_functions_through_self,
             training_at_top_level, numpy_calls_that_mislead, loops_over_a_fixed_count,
             weights_sized_by_a_number, numpy_names_unknown, loops_that_never_end,
             attribute_typos, reshaped_to_a_number, methods_called_bare,
             keywords_overwritten, attributes_read_before_set, attributes_set_outside_init,
             methods_shadowing_functions, ones_column_added, weights_summed, gradient_reused)
#: Detectors of what must hold in each of the student's files alone (given it and its label).
PER_FILE = (modules_not_imported,)


def _once_each(found: list[Found]) -> list[Finding]:
    """Each (mistake, subject) once, at its first place; in the order of the code."""
    first: dict[tuple[str, str], Found] = {}
    for item in found:
        key = (item.mistake, item.subject)
        if key not in first or item.pos < first[key].pos:
            first[key] = item
    ordered = sorted(first.values(), key=lambda f: f.pos)
    return [Finding(f.mistake, f.message, f.pos[1] or None, f.pos[0], f.stage)
            for f in ordered]
