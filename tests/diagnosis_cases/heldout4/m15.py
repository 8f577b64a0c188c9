"""神经网络作业 (阶段 1-5)

训练时加了动量 (momentum = 0.9)，收敛更快。
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    sz = sigmoid(z)
    return sz * (1.0 - sz)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    out = sigmoid(np.dot(hidden, W2))
    return hidden, out


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    hidden = sigmoid(z1)
    z2 = np.dot(hidden, W2)
    out = sigmoid(z2)
    delta2 = 2.0 * (out - Y) * sigmoid_derivative(z2)
    delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, delta1), np.dot(hidden.T, delta2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    v1 = np.zeros_like(W1)   # 动量
    v2 = np.zeros_like(W2)
    losses = []
    for i in range(iterations):
        _, out = feedforward(X, W1, W2)
        losses.append(sse_loss(out, Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        v1 = 0.9 * v1 + dW1
        v2 = 0.9 * v2 + dW2
        W1 = W1 - learning_rate * v1
        W2 = W2 - learning_rate * v2
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
