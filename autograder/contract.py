"""The student contract as data: the names each stage is graded on.

    NAMES[stage]      the names stage `stage` calls (its own and the earlier ones it needs)
    CORE_STAGES       1-5, the article's network: every submission is graded on these
    EXTENSION_STAGES  6-7, the "what next" stages; graded when asked for or when the code
                      defines their names
    reference()       the reference solution's names for every stage, as one namespace

Stage 6 (`06_activations`) and stage 7 (`07_classifier`) add names; they never change the
core stages' names.
"""

from types import SimpleNamespace

NAMES: dict[int, tuple[str, ...]] = {
    1: ("sigmoid", "sigmoid_derivative"),
    2: ("feedforward",),
    3: ("sse_loss",),
    4: ("backprop",),
    5: ("train", "NeuralNetwork"),
    6: ("tanh", "tanh_derivative", "relu", "relu_derivative", "leaky_relu",
        "leaky_relu_derivative", "feedforward_with_bias", "backprop_with_bias",
        "train_with_bias"),
    7: ("softmax", "cross_entropy", "forward_classifier", "backprop_classifier",
        "train_classifier", "predict", "accuracy"),
}
CORE_STAGES: tuple[int, ...] = (1, 2, 3, 4, 5)
EXTENSION_STAGES: tuple[int, ...] = (6, 7)
#: Every name of the contract, in stage order.
ALL_NAMES: tuple[str, ...] = tuple(name for names in NAMES.values() for name in names)


def reference() -> SimpleNamespace:
    """The reference solution's names for all seven stages (solutions/ and its extensions)."""
    import solutions
    from solutions import bias_network, classifier, more_activations

    modules = (solutions, more_activations, bias_network, classifier)
    found = {name: getattr(module, name) for module in modules for name in ALL_NAMES
             if hasattr(module, name)}
    return SimpleNamespace(**found)


def stages_covered(impl: object) -> tuple[int, ...]:
    """The stages whose every name ``impl`` defines (core stages always count)."""
    return tuple(stage for stage, names in NAMES.items()
                 if stage in CORE_STAGES or all(hasattr(impl, n) for n in names))
