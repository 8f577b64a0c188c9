import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(X.dot(W1))
    prediction = sigmoid(hidden.dot(W2))
    return hidden, prediction


def sse_loss(Y_hat, Y):
    # the targets are a column and I want them lined up with the predictions
    return float(np.sum((Y.T - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z_hidden = X.dot(W1)
    hidden = sigmoid(z_hidden)
    z_out = hidden.dot(W2)
    prediction = sigmoid(z_out)
    grad_out = 2.0 * (prediction - Y) * sigmoid_derivative(z_out)
    grad_hidden = grad_out.dot(W2.T) * sigmoid_derivative(z_hidden)
    return X.T.dot(grad_hidden), hidden.T.dot(grad_out)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        prediction = feedforward(X, W1, W2)[1]
        losses[i] = np.sum((Y - prediction) ** 2)
        g1, g2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * g1
        W2 = W2 - learning_rate * g2
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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
