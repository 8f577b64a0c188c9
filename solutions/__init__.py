"""The reference solution: a two-layer sigmoid network in plain numpy.

One idea per module, in the order the course teaches them::

    activations  sigmoid, sigmoid_derivative
    forward      feedforward
    loss         sse_loss
    gradients    backprop
    training     train
    network      NeuralNetwork (the seed article's class)
"""

from solutions.activations import sigmoid, sigmoid_derivative
from solutions.forward import feedforward
from solutions.gradients import backprop
from solutions.loss import sse_loss
from solutions.network import NeuralNetwork
from solutions.training import train

__all__ = [
    "sigmoid",
    "sigmoid_derivative",
    "feedforward",
    "sse_loss",
    "backprop",
    "train",
    "NeuralNetwork",
]
