"""Everything written with explicit loops, to be sure I understand each sum."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def matmul(A, B):
    """Plain triple loop; A is (n, k), B is (k, m)."""
    n, k = A.shape
    m = B.shape[1]
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            total = 0.0
            for t in range(k):
                total += A[i, t] * B[t, j]
            C[i, j] = total
    return C


def feedforward(X, W1, W2):
    A1 = sigmoid(matmul(X, W1))
    Y_hat = sigmoid(matmul(A1, W2))
    return A1, Y_hat


def sse_loss(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            total += (Y[i, j] - Y_hat[i, j]) ** 2
    return float(total)


def backprop(X, Y, W1, W2):
    Z1 = matmul(X, W1)
    A1 = sigmoid(Z1)
    Z2 = matmul(A1, W2)
    Y_hat = sigmoid(Z2)
    n, d = X.shape
    h = W1.shape[1]
    o = W2.shape[1]
    delta2 = np.zeros((n, o))
    for i in range(n):
        for k in range(o):
            delta2[i, k] = -2.0 * (Y[i, k] - Y_hat[i, k]) * sigmoid_derivative(Z2[i, k])
    dW2 = np.zeros((h, o))
    for j in range(h):
        for k in range(o):
            for i in range(n):
                dW2[j, k] += A1[i, j] * delta2[i, k]
    delta1 = np.zeros((n, h))
    for i in range(n):
        for j in range(h):
            back = 0.0
            for k in range(o):
                back += delta2[i, k] * W2[j, k]
            delta1[i, j] = back * sigmoid_derivative(Z1[i, j])
    dW1 = np.zeros((d, h))
    for a in range(d):
        for j in range(h):
            for i in range(n):
                dW1[a, j] += X[i, a] * delta1[i, j]
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.zeros(iterations)
    for it in range(iterations):
        losses[it] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, losses


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
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
