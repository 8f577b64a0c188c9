import numpy as np

CLIP = 10.0   # keeps np.exp from overflowing


def sigmoid(z):
    z = np.clip(z, -CLIP, CLIP)
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    return hidden, sigmoid(np.dot(hidden, W2))


def sse_loss(Y_hat, Y):
    return float(np.sum(np.square(Y - Y_hat)))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    hidden = sigmoid(z1)
    z2 = np.dot(hidden, W2)
    out = sigmoid(z2)
    d_out = 2 * (out - Y) * sigmoid_derivative(z2)
    d_hidden = np.dot(d_out, W2.T) * sigmoid_derivative(z1)
    return np.dot(X.T, d_hidden), np.dot(hidden.T, d_out)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.array(W1, dtype=float)
    W2 = np.array(W2, dtype=float)
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        g1, g2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * g1
        W2 -= learning_rate * g2
    return W1, W2, np.asarray(losses)


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
