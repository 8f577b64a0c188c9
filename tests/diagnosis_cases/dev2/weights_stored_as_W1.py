"""Neural network from scratch.

I use the names from the lecture slides (W1, W2) everywhere, also inside the class.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    return A1, sigmoid(A1 @ W2)


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    delta2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, A1.T @ delta2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.y = y
        self.W1 = np.random.rand(x.shape[1], 4)
        self.W2 = np.random.rand(4, 1)
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.W1, self.W2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.W1, self.W2)
        self.W1 = self.W1 - learning_rate * dW1
        self.W2 = self.W2 - learning_rate * dW2
