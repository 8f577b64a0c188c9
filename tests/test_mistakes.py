"""The mistake catalogue: every mistake loses points in its stage, named, with a hint."""

import pytest

import solutions
from autograder.checks.runner import run_checks
from autograder.contract import ALL_NAMES, NAMES, stages_covered
from autograder.hints import HINTS
from tests.mistakes import catalogue
from tests.sweeps import one_per_stage

MISTAKES = catalogue()
REQUIRED = {  # the list
    "sigmoid_sign_flipped", "derivative_z_times_one_minus_z", "hidden_activation_missing",
    "output_activation_missing", "elementwise_instead_of_matmul", "transposed_weights",
    "mean_instead_of_sum", "absolute_instead_of_squared", "error_not_squared",
    "gradient_sign_flipped", "factor_2_missing", "derivative_applied_to_activation",
    "hidden_derivative_missing", "dw1_uses_updated_w2", "gradient_ascent",
    "learning_rate_ignored", "one_iteration_too_few", "w1_never_updated",
    "network_backprop_never_updates",
    # stages 6 and 7 (issue 7)
    "relu_derivative_negative", "bias_gradient_not_summed", "bias_gradient_wrong_axis",
    "tanh_derivative_one_minus_z_squared", "softmax_wrong_axis", "softmax_unstable",
    "labels_not_one_hot", "gradient_not_divided_by_n",
}


def test_catalogue_covers_the_required_mistakes():
    names = [m.MISTAKE for m in MISTAKES]
    assert len(names) == len(set(names))
    assert REQUIRED <= set(names)
    for module in MISTAKES:
        assert module.__name__.rsplit(".", 1)[1] == module.MISTAKE
        assert module.STAGE in NAMES
        for name in solutions.__all__:
            assert hasattr(module, name), (module.MISTAKE, name)
        if module.STAGE > 5:  # an extension stage's mistake implements the whole contract
            assert all(hasattr(module, name) for name in ALL_NAMES), module.MISTAKE


@pytest.mark.parametrize("module", one_per_stage(MISTAKES))
@pytest.mark.parametrize("seed", [0, pytest.param(99, marks=pytest.mark.sweep)])
def test_mistake_is_caught_and_named_in_its_stage(module, seed):
    results = run_checks(module, stages=stages_covered(module), seed=seed)
    in_stage = [r for r in results if r.stage == module.STAGE]
    assert sum(r.points for r in in_stage) < sum(r.max_points for r in in_stage)
    named = [r for r in in_stage if not r.passed and r.mistake == module.MISTAKE]
    assert named, [(r.name, r.mistake, r.message) for r in in_stage if not r.passed]
    # one wrong function: the other stages keep full marks
    elsewhere = [r.name for r in results if r.stage != module.STAGE and not r.passed]
    assert elsewhere == []


@pytest.mark.slow
def test_every_mistake_name_the_grader_gives_has_a_hint():
    given = {r.mistake for m in MISTAKES for r in run_checks(m, stages=[m.STAGE]) if r.mistake}
    given |= {m.MISTAKE for m in MISTAKES} | {"not_implemented", "not_defined"}
    assert given <= set(HINTS), given - set(HINTS)
    assert all(len(text) > 40 for text in HINTS.values())
