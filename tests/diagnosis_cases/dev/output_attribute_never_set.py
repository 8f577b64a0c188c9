import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(X @ W1)
    prediction = sigmoid(hidden @ W2)
    return hidden, prediction


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    hidden = sigmoid(z1)
    z2 = hidden @ W2
    prediction = sigmoid(z2)
    d_z2 = 2 * (prediction - Y) * sigmoid_derivative(z2)
    d_z1 = (d_z2 @ W2.T) * sigmoid_derivative(z1)
    return X.T @ d_z1, hidden.T @ d_z2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        d1, d2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * d1
        W2 = W2 - learning_rate * d2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.y = y
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)

    def feedforward(self):
        self.hidden, self.prediction = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        d1, d2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d1
        self.weights2 = self.weights2 - learning_rate * d2
