"""An endless loop at import that swallows every interruption (``except BaseException``).

The in-child timeout cannot stop it, so the grader's hard timeout kills the child, notes the
cell, and starts a fresh child without that cell: the honest cells after it still count.
"""

# %%
while True:
    try:
        while True:
            pass
    except BaseException:
        pass

# %% honest
