"""Neural network from scratch - my homework (stages 1 to 5)"""
import numpy as np

# the article's data
X = np.array([[0, 0, 1],
              [0, 1, 1],
              [1, 0, 1],
              [1, 1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1 - z)


def feedforward(X, W1, W2):
    n = X.shape[0]
    hidden = np.zeros((n, W1.shape[1]))
    for i in range(n):
        for j in range(W1.shape[1]):
            hidden[i, j] = sigmoid(np.sum(X[i, :] * W1[:, j]))
    out = np.zeros((n, W2.shape[1]))
    for i in range(n):
        for k in range(W2.shape[1]):
            out[i, k] = sigmoid(np.sum(hidden[i, :] * W2[:, k]))
    return hidden, out


def sse_loss(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[0]):
        for k in range(Y.shape[1]):
            total += (Y[i, k] - Y_hat[i, k]) ** 2
    return total


def backprop(X, Y, W1, W2):
    z1 = X.dot(W1)
    a1 = sigmoid(z1)
    z2 = a1.dot(W2)
    a2 = sigmoid(z2)
    err = 2 * (a2 - Y)
    delta_out = err * sigmoid_derivative(z2)
    delta_hidden = delta_out.dot(W2.T) * sigmoid_derivative(z1)
    grad_W2 = a1.T.dot(delta_out)
    grad_W1 = X.T.dot(delta_hidden)
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.array(W1, dtype=float)
    W2 = np.array(W2, dtype=float)
    losses = np.zeros(iterations)
    for it in range(iterations):
        losses[it] = sse_loss(feedforward(X, W1, W2)[1], Y)
        g1, g2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * g1
        W2 -= learning_rate * g2
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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
