import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    return layer1, sigmoid(np.dot(layer1, W2))


def sse_loss(Y_hat, Y):
    return float(np.sum(np.power(Y - Y_hat, 2)))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    a1 = sigmoid(z1)
    z2 = np.dot(a1, W2)
    a2 = sigmoid(z2)
    delta_out = -2.0 * (Y - a2) * sigmoid_derivative(z2)
    delta_hidden = np.dot(delta_out, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, delta_hidden), np.dot(a1.T, delta_out)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.copy(W1)
    W2 = np.copy(W2)
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        g1, g2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * g1
        W2 = W2 - learning_rate * g2
    return W1, W2, losses


class NeuralNetwork:
    def init(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
