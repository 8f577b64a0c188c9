"""Memory exhaustion: at import (one huge array, then a list that grows without end) and
inside ``sse_loss``. The cells are skipped with notes; ``sse_loss`` fails with a clear
"ran out of memory"; everything else is graded normally."""

# %%
import numpy as np

huge = np.ones((2**40,))

# %%
def hoard():
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024**2))


hoard()

# %% honest

# %%
def sse_loss(Y_hat, Y):
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024**2))
