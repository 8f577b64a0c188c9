"""Stages 1-5, one training sample at a time so that I can follow every number."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    A1 = np.zeros((X.shape[0], W1.shape[1]))
    Y_hat = np.zeros((X.shape[0], W2.shape[1]))
    for i in range(X.shape[0]):
        A1[i] = sigmoid(X[i] @ W1)
        Y_hat[i] = sigmoid(A1[i] @ W2)
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[0]):
        total += np.sum((Y[i] - Y_hat[i]) ** 2)
    return float(total)


def backprop(X, Y, W1, W2):
    dW1 = np.zeros(W1.shape)
    dW2 = np.zeros(W2.shape)
    for i in range(X.shape[0]):
        x = X[i:i + 1]           # (1, d)
        y = Y[i:i + 1]           # (1, o)
        z1 = x @ W1
        a1 = sigmoid(z1)
        z2 = a1 @ W2
        a2 = sigmoid(z2)
        d2 = -2.0 * (y - a2) * sigmoid_derivative(z2)
        d1 = (d2 @ W2.T) * sigmoid_derivative(z1)
        dW2 = a1.T @ d2
        dW1 = x.T @ d1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for t in range(iterations):
        losses[t] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
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
