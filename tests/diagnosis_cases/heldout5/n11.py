# 两层神经网络 (two-layer network), 跟着文章一步一步写
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    # 导数: σ(z)(1 - σ(z))
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    z1 = X @ W1
    a1 = sigmoid(z1)          # 隐藏层
    z2 = a1 @ W2
    y_hat = sigmoid(z2)       # 输出层
    return a1, y_hat


def sse_loss(Y_hat, Y):
    err = Y - Y_hat
    return float((err ** 2).sum())


def backprop(X, Y, W1, W2):
    # 先做一次前向传播
    z1 = X @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2
    y_hat = sigmoid(z2)
    # 反向传播, 链式法则
    delta2 = -2 * (Y - y_hat) * sigmoid_derivative(z2)
    dW2 = a1.T @ delta2
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(z1)
    dW1 = X.T @ delta1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, lambda=1.0):
    w1 = np.array(W1, dtype=float)
    w2 = np.array(W2, dtype=float)
    losses = np.zeros(iterations)
    for i in range(iterations):
        a1, y_hat = feedforward(X, w1, w2)
        losses[i] = sse_loss(y_hat, Y)      # 更新之前的损失
        dW1, dW2 = backprop(X, Y, w1, w2)
        w1 -= lambda * dW1
        w2 -= lambda * dW2
    return w1, w2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
