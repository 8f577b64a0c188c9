# the network (stages 2-5); the activation lives in my helper file
import numpy as np

from nn_helpers import sigmoid, sigmoid_derivative


def feedforward(X, W1, W2):
    layer1 = sigmoid(X @ W1)
    output = sigmoid(layer1 @ W2)
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    layer1 = sigmoid(z1)
    z2 = layer1 @ W2
    output = sigmoid(z2)
    d2 = -2.0 * (Y - output) * sigmoid_derivative(z2)
    d1 = (d2 @ W2.T) * sigmoid_derivative(z1)
    return X.T @ d1, layer1.T @ d2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1 = W1.copy()
    w2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, w1, w2)[1], Y)
        g1, g2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * g1
        w2 = w2 - learning_rate * g2
    return w1, w2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
