# 作业：从零实现两层神经网络
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    a1 = sigmoid(X @ W1)
    y_hat = sigmoid(a1 @ W2)
    return a1, y_hat


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    # 前向
    z1 = X @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2
    y_hat = sigmoid(z2)
    # 反向：误差项 delta 一层一层往回传
    delta = 2 * (y_hat - Y) * sigmoid_derivative(z2)
    delta = (delta @ W2.T) * sigmoid_derivative(z1)
    dW1 = X.T @ delta
    dW2 = a1.T @ delta
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        z1 = X @ W1
        a1 = sigmoid(z1)
        z2 = a1 @ W2
        y_hat = sigmoid(z2)
        losses.append(sse_loss(y_hat, Y))
        # 梯度（这里单独写一遍）
        d2 = 2 * (y_hat - Y) * sigmoid_derivative(z2)
        d1 = (d2 @ W2.T) * sigmoid_derivative(z1)
        W1 = W1 - learning_rate * (X.T @ d1)
        W2 = W2 - learning_rate * (a1.T @ d2)
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
        z1 = self.input @ self.weights1
        a1 = sigmoid(z1)
        z2 = a1 @ self.weights2
        out = sigmoid(z2)
        d2 = 2 * (out - self.y) * sigmoid_derivative(z2)
        d1 = (d2 @ self.weights2.T) * sigmoid_derivative(z1)
        self.weights1 = self.weights1 - learning_rate * (self.input.T @ d1)
        self.weights2 = self.weights2 - learning_rate * (a1.T @ d2)
