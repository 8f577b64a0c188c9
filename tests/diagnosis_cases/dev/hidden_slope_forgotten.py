import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    sz = sigmoid(z)
    return sz * (1.0 - sz)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    """Gradients of the sum of squared errors w.r.t. W1 and W2."""
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)

    # output layer
    delta_out = -2 * (Y - output) * sigmoid_derivative(z2)
    d_weights2 = np.dot(layer1.T, delta_out)

    # hidden layer: send the error back through weights2
    delta_hidden = np.dot(delta_out, W2.T)
    d_weights1 = np.dot(X.T, delta_hidden)
    return d_weights1, d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    weights1 = W1.copy()
    weights2 = W2.copy()
    losses = []
    for i in range(iterations):
        losses.append(sse_loss(feedforward(X, weights1, weights2)[1], Y))
        d_weights1, d_weights2 = backprop(X, Y, weights1, weights2)
        weights1 = weights1 - learning_rate * d_weights1
        weights2 = weights2 - learning_rate * d_weights2
    return weights1, weights2, np.array(losses)


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
        d_weights1, d_weights2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d_weights1
        self.weights2 = self.weights2 - learning_rate * d_weights2
