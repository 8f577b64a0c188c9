"""Stages 1-5 of the course. Written with the @ operator throughout."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    a1 = sigmoid(X @ W1)
    y_hat = sigmoid(a1 @ W2)
    return a1, y_hat


def sse_loss(Y_hat, Y):
    return float(((Y - Y_hat) ** 2).sum())


def back_propagation(X, Y, W1, W2):
    # forward again, keeping the pre-activations
    z1 = X @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2
    y_hat = sigmoid(z2)
    # backward, layer by layer
    g_z2 = 2 * (y_hat - Y) * sigmoid_derivative(z2)
    g_W2 = a1.T @ g_z2
    g_z1 = (g_z2 @ W2.T) * sigmoid_derivative(z1)
    g_W1 = X.T @ g_z1
    return g_W1, g_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        g_W1, g_W2 = back_propagation(X, Y, W1, W2)
        W1 -= learning_rate * g_W1
        W2 -= learning_rate * g_W2
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
        g_W1, g_W2 = back_propagation(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g_W1
        self.weights2 = self.weights2 - learning_rate * g_W2
