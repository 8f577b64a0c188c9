"""Everything with explicit Python loops: math.exp per entry, hand-written matrix products."""

import math

import numpy as np

STYLE = "explicit loops: math.exp entry by entry, matrix products as triple loops"


def _sigmoid_scalar(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    if isinstance(z, (int, float)):
        return _sigmoid_scalar(float(z))
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        out[index] = _sigmoid_scalar(float(z[index]))
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def matmul(A, B):
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


def transpose(A):
    T = np.empty((A.shape[1], A.shape[0]))
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            T[j, i] = A[i, j]
    return T


def feedforward(X, W1, W2):
    A1 = sigmoid(matmul(X, W1))
    return A1, sigmoid(matmul(A1, W2))


def sse_loss(Y_hat, Y):
    total = 0.0
    for index in np.ndindex(Y.shape):
        total += (Y[index] - Y_hat[index]) ** 2
    return total


def backprop(X, Y, W1, W2):
    Z1 = matmul(X, W1)
    A1 = sigmoid(Z1)
    Z2 = matmul(A1, W2)
    Y_hat = sigmoid(Z2)
    dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2)
    dZ1 = matmul(dZ2, transpose(W2)) * sigmoid_derivative(Z1)
    return matmul(transpose(X), dZ1), matmul(transpose(A1), dZ2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        for index in np.ndindex(W1.shape):
            W1[index] -= learning_rate * dW1[index]
        for index in np.ndindex(W2.shape):
            W2[index] -= learning_rate * dW2[index]
    return W1, W2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.y = y
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
