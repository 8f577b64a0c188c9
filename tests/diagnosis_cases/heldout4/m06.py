import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    # standardise the features first (zero mean, unit variance), it trains better
    X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
    layer1 = sigmoid(X.dot(W1))
    y_hat = sigmoid(layer1.dot(W2))
    return layer1, y_hat


def sse_loss(Y_hat, Y):
    total = 0.0
    for row_hat, row in zip(Y_hat, Y):
        total += np.sum((row - row_hat) ** 2)
    return total


def backprop(X, Y, W1, W2):
    z1 = X.dot(W1)
    a1 = sigmoid(z1)
    z2 = a1.dot(W2)
    a2 = sigmoid(z2)
    d2 = 2 * (a2 - Y) * sigmoid_derivative(z2)
    d1 = d2.dot(W2.T) * sigmoid_derivative(z1)
    dW1 = X.T.dot(d1)
    dW2 = a1.T.dot(d2)
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for i in range(iterations):
        a2 = sigmoid(sigmoid(X.dot(W1)).dot(W2))
        losses.append(sse_loss(a2, Y))
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
        self.layer1 = sigmoid(self.input.dot(self.weights1))
        self.output = sigmoid(self.layer1.dot(self.weights2))

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
