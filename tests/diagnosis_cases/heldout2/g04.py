"""Two-layer network, stages 1-5.

Notation: Z = pre-activation, A = activation, d* = gradient of the loss.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    a = sigmoid(z)
    return a * (1 - a)


def feedforward(X, W1, W2):
    A1 = sigmoid(np.matmul(X, W1))
    A2 = sigmoid(np.matmul(A1, W2))
    return A1, A2


def sse_loss(Y_hat, Y):
    return float(np.sum(np.square(Y - Y_hat)))


def backprop(X, Y, W1, W2):
    Z1 = np.matmul(X, W1)
    A1 = sigmoid(Z1)
    A2 = sigmoid(np.matmul(A1, W2))
    # dL/dA2 for L = sum (Y - A2)^2
    dA2 = -2 * (Y - A2)
    dW2 = np.matmul(A1.T, dA2)
    dZ1 = np.matmul(dA2, W2.T) * sigmoid_derivative(Z1)
    dW1 = np.matmul(X.T, dZ1)
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.array(W1, dtype=float)
    W2 = np.array(W2, dtype=float)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, np.array(losses)


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
