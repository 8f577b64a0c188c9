import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    h = sigmoid(X.dot(W1))
    return h, sigmoid(h.dot(W2))


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = X.dot(W1)
    h = sigmoid(z1)
    z2 = h.dot(W2)
    out = sigmoid(z2)
    e2 = -2 * (Y - out) * sigmoid_derivative(z2)
    e1 = e2.dot(W2.T) * sigmoid_derivative(z1)
    grad2 = h.T.dot(e2)
    grad1 = e1.T.dot(X)
    return grad1, grad2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for k in range(iterations):
        losses[k] = sse_loss(feedforward(X, W1, W2)[1], Y)
        grad1, grad2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * grad1
        W2 = W2 - learning_rate * grad2
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
        grad1, grad2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * grad1
        self.weights2 = self.weights2 - learning_rate * grad2
