# 从零开始的神经网络（作业 1-5）
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    # σ'(z) = σ(z) · (1 − σ(z))
    return sigmoid(z) * (1 - sigmoid)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))       # 隐藏层
    output = sigmoid(np.dot(layer1, W2))  # 输出层
    return layer1, output


def sse_loss(Y_hat, Y):
    # 误差平方和
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)
    # 链式法则
    d_z2 = -2 * (Y - output) * sigmoid_derivative(z2)
    d_z1 = np.dot(d_z2, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, d_z1), np.dot(layer1.T, d_z2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1, w2 = W1.copy(), W2.copy()
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
