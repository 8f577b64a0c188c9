# 第 1 部分到第 5 部分：两层神经网络
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    # 导数：σ'(z) = σ(z)(1 - σ(z))
    sig = sigmoid(z)
    return sig * (1.0 + sig)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))      # 隐藏层
    output = sigmoid(np.dot(layer1, W2))  # 输出层
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)
    d_z2 = 2.0 * (output - Y) * sigmoid_derivative(z2)
    d_w2 = np.dot(layer1.T, d_z2)
    d_z1 = np.dot(d_z2, W2.T) * sigmoid_derivative(z1)
    d_w1 = np.dot(X.T, d_z1)
    return d_w1, d_w2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1, w2 = W1.copy(), W2.copy()
    loss_history = []
    for i in range(iterations):
        loss_history.append(sse_loss(feedforward(X, w1, w2)[1], Y))   # 更新前
        d_w1, d_w2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * d_w1
        w2 = w2 - learning_rate * d_w2
    return w1, w2, np.array(loss_history)


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
