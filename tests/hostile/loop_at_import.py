"""An endless loop at import, before the honest cells.

The grader interrupts the cell after ``call_timeout``, skips it with a note, and loads the
cells after it: the submission is graded on everything else as if the loop were not there.
"""

# %%
counter = 0
while True:
    counter += 1

# %% honest
