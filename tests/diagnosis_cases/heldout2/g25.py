import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(X @ W1)
    return hidden, sigmoid(hidden @ W2)


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z_h = X @ W1
    hidden = sigmoid(z_h)
    z_o = hidden @ W2
    out = sigmoid(z_o)
    d_o = 2 * (out - Y) * sigmoid_derivative(z_o)
    d_h = (d_o @ W2.T) * sigmoid_derivative(z_h)
    return X.T @ d_h, hidden.T @ d_o


def train(X, Y, W1, W2, iterations, learning_rate):
    """Plain gradient descent (the article uses 1500 iterations and a rate of 1)."""
    W1 = W1.copy()
    W2 = W2.copy()
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
