# 神经网络作业：第 1-5 部分
import numpy as np


def sigmoid(z):
    # σ(z) = 1 / (1 + e^(-z))
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    # σ'(z) = σ(z)(1 - σ(z))
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    # 前向传播
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    # 误差平方和
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    # 反向传播（链式法则）
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    # 先复制权重，不改调用者的数组
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for i in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    # 构造函数
    def _init_(self, x, y):
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
