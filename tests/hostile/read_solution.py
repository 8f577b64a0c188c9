"""Tries to import the reference solution and the hidden checks, and to read and list the
course repository by path (the test hands it the paths). Imports fail in every mode (the
course is never on the child's path); reads fail under bubblewrap (it cannot see them)."""
# ruff: noqa: I001 (the cells are separate imports, in the order a student ran them)

# %%
import solutions  # noqa: F401

# %%
from autograder.checks import REGISTRY  # noqa: F401

# %% honest

# %%
import os  # noqa: E402


def peek(path):
    with open(path) as handle:
        return handle.read()


def listing(path):
    return sorted(os.listdir(path))


def environment():
    return dict(os.environ)
