# 两层神经网络（作业 1-5）
import numpy as np


# 激活函数
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.abs(z)))   # abs: exp 不会溢出


# sigmoid 对 z 的导数
def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


# 前向传播：返回隐藏层和输出
def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat


# 平方误差之和
def sse_loss(Y_hat, Y):
    return float(((Y - Y_hat) ** 2).sum())


# 反向传播：链式法则求梯度
def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    dZ2 = 2 * (Y_hat - Y) * sigmoid_derivative(Z2)   # 输出层误差
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)      # 隐藏层误差
    dW1 = X.T @ dZ1
    return dW1, dW2


# 梯度下降训练
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1, w2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, w1, w2)[1], Y))   # 更新前的损失
        g1, g2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * g1
        w2 = w2 - learning_rate * g2
    return w1, w2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)   # 3 x 4
        self.weights2 = np.random.rand(4, 1)                      # 4 x 1
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def backprop(self, learning_rate=1.0):
        # 文章的写法：导数用已经算好的激活值 a * (1 - a)
        d_out = 2 * (self.y - self.output) * self.output * (1 - self.output)
        d_weights2 = self.layer1.T @ d_out
        d_hidden = (d_out @ self.weights2.T) * self.layer1 * (1 - self.layer1)
        d_weights1 = self.input.T @ d_hidden
        # 沿下降方向更新
        self.weights1 = self.weights1 + learning_rate * d_weights1
        self.weights2 = self.weights2 + learning_rate * d_weights2
