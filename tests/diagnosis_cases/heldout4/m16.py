import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    layer1 = sigmoid(X @ W1)
    return layer1, sigmoid(layer1 @ W2)


def sse_loss(Y_hat, Y):
    return float(((Y - Y_hat) ** 2).sum())


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    layer1 = sigmoid(z1)
    z2 = layer1 @ W2
    out = sigmoid(z2)
    d2 = 2 * (out - Y) * sigmoid_derivative(z2)
    d1 = d2 @ W2.T * sigmoid_derivative(z1)
    return X.T @ d1, layer1.T @ d2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    """The article's class; the maths is done by the functions above."""

    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    @staticmethod
    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
