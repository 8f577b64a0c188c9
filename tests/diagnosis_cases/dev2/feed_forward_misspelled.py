# Homework: a neural network from scratch (stages 1 to 5)
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def feed_forward(X, W1, W2):
    """Forward pass: inputs -> hidden layer -> prediction."""
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum(np.square(Y - Y_hat)))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)
    delta2 = -2.0 * (Y - output) * sigmoid_derivative(z2)
    delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, delta1), np.dot(layer1.T, delta2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        _, output = feed_forward(X, W1, W2)
        losses.append(sse_loss(output, Y))
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
        self.layer1, self.output = feed_forward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
