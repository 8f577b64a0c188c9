"""Draws from ``np.random`` and ``random`` without seeding: the child seeds both from the
grading seed before the cells run, so two gradings give the same values (and feedback)."""

# %%
import random

import numpy as np

AT_LOAD = float(np.random.rand())


def draws():
    return [AT_LOAD, float(np.random.rand()), random.random()]
