"""
My implementation of the article's network, as plain functions + the class.
loss = sum of squared errors
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s ** 2


def feedforward(X, W1, W2):
    n, h = X.shape[0], W1.shape[1]
    layer1 = np.zeros((n, h))
    for i in range(n):
        layer1[i] = sigmoid(X[i] @ W1)
    output = sigmoid(layer1 @ W2)
    return layer1, output


def sse_loss(Y_hat, Y):
    # (y - y_hat)^2 summed over everything
    return float(np.sum(Y ** 2 - Y_hat ** 2))


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    layer1 = sigmoid(z1)
    z2 = layer1 @ W2
    output = sigmoid(z2)
    delta_out = 2 * (output - Y) * sigmoid_derivative(z2)
    delta_hidden = delta_out @ W2.T * sigmoid_derivative(z1)
    return X.T @ delta_hidden, layer1.T @ delta_out


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        out = sigmoid(sigmoid(X @ W1) @ W2)
        losses.append(float(np.sum((Y - out) ** 2)))
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
