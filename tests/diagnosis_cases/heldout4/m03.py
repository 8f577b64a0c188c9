# 第1-5阶段作业：两层 sigmoid 神经网络（只用 numpy）
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    # 自己手推的导数: d/dz (1+e^-z)^-1 = e^-z / (1+e^-z)
    e = np.exp(-z)
    return e / (1 + e)


def feedforward(X, W1, W2):
    # 隐藏层
    h = sigmoid(np.matmul(X, W1))
    # 输出层
    o = sigmoid(np.matmul(h, W2))
    return h, o


def sse_loss(Y_hat, Y):
    # 误差平方和
    return float(((Y - Y_hat) ** 2).sum())


def backprop(X, Y, W1, W2):
    z1 = np.matmul(X, W1)
    h = sigmoid(z1)
    z2 = np.matmul(h, W2)
    o = sigmoid(z2)
    # 链式法则
    d2 = 2 * (o - Y) * sigmoid_derivative(z2)
    d1 = np.matmul(d2, W2.T) * sigmoid_derivative(z1)
    grad_W1 = np.matmul(X.T, d1)
    grad_W2 = np.matmul(h.T, d2)
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1 = W1.copy()
    w2 = W2.copy()
    loss_list = []
    for step in range(iterations):
        _, o = feedforward(X, w1, w2)
        loss_list.append(sse_loss(o, Y))
        g1, g2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * g1
        w2 = w2 - learning_rate * g2
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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
