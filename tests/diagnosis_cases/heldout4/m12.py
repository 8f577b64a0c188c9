"""Stages 1-5: the article's 3-4-1 network as functions (and its class at the end)."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


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
    d_layer1 = np.dot(d_output, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, d_layer1), np.dot(layer1.T, d_output)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for i in range(iterations):
        layer1, output = feedforward(X, W1, W2)
        sse_loss = sse_loss(output, Y)
        losses.append(sse_loss)
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
