"""The searched relations: one edit of the course's computation explains a wrong result."""

import numpy as np
import pytest

from autograder.diagnose import relations
from solutions import backprop, feedforward, sigmoid, sigmoid_derivative, sse_loss


def draw(seed: int, n: int = 4, d: int = 3, h: int = 4, o: int = 1):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.uniform(size=(n, o)), rng.normal(size=(d, h)),
            rng.normal(size=(h, o)))


def student_backprop(X, Y, W1, W2, slope1=lambda Z, A: sigmoid_derivative(Z), half=False):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Yh = sigmoid(A1 @ W2)
    d2 = (-1.0 if half else -2.0) * (Y - Yh) * Yh * (1 - Yh)
    d1 = (d2 @ W2.T) * slope1(Z1, A1)
    return X.T @ d1, A1.T @ d2


@pytest.mark.parametrize("seed", range(20))
def test_silent_on_right_values(seed):
    X, Y, W1, W2 = draw(seed)
    dW1, dW2 = backprop(X, Y, W1, W2)
    inputs = dict(X=X, Y=Y, W1=W1, W2=W2)
    assert relations.search(relations.BACKPROP_GRAPH, inputs, dict(dW1=dW1, dW2=dW2)) is None
    A1, Yh = feedforward(X, W1, W2)
    assert relations.search(relations.FEEDFORWARD_GRAPH, dict(X=X, W1=W1, W2=W2),
                            dict(A1=A1, Y_hat=Yh)) is None
    assert relations.search(relations.LOSS_GRAPH, dict(Y_hat=Yh, Y=Y),
                            dict(L=np.float64(sse_loss(Yh, Y)))) is None


def test_a_derivative_taken_at_the_activation_is_a_substitution():
    X, Y, W1, W2 = draw(1)
    got = student_backprop(X, Y, W1, W2, slope1=lambda Z, A: sigmoid_derivative(A))
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=got[0], dW2=got[1]))
    assert found and "sigmoid_derivative(Z1) uses A1 instead of Z1" in found.explanation


def test_a_missing_slope_is_a_dropped_factor():
    X, Y, W1, W2 = draw(2)
    got = student_backprop(X, Y, W1, W2, slope1=lambda Z, A: 1.0)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=got[0], dW2=got[1]))
    assert found and "missing its factor sigmoid_derivative(Z1)" in found.explanation


def test_half_the_gradient_is_a_scale_of_the_first_step_that_explains_it():
    X, Y, W1, W2 = draw(3)
    got = student_backprop(X, Y, W1, W2, half=True)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=got[0], dW2=got[1]))
    assert found and "-2 * (Y - Y_hat) is 0.5 times" in found.explanation


def test_summing_before_squaring_is_two_steps_swapped():
    _, Y, _, _ = draw(4, n=6)
    Yh = np.random.default_rng(5).uniform(size=Y.shape)
    found = relations.search(relations.LOSS_GRAPH, dict(Y_hat=Yh, Y=Y),
                             dict(L=np.float64(np.sum(Y - Yh) ** 2)))
    assert found and "summing before squaring" in found.explanation


def test_an_output_layer_fed_the_inputs_is_a_substitution_where_shapes_allow():
    rng = np.random.default_rng(6)
    X, W1, W2 = (rng.normal(size=(3, 3)) for _ in range(3))
    found = relations.search(relations.FEEDFORWARD_GRAPH, dict(X=X, W1=W1, W2=W2),
                             dict(A1=sigmoid(X @ W1), Y_hat=sigmoid(X @ W2)))
    assert found and "uses X instead of A1" in found.explanation


def test_values_no_single_edit_explains_get_nothing():
    X, Y, W1, W2 = draw(7)
    rng = np.random.default_rng(8)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=rng.normal(size=W1.shape), dW2=rng.normal(size=W2.shape)))
    assert found is None


def test_a_hidden_delta_computed_with_the_updated_w2_is_found_in_one_training_step():
    X, Y, W1, W2 = draw(9)
    lr = 0.7
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Yh = sigmoid(A1 @ W2)
    d2 = -2.0 * (Y - Yh) * Yh * (1 - Yh)
    W2_new = W2 - lr * (A1.T @ d2)
    W1_new = W1 - lr * (X.T @ ((d2 @ W2_new.T) * sigmoid_derivative(Z1)))
    found = relations.search(relations.TRAIN_STEP_GRAPH,
                             dict(X=X, Y=Y, W1=W1, W2=W2, lr=np.float64(lr)),
                             dict(W1_new=W1_new, W2_new=W2_new))
    assert found and "uses the already updated W2 instead of W2" in found.explanation


def test_a_sigmoid_with_its_argument_doubled_is_a_scale_of_minus_z():
    z = np.linspace(-3, 3, 13)
    found = relations.search(relations.SIGMOID_GRAPH, dict(z=z),
                             dict(S=1 / (1 + np.exp(-2 * z))))
    assert found and "-z is 2 times what it should be" in found.explanation
    assert relations.search(relations.SIGMOID_GRAPH, dict(z=z), dict(S=sigmoid(z))) is None


def test_a_derivative_without_its_second_factor_is_a_dropped_factor():
    z = np.linspace(-3, 3, 13)
    found = relations.search(relations.DERIVATIVE_GRAPH, dict(z=z), dict(SD=sigmoid(z)))
    assert found and "missing its factor 1 - s" in found.explanation
    assert relations.search(relations.DERIVATIVE_GRAPH, dict(z=z),
                            dict(SD=sigmoid_derivative(z))) is None


@pytest.mark.parametrize("hidden, words", [
    (np.tanh, "A1 = sigmoid(Z1) is computed with np.tanh"),
    (lambda Z: np.maximum(Z, 0.0), "A1 = sigmoid(Z1) is computed with np.maximum"),
    (lambda Z: Z, "the function of A1 = sigmoid(Z1) is missing"),
])
def test_another_function_in_place_of_the_sigmoid_is_found(hidden, words):
    X, _, W1, W2 = draw(5)
    A1 = hidden(X @ W1)
    found = relations.search(relations.FEEDFORWARD_GRAPH, dict(X=X, W1=W1, W2=W2),
                             dict(A1=A1, Y_hat=sigmoid(A1 @ W2)))
    assert found and words in found.explanation, found


def test_the_sigmoid_in_place_of_its_derivative_is_found():
    X, Y, W1, W2 = draw(6)
    got = student_backprop(X, Y, W1, W2, slope1=lambda Z, A: sigmoid(Z))
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=got[0], dW2=got[1]))
    # A1 is sigmoid(Z1): using it for the slope is the same edit, said as a substitution
    assert found and "uses A1 instead of sigmoid_derivative(Z1)" in found.explanation


def test_a_complement_without_its_one_is_a_shift():
    z = np.linspace(-3, 3, 13)
    s = sigmoid(z)
    found = relations.search(relations.DERIVATIVE_GRAPH, dict(z=z), dict(SD=s * (0 - s)))
    assert found and "1 - s is off by -1" in found.explanation, found


def test_a_gradient_averaged_along_an_axis_is_a_reduction():
    X, Y, W1, W2 = draw(7)
    dW1, dW2 = backprop(X, Y, W1, W2)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=dW1.mean(axis=1, keepdims=True), dW2=dW2))
    # averaging dZ1 over the hidden units gives the same dW1: the earlier step is said
    assert found and "is averaged along axis 1" in found.explanation, found
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=dW1, dW2=dW2.sum(axis=0, keepdims=True)))
    assert found and "dW2 = A1.T @ dZ2 is summed along axis 0" in found.explanation, found


def test_a_loss_with_one_operand_transposed_is_found():
    rng = np.random.default_rng(9)
    Y, Y_hat = rng.uniform(size=(4, 1)), rng.uniform(size=(4, 1))
    found = relations.search(relations.LOSS_GRAPH, dict(Y_hat=Y_hat, Y=Y),
                             dict(L=np.float64(np.sum((Y - Y_hat.T) ** 2))))
    assert found and "E = Y - Y_hat has one operand transposed (Y.T / Y_hat.T)" in \
        found.explanation, found


@pytest.mark.parametrize("seed", range(5))
def test_a_weight_decay_term_in_the_gradients_is_measured_not_listed(seed):
    X, Y, W1, W2 = draw(seed, n=6, h=5)
    dW1, dW2 = backprop(X, Y, W1, W2)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=dW1 + 0.05 * W1, dW2=dW2 + 0.05 * W2))
    assert found and "weight decay" in found.explanation and "0.05 * W2" in found.explanation


def test_a_gradient_made_of_a_quantity_its_formula_lacks_is_named():
    X, Y, W1, W2 = draw(3, n=5, h=6)
    dW1, dW2 = backprop(X, Y, W1, W2)
    Yh = feedforward(X, W1, W2)[1]
    delta = -2 * (Y - Yh) * Yh * (1 - Yh)
    found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                             dict(dW1=dW1, dW2=W2 * np.mean(delta)))
    assert found and "multiple of the weights W2" in found.explanation
    assert "hidden activations A1" in found.explanation
