# 作业：从零开始用 Python 构建神经网络
import numpy as np


def sigmoid(z):
    # σ(z) = 1 / (1 + e^(-z))
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    # 文章里的写法：σ'(z) = z * (1 - z)
    return z * (1.0 - z)


def feedforward(X, W1, W2):
    hidden = sigmoid(X @ W1)      # 隐藏层
    pred = sigmoid(hidden @ W2)   # 输出层 ŷ
    return hidden, pred


def sse_loss(Y_hat, Y):
    # 误差平方和
    return float(((Y - Y_hat) ** 2).sum())


def backprop(X, Y, W1, W2):
    z1 = X @ W1
    hidden = sigmoid(z1)
    z2 = hidden @ W2
    pred = sigmoid(z2)
    # 链式法则
    d_z2 = -2.0 * (Y - pred) * sigmoid_derivative(z2)
    d_w2 = hidden.T @ d_z2
    d_z1 = (d_z2 @ W2.T) * sigmoid_derivative(z1)
    d_w1 = X.T @ d_z1
    return d_w1, d_w2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1 = np.array(W1, dtype=float)
    w2 = np.array(W2, dtype=float)
    loss_list = []
    for i in range(iterations):
        loss_list.append(sse_loss(feedforward(X, w1, w2)[1], Y))  # 更新前的损失
        d_w1, d_w2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * d_w1
        w2 = w2 - learning_rate * d_w2
    return w1, w2, np.array(loss_list)


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
        d_w1, d_w2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d_w1
        self.weights2 = self.weights2 - learning_rate * d_w2
