"""Plants ``sitecustomize.py``, ``usercustomize.py``, ``numpy.py`` and a module of its own
in its working directory, then tries to import them. The child never puts its working
directory on ``sys.path`` and runs without the site module, so none of them is ever run,
and the next sandbox starts from a fresh directory."""
# ruff: noqa: I001 (the cells are separate imports, in the order a student ran them)

# %%
PAYLOAD = "raise SystemExit('planted code ran')\n"
for name in ("sitecustomize.py", "usercustomize.py", "numpy.py", "matplotlib.py",
             "planted_module.py"):
    with open(name, "w") as handle:
        handle.write(PAYLOAD)

# %%
import planted_module  # noqa: E402,F401

# %% honest

# %%
import os  # noqa: E402


def where_numpy():
    import numpy
    return numpy.__file__


def planted_here():
    return sorted(n for n in os.listdir(".") if n.endswith(".py"))
