"""Naming mistakes by measuring what the student's code returned.

A check that fails asks this package why. Each entry point takes the inputs the check used
and the student's (already plain numpy) outputs and returns a :class:`Diagnosis` (a mistake
name and a sentence for the student) or None. The design, and the other kinds of evidence
(the student's source read as data, attribution by re-running with stand-ins, exceptions at
the student's line, relations found by search), are in README.md beside this file.

Two kinds of knowledge, tried in this order:

- the catalogue, one module per stage (``stage1_sigmoid`` ... ``stage7_classifier``, like
  ``autograder/checks/``): what each known mistake computes on the same inputs, compared with
  what the student's code returned; an exact match names that mistake;
- the generic probes, which measure the values themselves and say what was measured:
  ``probes`` (precision, an exact factor or sign, a constant offset, the value domain),
  ``intermediates`` (which step of a two-layer forward or backward pass is the first wrong
  one), ``training`` (where a training run parts from the reference's, which parameter
  never moves or moves with the wrong step), ``shapes`` (right with one output, wrong with
  several; the returned values in the wrong order) and ``dependence`` (what an output
  ignores or depends on that it should not).

A probe never overrides an exact catalogue match, and every probe stays silent on correct
values (tests/test_diagnosis.py runs them on the variants and the correct sample students).
Every mistake name a probe gives has its hint in ``autograder/hints.py``.
"""

from autograder.diagnose import shapes  # noqa: F401  (registers its probes' hints)
from autograder.diagnose.base import Diagnosis, first_match, matches, scale_factor
from autograder.diagnose.stage1_sigmoid import sigmoid, sigmoid_derivative
from autograder.diagnose.stage2_feedforward import feedforward
from autograder.diagnose.stage3_loss import sse_loss
from autograder.diagnose.stage4_backprop import backprop
from autograder.diagnose.stage5_training import network, training, trajectory
from autograder.diagnose.stage6_activations import (
    activation,
    activation_derivative,
    backprop_with_bias,
    bias_gradient_shape,
    bias_training,
    feedforward_with_bias,
)
from autograder.diagnose.stage7_classifier import (
    accuracy,
    backprop_classifier,
    classifier_training,
    cross_entropy,
    forward_classifier,
    predict,
    softmax,
)

__all__ = [
    "Diagnosis", "accuracy", "activation", "activation_derivative", "backprop",
    "backprop_classifier", "backprop_with_bias", "bias_gradient_shape", "bias_training",
    "classifier_training", "cross_entropy", "feedforward", "feedforward_with_bias",
    "first_match", "forward_classifier", "matches", "network", "predict", "scale_factor",
    "sigmoid", "sigmoid_derivative", "softmax", "sse_loss", "training", "trajectory",
]
