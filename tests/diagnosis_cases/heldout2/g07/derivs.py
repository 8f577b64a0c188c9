"""Derivatives of the activation functions (my own helper file)."""


def sigmoid_derivative(z):
    # slope of the logistic curve at z
    s = sigmoid(z)
    return s * (1.0 - s)
