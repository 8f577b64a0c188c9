import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    sz = sigmoid(z)
    return sz * (1 - sz)


def feedforward(X, W1, W2):
    h = sigmoid(X.dot(W1))
    return h, sigmoid(h.dot(W2))


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, W1, W2, Y):
    """Gradients of the loss; the weights come right after the inputs, like in feedforward."""
    z1 = X.dot(W1)
    h = sigmoid(z1)
    z2 = h.dot(W2)
    out = sigmoid(z2)
    e2 = 2 * (out - Y) * sigmoid_derivative(z2)
    e1 = e2.dot(W2.T) * sigmoid_derivative(z1)
    return X.T.dot(e1), h.T.dot(e2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for k in range(iterations):
        losses[k] = sse_loss(feedforward(X, W1, W2)[1], Y)
        g1, g2 = backprop(X, W1, W2, Y)
        W1 = W1 - learning_rate * g1
        W2 = W2 - learning_rate * g2
    return W1, W2, losses


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
        g1, g2 = backprop(self.input, self.weights1, self.weights2, self.y)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
