"""Stage 7's catalogue: softmax, cross-entropy, classifier gradients, training, accuracy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.diagnose import intermediates, learning, probes
from autograder.diagnose.base import Diagnosis, first_match, is_right, matches, scale_factor
from autograder.diagnose.stage4_backprop import measured
from autograder.diagnose.stage6_activations import BIAS_TRAINING_MISTAKES
from autograder.i18n import N_, tr
from solutions import sigmoid as reference_sigmoid

CLASSIFIER = intermediates.Network(hidden="tanh", output="softmax")


def _softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax(Z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known softmax mistake from softmax(Z) == got."""
    if is_right(got, _softmax(Z)):
        return None  # right values are never diagnosed
    def over(axis: int | None) -> Callable[[], np.ndarray]:
        def compute() -> np.ndarray:
            E = np.exp(Z - Z.max(axis=axis, keepdims=True))
            return E / E.sum(axis=axis, keepdims=True)
        return compute

    if got.shape == Z.shape and not np.all(np.isfinite(got)):
        with np.errstate(all="ignore"):
            naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        if np.array_equal(np.isfinite(got), np.isfinite(naive)):
            return Diagnosis("softmax_unstable",
                             tr("exp of a large score overflows to infinity and inf / inf is "
                             "NaN. Subtract each row's maximum first, "
                             "Z - Z.max(axis=1, keepdims=True): that leaves the probabilities "
                             "unchanged and keeps every exp between 0 and 1."))
    return first_match(got, [
        ("softmax_wrong_axis", over(0),
         tr("your softmax normalises each column (axis=0), so the columns sum to 1. Each row is "
         "one sample's scores: use axis=1 with keepdims=True in both the max and the sum.")),
        ("softmax_wrong_axis", over(None),
         tr("your softmax normalises over the whole matrix, so all entries together sum to 1. "
         "Normalise each row (one sample's scores): axis=1, keepdims=True.")),
        ("softmax_not_normalised", lambda: np.exp(Z - Z.max(axis=1, keepdims=True)),
         tr("your softmax returns the exponentials without dividing by their row sum, so its "
         "rows do not sum to 1.")),
    ]) or probes.values("softmax(Z)", got, _softmax(Z), n=Z.shape[0])


def cross_entropy(P: np.ndarray, labels: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known cross-entropy mistake from cross_entropy(P, labels) == got."""
    picked = P[np.arange(P.shape[0]), labels]
    if is_right(np.float64(got), -np.mean(np.log(picked))):
        return None  # right values are never diagnosed
    return first_match(np.float64(got), [
        ("cross_entropy_sum_instead_of_mean", lambda: -np.sum(np.log(picked)),
         tr("your loss adds -log P[i, label] up; the course's cross-entropy is their mean (here "
            "{value} samples), so the loss does not grow with the data set.",
            value=P.shape[0])),
        ("cross_entropy_sign_flipped", lambda: np.mean(np.log(picked)),
         tr("your loss is negative: the cross-entropy is minus the mean log-probability of the "
         "right class, -np.mean(np.log(...)).")),
    ]) or probes.values("cross_entropy", np.float64(got), -np.mean(np.log(picked)), n=P.shape[0])


def _classifier_gradients(X, labels, W1, b1, W2, b2, *, targets: str = "one_hot"
                          ) -> list[np.ndarray]:
    """The reference's backprop_classifier; targets="labels" subtracts labels[:, None]."""
    from solutions.classifier import one_hot
    from solutions.classifier import softmax as reference_softmax

    n, k = X.shape[0], W2.shape[1]
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    P = reference_softmax(A1 @ W2 + b2)
    T = one_hot(labels, k) if targets == "one_hot" else labels[:, None].astype(float)
    dZ2 = (P - T) / n
    dZ1 = (dZ2 @ W2.T) * (1.0 - A1**2)
    return [X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2,
            dZ2.sum(axis=0, keepdims=True)]


def backprop_classifier(X, labels, W1, b1, W2, b2, grads: list[np.ndarray]
                        ) -> Diagnosis | None:
    """Name a known mistake from backprop_classifier(...) == grads (dW1, db1, dW2, db2)."""
    if [g.shape for g in grads] != [W1.shape, b1.shape, W2.shape, b2.shape]:
        return None
    n = X.shape[0]
    got = np.concatenate([g.ravel() for g in grads])
    reference = np.concatenate([g.ravel() for g in _classifier_gradients(X, labels, W1, b1,
                                                                         W2, b2)])
    if is_right(got, reference):
        return None  # right values are never diagnosed
    ratio = scale_factor(got, reference)
    if ratio is not None and n > 1 and abs(ratio - n) < 1e-6 * n:
        return Diagnosis("gradient_not_divided_by_n",
                         tr("your gradient is {n} times the right one: the loss is the mean over "
                            "the samples, so dL/dZ2 = (P - one_hot(labels)) / n; the division by "
                            "n is missing.",
                            n=n))
    if ratio is not None and n > 1 and abs(ratio - 1.0 / n) < 1e-6:
        return Diagnosis("gradient_divided_twice",
                         tr("your gradient is 1/{n} of the right one: it is divided by n twice. "
                            "Divide once, in dL/dZ2 = (P - one_hot(labels)) / n.",
                            n=n))
    if ratio is not None and abs(ratio + 1.0) < 1e-6:
        return Diagnosis("classifier_gradient_sign_flipped",
                         tr("your gradient has the opposite sign: dL/dZ2 = P - one_hot(labels) "
                         "(divided by n), probabilities minus targets."))
    return first_match(got, [
        ("labels_not_one_hot", lambda: np.concatenate([g.ravel() for g in _classifier_gradients(
            X, labels, W1, b1, W2, b2, targets="labels")]),
         tr("your dZ2 subtracts the integer label from every column of P. The targets must be "
         "one-hot rows: T = np.eye(k)[labels] (a 1 in the column of the right class), then "
         "dZ2 = (P - T) / n.")),
    ]) or measured(X, labels, W1, W2, grads,
                   _classifier_gradients(X, labels, W1, b1, W2, b2), b1, b2, CLASSIFIER,
                   ("dW1", "db1", "dW2", "db2"))


def classifier_training(X, labels, params: list[np.ndarray], lr: float,
                        losses: np.ndarray, stepped: list[np.ndarray] | None = None
                        ) -> Diagnosis | None:
    """Name a known train_classifier mistake from the first few losses it returned.

    stepped: the four parameters after one iteration of the student's code, if known.
    """
    from solutions.classifier import backprop_classifier as reference_classifier_backprop
    from solutions.classifier import cross_entropy as reference_cross_entropy
    from solutions.classifier import forward_classifier as reference_classifier_forward

    k = min(losses.size, 6)
    if k == 0:
        return None

    def path(kind: str, steps: int) -> np.ndarray:
        states = [params]
        for _ in range(steps):
            grads = reference_classifier_backprop(X, labels, *states[-1])
            factor = {"reference": -lr, "gradient_ascent": lr, "learning_rate_ignored": -1.0,
                      "biases_never_updated": -lr}[kind]
            states.append([p if kind == "biases_never_updated" and i % 2 else p + factor * g
                           for i, (p, g) in enumerate(zip(states[-1], grads, strict=True))])
        return np.array([reference_cross_entropy(reference_classifier_forward(X, *s)[1], labels)
                         for s in states])

    for kind in ("biases_never_updated", "gradient_ascent", "learning_rate_ignored"):
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        if matches(losses[:k], path(kind, k - 1)):
            return Diagnosis(kind, tr(BIAS_TRAINING_MISTAKES[kind]))
    if matches(losses[:k], path("reference", k)[1:]):
        return Diagnosis("losses_after_update",
                         tr("your losses[i] is the loss after update i; record the loss "
                         "before updating the parameters, so losses[0] is the starting loss."))
    found = None if stepped is None else learning.first_step(
        ("W1", "b1", "W2", "b2"), params, stepped,
        list(reference_classifier_backprop(X, labels, *params)), lr)
    return learning.explain(losses, path("reference", losses.size - 1), found)


def accuracy(predicted: np.ndarray, labels: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known accuracy mistake from accuracy(predicted, labels) == got."""
    right = np.sum(predicted == labels)
    if is_right(np.float64(got), np.float64(right / max(labels.size, 1))):
        return None  # right values are never diagnosed
    k = int(max(np.max(predicted, initial=0), np.max(labels, initial=0))) + 1
    return first_match(np.float64(got), [
        ("accuracy_not_a_fraction", lambda: np.float64(right),
         tr("your accuracy is the number of right predictions; divide by the number of samples "
         "to get a fraction between 0 and 1: np.mean(predicted == labels).")),
        ("accuracy_not_a_fraction", lambda: np.float64(100.0 * right / labels.size),
         tr("your accuracy is a percentage; return the fraction between 0 and 1 instead.")),
        ("accuracy_not_a_fraction", lambda: np.float64(1.0 - right / labels.size),
         tr("your accuracy is the fraction of wrong predictions (the error rate).")),
        ("accuracy_compares_one_hot", lambda: np.float64(np.mean(
            np.eye(k)[predicted.astype(int)] == np.eye(k)[labels.astype(int)])),
         tr("your accuracy compares one-hot rows entry by entry, so a wrong prediction still "
         "counts the columns that agree; with {k} classes that is not the fraction of right "
         "predictions. Compare the class labels themselves: np.mean(predicted == labels).",
            k=k)),
    ])


def forward_classifier(X, W1, b1, W2, b2, A1: np.ndarray, P: np.ndarray) -> Diagnosis | None:
    """Name a mistake from forward_classifier(...) == (A1, P): catalogue, then the steps."""
    A1_ref = np.tanh(X @ W1 + b1)
    if is_right(A1, A1_ref) and is_right(P, _softmax(A1_ref @ W2 + b2)):
        return None  # right values are never diagnosed
    if A1.shape == A1_ref.shape and not matches(A1, A1_ref):
        return first_match(A1, [
            ("hidden_activation_not_tanh", lambda: reference_sigmoid(X @ W1 + b1),
             tr("your hidden layer uses the sigmoid; the classifier's hidden layer is "
             "tanh(X @ W1 + b1).")),
            ("bias_missing", lambda: np.tanh(X @ W1),
             tr("your hidden layer misses the bias: A1 = tanh(X @ W1 + b1).")),
        ]) or intermediates.forward_pass(CLASSIFIER, X, W1, W2, A1, P, b1, b2) \
            or probes.values("A1", A1, A1_ref, n=X.shape[0])
    return softmax(A1 @ W2 + b2, P) or first_match(P, [
        ("bias_missing", lambda: _softmax(A1_ref @ W2),
         tr("your output layer misses the bias: P = softmax(A1 @ W2 + b2).")),
    ]) or intermediates.forward_pass(CLASSIFIER, X, W1, W2, A1, P, b1, b2) \
        or probes.values("P", P, _softmax(A1_ref @ W2 + b2), n=X.shape[0]) \
        or intermediates.output_layer_only(CLASSIFIER, X, W1, W2, A1, P, b1, b2)


PROBABILITIES = probes.hint("probabilities_not_classes", (
    N_("predict returns one class per sample, the column of the largest probability: "
    "np.argmax(P, axis=1). np.max gives the probability itself, and P the whole rows.")))
LEAST_LIKELY = probes.hint("least_likely_class", (
    N_("Take the column of the largest probability, np.argmax(P, axis=1); np.argmin picks the "
    "least likely class.")))
OFF_BY_ONE = probes.hint("labels_off_by_one", (
    N_("Classes are numbered from 0, like the columns of P: np.argmax(P, axis=1) already gives "
    "them; do not add or subtract 1.")))
WRONG_AXIS = probes.hint("argmax_wrong_axis", (
    N_("Each row of P is one sample: take the largest entry of each row, np.argmax(P, axis=1).")))


def predict(P: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a predict mistake from the right probabilities P (n, k) and what it returned."""
    n, k = P.shape
    right = np.argmax(P, axis=1)
    if got.shape == P.shape:
        return Diagnosis(PROBABILITIES, tr("your predict returns the probabilities, shape {shape}; "
                                        "it should return one class per sample.",
                                           shape=got.shape))
    if got.shape == (k,) and n != k and np.array_equal(got, np.argmax(P, axis=0)):
        return Diagnosis(WRONG_AXIS, tr("your predict gives one class per column of P (axis=0), "
                                     "{k} values for {n} samples.",
                                        k=k, n=n))
    if got.shape != right.shape:
        return None
    if np.allclose(got, P.max(axis=1)) and not np.allclose(got, right):
        return Diagnosis(PROBABILITIES, tr("your predict returns each sample's largest "
                                        "probability (np.max) instead of its class "
                                        "(np.argmax)."))
    if k > 1 and np.array_equal(got, np.argmin(P, axis=1)):
        return Diagnosis(LEAST_LIKELY, tr("your predict gives the class of the smallest "
                                       "probability in each row, not of the largest."))
    for shift in (1, -1):
        if np.array_equal(got, right + shift):
            return Diagnosis(OFF_BY_ONE, tr("every class your predict returns is {shift:+d} from "
                                         "the right one: the labels are off by one.",
                                            shift=shift))
    return None
