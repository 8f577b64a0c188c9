"""One friendly paragraph per named mistake: how to put it right (shown in the feedback).

The keys are every mistake name a check or a diagnosis can give: the catalogue's MISTAKE
names (autograder/mistakes/) and a few more that the measurements can recognise.
"""

HINTS: dict[str, str] = {
    "not_implemented": (
        "This function still raises NotImplementedError: replace the `raise "
        "NotImplementedError` line with your own code, then run the visible checks again."),
    "not_defined": (
        "The grader could not find this name. Check the spelling against the assignment "
        "(for example `sigmoid_derivative`, `NeuralNetwork`) and make sure the cell that "
        "defines it has been run and is part of your submission."),
    "sigmoid_sign_flipped": (
        "The sigmoid is 1 / (1 + np.exp(-z)), with a minus sign inside the exponential. "
        "Without it the curve is mirrored: large inputs give values near 0 instead of 1. "
        "A quick test: sigmoid(5) should be about 0.993."),
    "sigmoid_overflows": (
        "exp(z) overflows to infinity for z above about 709, and inf / inf is NaN. Write the "
        "sigmoid as 1 / (1 + np.exp(-z)): for large positive z, exp(-z) is tiny and the "
        "result is 1; for large negative z the denominator grows to infinity and the "
        "result is 0, which is also right."),
    "derivative_z_times_one_minus_z": (
        "The article writes the derivative as x * (1 - x) because it passes in the "
        "activation x = sigmoid(z). Our sigmoid_derivative receives z itself, so compute "
        "s = sigmoid(z) first and return s * (1 - s)."),
    "derivative_applied_to_activation": (
        "sigmoid_derivative expects the pre-activation z (the value before the sigmoid), not "
        "the activation. Keep Z1 = X @ W1 and Z2 = A1 @ W2 in variables and call "
        "sigmoid_derivative(Z1) and sigmoid_derivative(Z2); or, equivalently, use "
        "A1 * (1 - A1) and Y_hat * (1 - Y_hat) on the activations."),
    "derivative_sign_flipped": (
        "The slope of the sigmoid is never negative: return s * (1 - s) with s = sigmoid(z)."),
    "hidden_activation_missing": (
        "Each layer is a matrix product followed by the sigmoid. The hidden layer is "
        "A1 = sigmoid(X @ W1); without the sigmoid the two layers collapse into one linear "
        "map and the network cannot learn XOR-like patterns."),
    "output_activation_missing": (
        "The prediction also goes through the sigmoid: Y_hat = sigmoid(A1 @ W2). That keeps "
        "every prediction between 0 and 1, like the targets."),
    "elementwise_instead_of_matmul": (
        "In numpy `*` multiplies entry by entry; a layer needs the matrix product, written "
        "`X @ W1` or `np.dot(X, W1)`. Check the shapes: (n, 3) @ (3, 4) gives (n, 4)."),
    "transposed_weights": (
        "W1 has shape (inputs, hidden) and W2 has shape (hidden, outputs), so the layers "
        "are X @ W1 and A1 @ W2 with no transposes. Writing the shapes next to each line "
        "helps: (n, d) @ (d, h) -> (n, h)."),
    "mean_instead_of_sum": (
        "The course's loss adds the squared errors up: np.sum((Y - Y_hat) ** 2). A mean "
        "divides by the number of entries, which also scales every gradient down."),
    "absolute_instead_of_squared": (
        "Square the errors instead of taking their absolute value: np.sum((Y - Y_hat) ** 2). "
        "The square is what backprop's factor 2 (Y - Y_hat) comes from."),
    "error_not_squared": (
        "Square each error before adding them up: np.sum((Y - Y_hat) ** 2). Without the "
        "square, an error of +0.5 and one of -0.5 cancel and the loss says 0."),
    "half_sse": (
        "Some books use 1/2 times the sum of squares; this course does not. Return "
        "np.sum((Y - Y_hat) ** 2) with no factor 1/2."),
    "loss_not_summed": (
        "(Y - Y_hat) ** 2 is an array with one squared error per entry; the loss is a single "
        "number, their sum: float(np.sum((Y - Y_hat) ** 2))."),
    "gradient_sign_flipped": (
        "The article adds 2 * (y - output) * ... to the weights, which is minus the "
        "gradient. backprop must return the gradient itself, dL/dY_hat = -2 * (Y - Y_hat), "
        "so that training can subtract it: W = W - learning_rate * dW."),
    "factor_2_missing": (
        "The derivative of (Y - Y_hat) ** 2 with respect to Y_hat is -2 * (Y - Y_hat). Keep "
        "the 2: without it every gradient is half as big as it should be."),
    "gradient_of_mean_loss": (
        "Your gradient is divided by the number of samples, as it would be for a mean loss. "
        "The course's loss is the sum of squared errors, so no division is needed."),
    "gradient_scaled": (
        "Your gradient points the right way but its size is off by a constant factor. Go "
        "through the chain rule step by step and check each constant: the only one is the 2 "
        "from the square."),
    "hidden_derivative_missing": (
        "Backprop through the hidden layer needs the sigmoid's slope there too: "
        "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1), then dW1 = X.T @ dZ1."),
    "dw1_uses_updated_w2": (
        "Compute both gradients from the same weights, then update: "
        "dW1, dW2 = backprop(X, Y, W1, W2), and only after that change W1 and W2. "
        "Updating W2 first changes the point dW1 is computed at."),
    "gradient_ascent": (
        "Gradient descent moves against the gradient: W = W - learning_rate * dW. Adding it "
        "climbs the loss. (The article's `+=` works only because its delta is already "
        "minus the gradient.)"),
    "learning_rate_ignored": (
        "Use the learning_rate argument in the update: W = W - learning_rate * dW. "
        "Try train(..., learning_rate=0.5) and check that the steps get smaller."),
    "one_iteration_too_few": (
        "Loop with `for i in range(iterations):` so there are exactly `iterations` updates "
        "and one recorded loss for each."),
    "w1_never_updated": (
        "Both weight matrices learn: after computing dW1 and dW2, update both, "
        "W1 = W1 - learning_rate * dW1 and W2 = W2 - learning_rate * dW2."),
    "train_never_updates": (
        "The weights must change at each step: store the result of the update, "
        "W1 = W1 - learning_rate * dW1 (the same for W2), inside the loop."),
    "losses_after_update": (
        "Record the loss first, then update: losses[i] is the loss of the weights before "
        "step i, so losses[0] is the loss of the starting weights."),
    "network_backprop_never_updates": (
        "An expression like `self.weights1 - learning_rate * d_weights1` computes new "
        "weights and throws them away. Assign them: self.weights1 = self.weights1 - "
        "learning_rate * d_weights1, or self.weights1 -= learning_rate * d_weights1."),
}
