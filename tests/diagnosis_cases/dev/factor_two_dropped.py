"""Neural network from scratch -- homework 1 to 5.

I follow the article: a 3-4-1 network with sigmoid everywhere, trained with plain
gradient descent for 1500 iterations.
"""
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
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    # derivative of the loss w.r.t. the prediction
    dY_hat = Y_hat - Y
    delta2 = dY_hat * sigmoid_derivative(Z2)
    dW2 = A1.T @ delta2
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    dW1 = X.T @ delta1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.astype(float)  # astype makes a copy
    W2 = W2.astype(float)
    losses = []
    for _ in range(iterations):
        _, Y_hat = feedforward(X, W1, W2)
        losses.append(sse_loss(Y_hat, Y))
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
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
