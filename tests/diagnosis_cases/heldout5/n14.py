"""Assignment: neural network from scratch (stages 1-5)."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1.0 - sig)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.matmul(X, W1))
    output = sigmoid(np.matmul(hidden, W2))
    return hidden, output


def sse_loss(Y_hat, Y):
    total = 0.0
    for row_pred, row_true in zip(Y_hat, Y):
        for p, t in zip(row_pred, row_true):
            total += (t - p) ** 2
    return float(total)


def backprop(X, Y, W1, W2):
    dW1 = np.zeros_like(W1, dtype=np.float64)
    dW2 = np.zeros_like(W2, dtype=np.float64)
    for n in range(X.shape[0]):
        x = X[n:n + 1]            # one sample, kept 2-D
        y = Y[n:n + 1]
        z1 = np.matmul(x, W1)
        h = sigmoid(z1)
        z2 = np.matmul(h, W2)
        out = sigmoid(z2)
        d_out = 2.0 * (out - y) * sigmoid_derivative(z2)
        d_hidden = np.matmul(d_out, W2.T) * sigmoid_derivative(z1)
        dW2 += np.matmul(h.T, d_out)
        dW1 += np.matmul(x.T, d_hidden)
    return dW1, dW2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.copy(W1).astype(np.float64)
    W2 = np.copy(W2).astype(np.float64)
    losses = np.empty(iterations)
    step = 0
    while step < iterations:
        losses[step] = sse_loss(feedforward(X, W1, W2)[1], Y)
        grad1, grad2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * grad1
        W2 = W2 - learning_rate * grad2
        # keep the weights from blowing up
        W1 = W1 / np.linalg.norm(W1)
        W2 = W2 / np.linalg.norm(W2)
        step += 1
    return W1, W2, losses


class NeuralNetwork:
    """The article's class, using the functions above."""

    def __init__(self, x, y):
        self.input = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        n_features = self.input.shape[1]
        self.weights1 = np.random.rand(n_features, 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
