"""The mistake catalogue: the reference solution with one real student mistake each.

Every module here is a full implementation of the student contract with module constants
``MISTAKE`` (the name the feedback must give, also the module's name) and ``STAGE`` (the
stage that must lose points). ``catalogue()`` imports them all.
"""

import importlib
import pkgutil
from types import ModuleType


def catalogue() -> list[ModuleType]:
    """Every mistake module, sorted by (STAGE, MISTAKE)."""
    modules = [importlib.import_module(f"{__name__}.{info.name}")
               for info in pkgutil.iter_modules(__path__)]
    return sorted(modules, key=lambda m: (m.STAGE, m.MISTAKE))
