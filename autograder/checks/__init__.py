"""The check registry: importing this package registers every stage's checks, in order.

    from autograder.checks import REGISTRY, register, CheckFailure

REGISTRY is the ordered list of :class:`Check` (name, stage, points, visibility, func).
"""

# The stage modules register their checks when imported, stage by stage.
from autograder.checks import (  # noqa: F401
    stage1_sigmoid,
    stage2_feedforward,
    stage3_loss,
    stage4_backprop,
    stage5_training,
    stage6_activations,
    stage7_classifier,
)
from autograder.checks.base import REGISTRY, Check, CheckFailure, register

__all__ = ["REGISTRY", "Check", "CheckFailure", "register"]
