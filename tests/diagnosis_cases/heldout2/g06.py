import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    """Returns the prediction first (that is what I use most), then the hidden layer."""
    hidden = sigmoid(X @ W1)
    y_hat = sigmoid(hidden @ W2)
    return y_hat, hidden


def sse_loss(Y_hat, Y):
    return float(((Y - Y_hat) ** 2).sum())


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    hidden = sigmoid(z1)
    z2 = hidden @ W2
    y_hat = sigmoid(z2)
    d_out = -2 * (Y - y_hat) * sigmoid_derivative(z2)
    d_hidden = (d_out @ W2.T) * sigmoid_derivative(z1)
    return X.T @ d_hidden, hidden.T @ d_out


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        y_hat, _ = feedforward(X, W1, W2)
        losses.append(sse_loss(y_hat, Y))
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
        self.output, self.layer1 = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
