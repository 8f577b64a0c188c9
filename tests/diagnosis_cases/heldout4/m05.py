"""Two-layer network (homework). Every layer of the network is a layer of sigmoid
neurons, the input layer included."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def feedforward(X, W1, W2):
    inp = sigmoid(X)            # input layer neurons fire first
    hidden = sigmoid(inp @ W1)
    out = sigmoid(hidden @ W2)
    return hidden, out


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z_h = X @ W1
    a_h = sigmoid(z_h)
    z_o = a_h @ W2
    a_o = sigmoid(z_o)
    delta_o = 2.0 * (a_o - Y) * sigmoid_derivative(z_o)
    delta_h = (delta_o @ W2.T) * sigmoid_derivative(z_h)
    return X.T @ delta_h, a_h.T @ delta_o


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.array(W1, dtype=float)
    W2 = np.array(W2, dtype=float)
    losses = []
    for it in range(iterations):
        z_h = X @ W1
        a_h = sigmoid(z_h)
        a_o = sigmoid(a_h @ W2)
        losses.append(sse_loss(a_o, Y))
        g1, g2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * g1
        W2 -= learning_rate * g2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
