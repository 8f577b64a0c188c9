# 从零开始用 Python 构建神经网络：第 1-5 部分
import numpy as np


def sigmoid(z):
    # 先把 z 限制在 [-500, 500]，避免 np.exp 溢出；在这个范围外 σ(z) 已经是 0 或 1
    z = np.clip(z, -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    # 导数对 z 求：σ'(z) = σ(z)(1 - σ(z))
    s = sigmoid(z)
    return s * (1.0 - s)


def feedforward(X, W1, W2):
    # 前向传播
    layer1 = sigmoid(X @ W1)
    output = sigmoid(layer1 @ W2)
    return layer1, output


def sse_loss(Y_hat, Y):
    # 误差平方和（不是平均值）
    error = Y - Y_hat
    return float(np.sum(error * error))


def backprop(X, Y, W1, W2):
    # 链式法则，一层一层往回算
    z1 = X @ W1
    layer1 = sigmoid(z1)
    z2 = layer1 @ W2
    output = sigmoid(z2)
    d_z2 = -2.0 * (Y - output) * sigmoid_derivative(z2)
    d_w2 = layer1.T @ d_z2
    d_z1 = (d_z2 @ W2.T) * sigmoid_derivative(z1)
    d_w1 = X.T @ d_z1
    return d_w1, d_w2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    # 复制一份，不改动传进来的权重
    w1 = W1.copy()
    w2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, w1, w2)[1], Y))   # 更新前的损失
        d_w1, d_w2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * d_w1
        w2 = w2 - learning_rate * d_w2
    return w1, w2, np.array(losses)


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
