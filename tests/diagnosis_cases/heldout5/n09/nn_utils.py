"""Helpers for network.py."""
from network import sigmoid


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)
