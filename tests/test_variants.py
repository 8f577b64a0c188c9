"""Correct implementations written differently earn full marks: no false negatives."""

import pytest

from autograder.checks.runner import run_checks
from autograder.contract import stages_covered
from tests.variants import variants

VARIANTS = variants()


def test_the_issue_s_styles_are_present():
    names = {m.__name__.rsplit(".", 1)[1] for m in VARIANTS}
    assert {"loops", "einsum", "tanh_sigmoid", "seed_style", "plain_python_returns"} <= names
    extended = [m for m in VARIANTS if 6 in stages_covered(m) and 7 in stages_covered(m)]
    assert len(extended) >= 2  # correct stage 6-7 code written differently


@pytest.mark.parametrize("module", VARIANTS, ids=[m.__name__.rsplit(".", 1)[1] for m in VARIANTS])
@pytest.mark.parametrize("seed", [0, pytest.param(2024, marks=pytest.mark.sweep)])
def test_variant_earns_full_marks(module, seed):
    results = run_checks(module, stages=stages_covered(module), seed=seed)
    assert [(r.name, r.message) for r in results if not r.passed] == []
    assert sum(r.points for r in results) == sum(r.max_points for r in results)
