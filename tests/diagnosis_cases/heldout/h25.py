# 第五部分：训练 1500 次
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    hidden = sigmoid(X.dot(W1))
    return hidden, sigmoid(hidden.dot(W2))


def sse_loss(Y_hat, Y):
    return float(((Y - Y_hat) ** 2).sum())


def backprop(X, Y, W1, W2):
    z1 = X.dot(W1)
    hidden = sigmoid(z1)
    z2 = hidden.dot(W2)
    y_hat = sigmoid(z2)
    g2 = -2 * (Y - y_hat) * sigmoid_derivative(z2)
    g1 = g2.dot(W2.T) * sigmoid_derivative(z1)
    return X.T.dot(g1), hidden.T.dot(g2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for i in range(1500):  # 文章里训练 1500 次
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        d1, d2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * d1
        W2 = W2 - learning_rate * d2
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
        d1, d2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d1
        self.weights2 = self.weights2 - learning_rate * d2
