import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    """Returns the prediction first, then the hidden layer."""
    hidden = sigmoid(X @ W1)
    prediction = sigmoid(hidden @ W2)
    return prediction, hidden


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    prediction, hidden = feedforward(X, W1, W2)
    d_out = -2 * (Y - prediction) * sigmoid_derivative(hidden @ W2)
    d_hid = (d_out @ W2.T) * sigmoid_derivative(X @ W1)
    return X.T @ d_hid, hidden.T @ d_out


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        prediction, _ = feedforward(X, W1, W2)
        losses[i] = sse_loss(prediction, Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, losses


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
