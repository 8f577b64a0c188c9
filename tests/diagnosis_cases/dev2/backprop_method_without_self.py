import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)
    d_output = 2 * (output - Y) * sigmoid_derivative(z2)
    d_weights2 = np.dot(layer1.T, d_output)
    d_layer1 = np.dot(d_output, W2.T) * sigmoid_derivative(z1)
    d_weights1 = np.dot(X.T, d_layer1)
    return d_weights1, d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    weights1 = W1.copy()
    weights2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, weights1, weights2)[1], Y)
        d_weights1, d_weights2 = backprop(X, Y, weights1, weights2)
        weights1 = weights1 - learning_rate * d_weights1
        weights2 = weights2 - learning_rate * d_weights2
    return weights1, weights2, losses


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

    def backprop(learning_rate=1.0):
        # one gradient descent step on both weight matrices
        d_weights1, d_weights2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d_weights1
        self.weights2 = self.weights2 - learning_rate * d_weights2
