"""Correct implementations written differently from the reference: each must earn full marks.

Every module is a full implementation of the student contract with a module constant
``STYLE`` (one line: what is different). ``variants()`` imports them all.
"""

import importlib
import pkgutil
from types import ModuleType


def variants() -> list[ModuleType]:
    """Every variant module, sorted by name."""
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)]
