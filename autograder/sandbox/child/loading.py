"""Loading the student's cells: each file a module of its own, each cell run under its
timer, a note for each cell skipped. Loaded in the child as ``_scratchnet_loading``; the
``Loading`` half of ``server.Server``.
"""

import builtins
import sys
import types

import numpy as np
from _scratchnet_tracebacks import SOURCES, Reported, SoftTimeout, describe_error

#: Modules a zygote may import for later children once a child has shown it needs them.
WARMABLE = ("matplotlib", "matplotlib.pyplot")
#: Python's own words for code nested deeper than its compiler goes.
_TOO_DEEP_TO_COMPILE = ("too many statically nested blocks", "too many levels of indentation",
                        "too many nested parentheses")
#: The note of a cell that could not be compiled for its depth (said again in the student's
#: language by autograder.i18n.notes).
TOO_DEEP_NOTE = ("is nested too deeply for Python to compile (blocks or expressions inside one "
                 "another too many levels deep)")


class Loading:
    """The ``load`` request (a part of ``server.Server``)."""

    def op_load(self, header: dict, _blobs) -> tuple[dict, list]:
        _seed(self.seed)
        cells = header["cells"]
        spaces = self.own_modules(header.get("modules"), header.get("module_cells"), len(cells))
        notes = []
        for index, source in enumerate(cells, start=1):
            if source is None:
                continue
            SOURCES[f"<cell {index}>"] = source.splitlines()
            self.send({"op": "cell", "index": index})
            note = self.run_cell(index, source, header["cell_timeout"], spaces[index - 1])
            self.flush()
            if note:
                notes.append([index, note])
        self.share_names()
        used = [name for name in WARMABLE if name in sys.modules]
        return {"ok": True, "notes": notes, "modules": used}, []

    def own_modules(self, names, sizes, count: int) -> list[dict]:
        """The namespace each cell runs in: each of the student's files is a module of its
        own, as Python would make it (a helper that uses ``np`` must import numpy itself).

        ``names`` are the files' module names in the order they run and ``sizes`` how many
        cells each holds; the last file (the one that imports the others) runs in the
        namespace the grader reads. ``import helpers`` finds helpers.py's module; never a
        name Python or numpy already uses.
        """
        main = self.module.__dict__
        if (type(names) is not list or type(sizes) is not list or len(names) != len(sizes)
                or not all(type(n) is int and n >= 0 for n in sizes) or sum(sizes) != count):
            return [main] * count
        spaces: list[dict] = []
        for number, (name, size) in enumerate(zip(names, sizes, strict=True), start=1):
            module = self.module
            if number < len(names):
                module = types.ModuleType(str(name))
                module.__dict__["__builtins__"] = builtins
                self.helpers.append(module)
            if (type(name) is str and name.isidentifier() and name not in sys.modules
                    and name not in sys.stdlib_module_names
                    and name not in ("numpy", "matplotlib", "scipy")):
                sys.modules[name] = module
            spaces += [module.__dict__] * size
        return spaces

    def share_names(self) -> None:
        """The grader reads one namespace: the last file's, with the names of the student's
        other files it does not have itself."""
        main = self.module.__dict__
        for module in self.helpers:
            for name, value in list(module.__dict__.items()):
                if type(name) is str and not name.startswith("__"):
                    main.setdefault(name, value)

    def run_cell(self, index: int, source: str, seconds: float, namespace: dict) -> str:
        """Compile and run one cell in ``namespace``; a note if it was skipped, else ""."""
        try:
            code = compile(source, f"<cell {index}>", "exec")
        except (SyntaxError, ValueError) as error:
            where = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
            text = getattr(error, "msg", None) or str(error)
            if text in _TOO_DEEP_TO_COMPILE and where:
                return f"cell {index} skipped: line {error.lineno} {TOO_DEEP_NOTE}"
            if text in _TOO_DEEP_TO_COMPILE:
                return f"cell {index} skipped: it {TOO_DEEP_NOTE}"
            return f"cell {index} skipped: {type(error).__name__}: {text}{where}"
        except (RecursionError, MemoryError):  # the compiler ran out of depth or memory
            return f"cell {index} skipped: it {TOO_DEEP_NOTE}"

        def note(error: BaseException) -> str:  # under the cell's timer (see ``timed``)
            if isinstance(error, SystemExit):
                return (f"cell {index} stopped: it called exit() (sys.exit), which grading "
                        "ignores")
            return f"cell {index} skipped: {describe_error(error, index)}"

        try:
            self.timed(seconds, lambda: exec(code, namespace), note)
        except SoftTimeout:
            return (f"cell {index} stopped: still running after {seconds:g} s "
                    "(an endless loop?)")
        except Reported as reported:
            return reported.report
        return ""


def _seed(seed: int) -> None:
    """Seed ``random`` and numpy's global generator (before the student's code runs)."""
    import random

    random.seed(seed)
    np.random.seed(seed % 2**32)
