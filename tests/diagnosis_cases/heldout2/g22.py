import numpy as np


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


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
    # application of the chain rule to find the derivative of the loss function
    # with respect to weights2 and weights1
    d_z2 = -2 * (Y - output) * sigmoid_derivative(z2)
    d_weights2 = np.dot(self.layer1.T, d_z2)
    d_weights1 = np.dot(X.T, np.dot(d_z2, W2.T) * sigmoid_derivative(z1))
    return d_weights1, d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        d_weights1, d_weights2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * d_weights1
        W2 = W2 - learning_rate * d_weights2
    return W1, W2, np.array(losses)


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

    def backprop(self, learning_rate=1.0):
        d_weights1, d_weights2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d_weights1
        self.weights2 = self.weights2 - learning_rate * d_weights2
