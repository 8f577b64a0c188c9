import numpy as np


def sigmoid(z):
    return 1. / (1. + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1. - s)


def feedforward(X, W1, W2):
    n_samples, n_hidden = X.shape[0], W1.shape[1]
    A1 = np.empty((n_samples, n_hidden))
    for i in range(n_samples):
        for j in range(n_hidden):
            A1[i, j] = sigmoid(np.dot(X[i], W1[:, j]))
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    D2 = 2 * (Y_hat - Y) * sigmoid_derivative(Z2)
    D1 = (D2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ D1, A1.T @ D2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for it in range(iterations):
        _, Y_hat = feedforward(X, W1, W2)
        losses.append(sse_loss(Y_hat, Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
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
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
