"""The reference solution: a two-layer sigmoid network in plain numpy.

One idea per module, in the order the course teaches them::

    activations  sigmoid, sigmoid_derivative
    forward      feedforward
    loss         sse_loss
    gradients    backprop
    training     train
    network      NeuralNetwork (the seed article's class)

Beyond the article (stages 6 and 7), imported from their own modules:

    more_activations  tanh, relu, leaky_relu and their derivatives
    bias_network      feedforward_with_bias, backprop_with_bias, train_with_bias
    classifier        softmax, cross_entropy, forward_classifier, backprop_classifier,
                      train_classifier, predict, accuracy
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
