import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    loss = np.sum((Y - Y_hat) ** 2)
    print("sum of squared errors:", loss)


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
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
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
