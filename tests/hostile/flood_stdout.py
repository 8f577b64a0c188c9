"""Floods stdout: 20 MB at import and 1 MB on every call of ``sigmoid``, which is
otherwise honest. The capture keeps the first 64 KiB; the grades are unaffected."""

# %%
import sys

for _ in range(20):
    sys.stdout.write("x" * 1_000_000 + "\n")

# %% honest

# %%
_honest_sigmoid = sigmoid  # noqa: F821 (defined by the honest cells)


def sigmoid(z):
    print("y" * 1_000_000)
    return _honest_sigmoid(z)
