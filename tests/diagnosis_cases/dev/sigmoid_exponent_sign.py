import numpy as np


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return 1.0 / (1.0 + np.exp(z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    n = X.shape[0]
    A1 = np.zeros((n, W1.shape[1]))
    for i in range(n):
        A1[i] = sigmoid(X[i] @ W1)
    Y_hat = np.zeros((n, W2.shape[1]))
    for i in range(n):
        Y_hat[i] = sigmoid(A1[i] @ W2)
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    total = 0.0
    for row_hat, row in zip(Y_hat, Y):
        for a, b in zip(row_hat, row):
            total += (b - a) ** 2
    return float(total)


def backprop(X, Y, W1, W2):
    dW1 = np.zeros_like(W1, dtype=float)
    dW2 = np.zeros_like(W2, dtype=float)
    for i in range(X.shape[0]):
        x = X[i:i + 1]            # one sample, kept 2-D
        y = Y[i:i + 1]
        z1 = x @ W1
        a1 = sigmoid(z1)
        z2 = a1 @ W2
        a2 = sigmoid(z2)
        d2 = -2.0 * (y - a2) * sigmoid_derivative(z2)
        d1 = (d2 @ W2.T) * sigmoid_derivative(z1)
        dW2 += a1.T @ d2
        dW1 += x.T @ d1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
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
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
