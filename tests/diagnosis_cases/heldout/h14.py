import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(X @ W1)
    return hidden, sigmoid(hidden @ W2)


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    """Accumulate the gradient one training example at a time."""
    grad_W1 = np.zeros(W1.shape)
    grad_W2 = np.zeros(W2.shape)
    n = len(X)
    for i in range(n - 1):
        x = X[i].reshape(1, -1)
        y = Y[i].reshape(1, -1)
        z1 = x @ W1
        hidden = sigmoid(z1)
        z2 = hidden @ W2
        out = sigmoid(z2)
        delta_out = -2.0 * (y - out) * sigmoid_derivative(z2)
        delta_hidden = (delta_out @ W2.T) * sigmoid_derivative(z1)
        grad_W2 += hidden.T @ delta_out
        grad_W1 += x.T @ delta_hidden
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        grad_W1, grad_W2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * grad_W1
        W2 = W2 - learning_rate * grad_W2
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
        grad_W1, grad_W2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * grad_W1
        self.weights2 = self.weights2 - learning_rate * grad_W2
