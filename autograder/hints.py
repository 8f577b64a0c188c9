"""One friendly paragraph per named mistake: how to put it right (shown in the feedback).

The keys are every mistake name a check or a diagnosis can give: the catalogue's MISTAKE
names (tests/mistakes/), a few more that the catalogue matching recognises, and the
generic probes' names, whose hints are written beside each probe (autograder/diagnose/,
``probes.hint(name, text)``) and merged in at the end.
"""

from autograder.diagnose.probes import HINTS as PROBE_HINTS
from autograder.i18n import N_, tr

HINTS: dict[str, str] = {
    "parameter_missing": (
        N_("The course calls each function and method with the parameters its contract gives "
           "(README.md, \"The student contract\"), defaults included: write them in the def "
           "line exactly, for example `def backprop(self, learning_rate=1.0):`.")),
    "scalar_math_on_arrays": (
        N_("Python's `math` module works on single numbers only; numpy's functions (`np.exp`, "
           "`np.log`, `np.tanh`) work on whole arrays, element by element. The grader calls "
           "your functions with arrays, as the article does.")),
    "not_implemented": (
        N_("This function still raises NotImplementedError: replace the `raise "
        "NotImplementedError` line with your own code, then run the visible checks again.")),
    "not_defined": (
        N_("The grader could not find this name. Check the spelling against the assignment "
        "(for example `sigmoid_derivative`, `NeuralNetwork`) and make sure the cell that "
        "defines it has been run and is part of your submission.")),
    "sigmoid_sign_flipped": (
        N_("The sigmoid is 1 / (1 + np.exp(-z)), with a minus sign inside the exponential. "
        "Without it the curve is mirrored: large inputs give values near 0 instead of 1. "
        "A quick test: sigmoid(5) should be about 0.993.")),
    "transposed_shape": (
        N_("An array of the right size with its two sizes swapped: (1, 4) where (4, 1) is "
        "meant. Check the order in np.random.rand(rows, columns), or a `.T` too many or too "
        "few.")),
    "flat_instead_of_column": (
        N_("numpy tells a flat array, shape (n,), from a column, shape (n, 1): they broadcast "
        "differently. Make columns with a shape of two sizes, np.zeros((n, 1)) or "
        "np.zeros(y.shape).")),
    "losses_overwritten": (
        N_("Keep every iteration's loss: start with `losses = []` before the loop and "
        "`losses.append(loss)` inside it; `losses = loss` keeps only the last one.")),
    "losses_recorded_every_few": (
        N_("train returns one loss per iteration. Printing only every 100 iterations is fine; "
        "record the loss at every iteration, outside the `if` that decides when to print.")),
    "returns_given_weights": (
        N_("Return the variables you updated in the loop. If you copy the weights first "
        "(w1 = W1.copy()), train the copies and return the copies.")),
    "losses_stored_as_integers": (
        N_("np.zeros(n, dtype=int) keeps whole numbers only: every loss stored in it loses its "
        "fraction. Use np.zeros(n), which holds floats, or a list.")),
    "losses_of_starting_weights": (
        N_("Compute the loss inside the loop, from the weights of that iteration, before you "
        "update them: a loss computed once before the loop stays the same forever.")),
    "loss_summed_over_one_axis": (
        N_("The sum-of-squares loss adds up every entry of (Y - Y_hat) ** 2 into one number: "
        "np.sum(...) with no axis. axis=0 or axis=1 leaves one sum per column or row.")),
    "matmul_shapes_mismatch": (
        N_("In A @ B the columns of A must equal the rows of B. Write each array's shape next "
        "to the formula ((n, h) @ (h, o) -> (n, o)) and add the transpose (.T) where the "
        "inner sizes differ.")),
    "added_shapes_mismatch": (
        N_("Arrays added or subtracted element by element must have the same shape (or shapes "
        "numpy can broadcast). A weight and its own gradient always have the same shape.")),
    "module_not_imported": (
        N_("Each file imports what it uses, at its top: `import numpy as np` in every file "
        "that writes `np.`. An import in another file does not reach this one.")),
    "sigmoid_is_tanh": (
        N_("tanh and the sigmoid are both S-shaped, but tanh(z) = 2 * sigmoid(2z) - 1 runs from "
        "-1 to 1. The course's activation is the sigmoid, 1 / (1 + np.exp(-z)); tanh comes "
        "in stage 6.")),
    "sigmoid_denominator_only": (
        N_("Python divides before it adds, so `1 / 1 + np.exp(-z)` is 1 + exp(-z). Put the "
        "whole denominator in parentheses: 1 / (1 + np.exp(-z)). sigmoid(0) should be 0.5."
        )),
    "sigmoid_overflows": (
        N_("exp(z) overflows to infinity for z above about 709, and inf / inf is NaN. Write the "
        "sigmoid as 1 / (1 + np.exp(-z)): for large positive z, exp(-z) is tiny and the "
        "result is 1; for large negative z the denominator grows to infinity and the "
        "result is 0, which is also right.")),
    "derivative_z_times_one_minus_z": (
        N_("The article writes the derivative as x * (1 - x) because it passes in the "
        "activation x = sigmoid(z). Our sigmoid_derivative receives z itself, so compute "
        "s = sigmoid(z) first and return s * (1 - s).")),
    "derivative_overflows": (
        N_("np.exp overflows to infinity once its argument passes about 709, and inf / inf is "
           "NaN: np.exp(-z) / (1 + np.exp(-z)) ** 2 is right on paper but NaN at z = -1000. "
           "Write the derivative through the sigmoid, s = sigmoid(z), and return s * (1 - s): "
           "with a sigmoid that is finite for every z, so is the derivative.")),
    "derivative_applied_to_activation": (
        N_("sigmoid_derivative expects the pre-activation z (the value before the sigmoid), not "
        "the activation. Keep Z1 = X @ W1 and Z2 = A1 @ W2 in variables and call "
        "sigmoid_derivative(Z1) and sigmoid_derivative(Z2); or, equivalently, use "
        "A1 * (1 - A1) and Y_hat * (1 - Y_hat) on the activations.")),
    "derivative_sign_flipped": (
        N_("The slope of the sigmoid is never negative: return s * (1 - s) with s = sigmoid(z).")),
    "hidden_activation_missing": (
        N_("Each layer is a matrix product followed by the sigmoid. The hidden layer is "
        "A1 = sigmoid(X @ W1); without the sigmoid the two layers collapse into one linear "
        "map and the network cannot learn XOR-like patterns.")),
    "output_activation_missing": (
        N_("The prediction also goes through the sigmoid: Y_hat = sigmoid(A1 @ W2). That keeps "
        "every prediction between 0 and 1, like the targets.")),
    "elementwise_instead_of_matmul": (
        N_("In numpy `*` multiplies entry by entry; a layer needs the matrix product, written "
        "`X @ W1` or `np.dot(X, W1)`. Check the shapes: (n, 3) @ (3, 4) gives (n, 4).")),
    "transposed_weights": (
        N_("W1 has shape (inputs, hidden) and W2 has shape (hidden, outputs), so the layers "
        "are X @ W1 and A1 @ W2 with no transposes. Writing the shapes next to each line "
        "helps: (n, d) @ (d, h) -> (n, h).")),
    "mean_instead_of_sum": (
        N_("The course's loss adds the squared errors up: np.sum((Y - Y_hat) ** 2). A mean "
        "divides by the number of entries, which also scales every gradient down.")),
    "absolute_instead_of_squared": (
        N_("Square the errors instead of taking their absolute value: np.sum((Y - Y_hat) ** 2). "
        "The square is what backprop's factor 2 (Y - Y_hat) comes from.")),
    "error_not_squared": (
        N_("Square each error before adding them up: np.sum((Y - Y_hat) ** 2). Without the "
        "square, an error of +0.5 and one of -0.5 cancel and the loss says 0.")),
    "half_sse": (
        N_("Some books use 1/2 times the sum of squares; this course does not. Return "
        "np.sum((Y - Y_hat) ** 2) with no factor 1/2.")),
    "loss_not_summed": (
        N_("(Y - Y_hat) ** 2 is an array with one squared error per entry; the loss is a single "
        "number, their sum: float(np.sum((Y - Y_hat) ** 2)).")),
    "gradient_sign_flipped": (
        N_("The article adds 2 * (y - output) * ... to the weights, which is minus the "
        "gradient. backprop must return the gradient itself, dL/dY_hat = -2 * (Y - Y_hat), "
        "so that training can subtract it: W = W - learning_rate * dW.")),
    "article_backprop_copied": (
        N_("The article's backprop computes the step to add to the weights, 2 * (y - output) * "
           "sigmoid_derivative(output), with a sigmoid_derivative that takes an activation. "
           "The course's backprop returns the gradient itself, which training subtracts, and "
           "its sigmoid_derivative takes z: dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2), "
           "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1).")),
    "factor_2_missing": (
        N_("The derivative of (Y - Y_hat) ** 2 with respect to Y_hat is -2 * (Y - Y_hat). Keep "
        "the 2: without it every gradient is half as big as it should be.")),
    "gradient_of_mean_loss": (
        N_("Your gradient is divided by the number of samples, as it would be for a mean loss. "
        "The course's loss is the sum of squared errors, so no division is needed.")),
    "gradient_scaled": (
        N_("Your gradient points the right way but its size is off by a constant factor. Go "
        "through the chain rule step by step and check each constant: the only one is the 2 "
        "from the square.")),
    "hidden_derivative_missing": (
        N_("Backprop through the hidden layer needs the sigmoid's slope there too: "
        "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1), then dW1 = X.T @ dZ1.")),
    "dw1_uses_updated_w2": (
        N_("Compute both gradients from the same weights, then update: "
        "dW1, dW2 = backprop(X, Y, W1, W2), and only after that change W1 and W2. "
        "Updating W2 first changes the point dW1 is computed at.")),
    "gradient_ascent": (
        N_("Gradient descent moves against the gradient: W = W - learning_rate * dW. Adding it "
        "climbs the loss. (The article's `+=` works only because its delta is already "
        "minus the gradient.)")),
    "learning_rate_ignored": (
        N_("Use the learning_rate argument in the update: W = W - learning_rate * dW. "
        "Try train(..., learning_rate=0.5) and check that the steps get smaller.")),
    "one_iteration_too_few": (
        N_("Loop with `for i in range(iterations):` so there are exactly `iterations` updates "
        "and one recorded loss for each.")),
    "w1_never_updated": (
        N_("Both weight matrices learn: after computing dW1 and dW2, update both, "
        "W1 = W1 - learning_rate * dW1 and W2 = W2 - learning_rate * dW2.")),
    "train_never_updates": (
        N_("The weights must change at each step: store the result of the update, "
        "W1 = W1 - learning_rate * dW1 (the same for W2), inside the loop.")),
    "losses_after_update": (
        N_("Record the loss first, then update: losses[i] is the loss of the weights before "
        "step i, so losses[0] is the loss of the starting weights.")),
    "network_backprop_never_updates": (
        N_("An expression like `self.weights1 - learning_rate * d_weights1` computes new "
        "weights and throws them away. Assign them: self.weights1 = self.weights1 - "
        "learning_rate * d_weights1, or self.weights1 -= learning_rate * d_weights1.")),

    # --- stage 6: activations, biases, learning rates ---
    "tanh_is_sigmoid": (
        N_("tanh is (e^z - e^-z) / (e^z + e^-z), or simply np.tanh(z). It looks like the "
        "sigmoid but runs from -1 to 1 and is 0 at z = 0.")),
    "relu_wrong_side": (
        N_("relu keeps the positive inputs and sets the negative ones to 0: np.maximum(0, z).")),
    "leaky_relu_alpha_ignored": (
        N_("leaky_relu lets a little through for negative inputs: np.where(z > 0, z, alpha * z), "
        "using the alpha argument (0.01 by default).")),
    "tanh_derivative_one_minus_z_squared": (
        N_("1 - a**2 is the slope of tanh when a = tanh(z) is the activation. tanh_derivative "
        "receives z itself, so compute t = np.tanh(z) first and return 1 - t**2.")),
    "relu_derivative_negative": (
        N_("For z < 0, relu is flat (always 0), so its slope there is 0; for z > 0 the slope is "
        "1: (z > 0).astype(float). For leaky_relu the slope for z < 0 is alpha.")),
    "bias_gradient_not_summed": (
        N_("The bias is added to every sample's row, so each sample contributes to its gradient: "
        "db = dZ.sum(axis=0, keepdims=True): one row with one number per unit, the bias's shape.")),
    "bias_gradient_wrong_axis": (
        N_("Sum the per-sample terms over the samples (the rows, axis=0), not over the units: "
        "db = dZ.sum(axis=0, keepdims=True) is one row with one number per unit, the bias's "
        "shape.")),
    "bias_gradient_shape": (
        N_("Keep the bias gradient a row vector like the bias: dZ.sum(axis=0, keepdims=True) "
        "gives one row with one number per unit; without keepdims it is a flat (1-D) array.")),
    "bias_gradient_averaged": (
        N_("The sum-of-squares loss adds the samples' errors up, so the bias gradient adds their "
        "terms up too: dZ.sum(axis=0, keepdims=True), not a mean.")),
    "activation_ignored": (
        N_("Use the activation the `activation` argument names for the hidden layer, and the "
        "matching derivative in backprop, for example with a dictionary "
        "{'sigmoid': (sigmoid, sigmoid_derivative), 'tanh': (tanh, tanh_derivative), ...}.")),
    "bias_missing": (
        N_("Each layer adds its bias after the matrix product: Z1 = X @ W1 + b1 and "
        "Z2 = A1 @ W2 + b2. A bias, one row with one number per unit, is added to every row by "
        "broadcasting.")),
    "output_activation_changed": (
        N_("The activation argument only changes the hidden layer. The output layer stays a "
        "sigmoid of A1 @ W2 + b2, so the predictions stay between 0 and 1.")),
    "biases_never_updated": (
        N_("The biases learn too: after computing all four gradients, update all four, "
        "b1 = b1 - learning_rate * db1 and b2 = b2 - learning_rate * db2.")),
    # --- stage 7: the softmax classifier ---
    "softmax_wrong_axis": (
        N_("Each row of Z holds one sample's scores, so normalise each row: take the row "
        "maximum and the row sum with axis=1 and keepdims=True. Check that P.sum(axis=1) "
        "is all ones.")),
    "softmax_unstable": (
        N_("np.exp(1000) overflows to infinity. Subtract each row's largest score before the "
        "exponential, Z - Z.max(axis=1, keepdims=True): the probabilities do not change and "
        "every exp stays between 0 and 1.")),
    "cross_entropy_sum_instead_of_mean": (
        N_("The course's cross-entropy averages over the samples: "
        "-np.mean(np.log(P[np.arange(n), labels])). Its gradient has the matching 1/n.")),
    "cross_entropy_sign_flipped": (
        N_("log of a probability is negative, so the loss needs the minus sign: "
        "-np.mean(np.log(P[np.arange(n), labels])) is positive and falls as P improves.")),
    "hidden_activation_not_tanh": (
        N_("The classifier's hidden layer is A1 = np.tanh(X @ W1 + b1), as in the notebook.")),
    "labels_not_one_hot": (
        N_("P has one column per class, the labels one integer per sample. Turn the labels into "
        "one-hot rows first, T = np.eye(k)[labels], then dZ2 = (P - T) / n.")),
    "gradient_not_divided_by_n": (
        N_("The loss is a mean over the n samples, so every gradient carries a 1/n: "
        "dZ2 = (P - T) / n. Without it the gradient is n times too big and training with "
        "the course's learning rate overshoots.")),
    "gradient_divided_twice": (
        N_("Divide by n exactly once, where dZ2 = (P - T) / n is formed; the sums over samples "
        "that follow (X.T @ dZ1, dZ.sum(axis=0)) must not divide again.")),
    "classifier_gradient_sign_flipped": (
        N_("The gradient of softmax plus cross-entropy with respect to the scores is "
        "(P - T) / n, probabilities minus targets; training then subtracts it.")),
    "accuracy_not_a_fraction": (
        N_("Accuracy is the fraction of right predictions, between 0 and 1: "
        "float(np.mean(predicted == labels)).")),
    "accuracy_compares_one_hot": (
        N_("Compare the class labels, one per sample: float(np.mean(predicted == labels)). "
        "Comparing one-hot rows entry by entry also counts the columns a wrong prediction "
        "gets right, which only happens to agree when there are two classes.")),
    "softmax_not_normalised": (
        N_("After the exponentials, divide each row by its sum, E / E.sum(axis=1, "
        "keepdims=True), so each sample's probabilities add up to 1.")),
    "returns_none": (
        N_("The function computes its result but does not give it back: end it with a "
        "`return` line (for example `return A1, Y_hat`). A print shows a value; only "
        "return hands it to the caller.")),
    "hidden_units_wrong": (
        N_("The article's network has 4 hidden units: weights1 = np.random.rand(n_features, 4) "
        "and weights2 = np.random.rand(4, 1), where n_features = x.shape[1].")),
    "attribute_not_set": (
        N_("NeuralNetwork.__init__ sets every attribute the methods use: self.input, self.y, "
        "self.weights1, self.weights2 and self.output (np.zeros(y.shape) to start).")),
    "inputs_modified": (
        N_("Leave the arguments as they were: `W1 -= ...` or `X /= ...` changes the caller's "
        "arrays. Work on new arrays (Z = X @ W1) or start from copies (W1 = W1.copy()).")),
    "undefined_variable": (
        N_("A variable is used before it is given a value, or its name is misspelt. Read the "
        "line the error names: every name it uses must be assigned above it in the same "
        "function (or be an argument).")),
}

# the generic probes' hints (autograder/diagnose/), each written beside its probe
import autograder.diagnose  # noqa: E402, F401  (registers every probe's hint)
import autograder.diagnose.behaviour  # noqa: E402, F401
import autograder.diagnose.callers  # noqa: E402, F401
import autograder.diagnose.relations  # noqa: E402, F401
import autograder.diagnose.skipped  # noqa: E402, F401

HINTS.update({name: text for name, text in PROBE_HINTS.items() if name not in HINTS})

#: Mistake name -> a short label for the student, where the name in words says too little.
#: Every other mistake's label is its name in words ("factor_2_missing" -> "factor 2
#: missing"), which the catalog translates too: ``i18n/extract.py`` extracts the name in
#: words of every mistake in HINTS that is not listed here.
LABELS: dict[str, str] = {
    "transposed_shape": N_("two sizes of a shape swapped"),
    "sigmoid_is_tanh": N_("tanh in place of the sigmoid"),
    "flat_instead_of_column": N_("a flat array where a column is expected"),
    "losses_overwritten": N_("each loss overwrites the one before"),
    "losses_recorded_every_few": N_("the loss recorded only every few iterations"),
    "returns_given_weights": N_("the given weights returned instead of the trained ones"),
    "losses_of_starting_weights": N_("every loss is the starting weights' loss"),
    "loss_summed_over_one_axis": N_("the loss summed along one axis only"),
    "matmul_shapes_mismatch": N_("a matrix product whose shapes do not fit"),
    "added_shapes_mismatch": N_("arrays of different shapes added"),
    "module_not_imported": N_("a module used without being imported"),
    "scalar_math_on_arrays": N_("math function used on arrays"),
    "relation_found": N_("one step of the computation done differently"),
    "hidden_state": N_("a value kept from an earlier call"),
    "parameter_missing": N_("a parameter of the contract missing"),
    "argument_ignored": N_("an argument ignored"),
    "article_backprop_copied": N_("the article's backprop copied"),
    "losses_part_at_step": N_("the losses leave the right ones at one step"),
    "sigmoid_denominator_only": N_("sigmoid denominator without parentheses"),
}


def hint_text(mistake: str) -> str:
    """The fix-it paragraph for `mistake` in the current language ("" if it has none)."""
    text = HINTS.get(mistake)
    return tr(text) if text else ""


def in_words(mistake: str) -> str:
    """A mistake's name in words: "factor_2_missing" -> "factor 2 missing"."""
    return mistake.replace("_", " ")


def mistake_label(mistake: str) -> str:
    """`mistake` as a short label in the current language (LABELS, else its name in words)."""
    return tr(LABELS.get(mistake) or in_words(mistake))


def hint_or_label(mistake: str) -> str:
    """The fix-it paragraph for `mistake`, or its label as a sentence if it has none."""
    return hint_text(mistake) or tr("{mistake}.", mistake=mistake_label(mistake))


def likely_mistake(mistake: str) -> str:
    """"Likely mistake: <label>." in the current language: what leads in a hint."""
    return tr("Likely mistake: {mistake}.", mistake=mistake_label(mistake))

