"""HW stages 1-5.

sigmoid via tanh because I read that np.exp(-z) overflows for very negative z and tanh
does not.
"""
import numpy as np


def sigmoid(z):
    # logistic function written with tanh (numerically stable)
    return 0.5 * (1.0 + np.tanh(z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    A2 = sigmoid(A1 @ W2)
    return A1, A2


def sse_loss(Y_hat, Y):
    return np.sum(np.square(Y - Y_hat))


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    A2 = sigmoid(Z2)
    dZ2 = 2 * (A2 - Y) * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = np.empty(iterations)
    for i in range(iterations):
        _, A2 = feedforward(X, W1, W2)
        losses[i] = sse_loss(A2, Y)
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
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 -= learning_rate * dW1
        self.weights2 -= learning_rate * dW2
