"""Modules the tests import on first use, so that collecting the tests stays fast.

    nbformat = LazyModule("nbformat")        # imported when a test first reads nbformat.x
    build = LazyModule(load_build)           # or made by a function, called once

Importing nbformat (through jsonschema) or nbgrader takes seconds: a test module that names
them at its top would make every `pytest` run, even of one fast test, pay for them while the
tests are collected. Reading, setting and deleting an attribute go to the real module, and
so does `__dict__` (so `monkeypatch.setattr(build, "TEXT", ...)` changes the module itself,
and undoes it).
"""

import importlib
import threading
from collections.abc import Callable
from types import ModuleType

#: What pytest asks of every name in a test module while it collects (is it a wrapped fixture, a
#: mock?): answered without importing. A module's own dunders (__file__, ...) are not
#: available through the stand-in either.
UNLOADED = {"__wrapped__", "_mock_name"}


class LazyModule:
    """A stand-in for a module, imported (or made by `load`) when first used."""

    __slots__ = ("_load", "_module", "_lock")

    def __init__(self, load: str | Callable[[], ModuleType]):
        if isinstance(load, str):
            name = load
            load = lambda: importlib.import_module(name)  # noqa: E731
        object.__setattr__(self, "_load", load)
        object.__setattr__(self, "_module", None)
        object.__setattr__(self, "_lock", threading.Lock())

    def _real(self) -> ModuleType:
        if self._module is None:
            with self._lock:
                if self._module is None:
                    object.__setattr__(self, "_module", self._load())
        return self._module

    @property
    def __dict__(self) -> dict:
        """The module's namespace (monkeypatch reads it to restore what it replaced)."""
        return vars(self._real())

    def __getattr__(self, name: str):
        if name in UNLOADED or (name.startswith("__") and name.endswith("__")):
            raise AttributeError(name)
        return getattr(self._real(), name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._real(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._real(), name)

    def __repr__(self) -> str:
        return f"<lazy {self._module!r}>" if self._module else "<lazy module, not imported yet>"
