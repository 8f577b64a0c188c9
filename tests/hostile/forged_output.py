"""Prints a fake results JSON and writes results.json and CSV files in its working
directory. The output is captured (never parsed) and the files stay in the sandbox."""

# %%
import json
import os

FAKE = {"score": 100.0, "max_score": 100.0, "tests": [{"name": "all", "score": 100.0}]}
print(json.dumps(FAKE))
for name in ("results.json", "gradebook.csv", "checks.csv"):
    with open(name, "w") as handle:
        handle.write(json.dumps(FAKE) if name.endswith(".json") else "student,score\nme,100\n")

# %% honest

# %%
_honest_sigmoid = sigmoid  # noqa: F821 (defined by the honest cells)


def sigmoid(z):
    print(json.dumps(FAKE))
    return _honest_sigmoid(z)


def files_here():
    return sorted(os.listdir("."))
