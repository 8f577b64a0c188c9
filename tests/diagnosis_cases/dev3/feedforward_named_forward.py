import numpy as np

HIDDEN = 4


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def forward(X, W1, W2):
    a1 = sigmoid(np.matmul(X, W1))
    y_hat = sigmoid(np.matmul(a1, W2))
    return a1, y_hat


def sse_loss(Y_hat, Y):
    diff = Y - Y_hat
    return float(np.sum(diff * diff))


def backprop(X, Y, W1, W2):
    z1 = np.matmul(X, W1)
    a1 = sigmoid(z1)
    z2 = np.matmul(a1, W2)
    y_hat = sigmoid(z2)
    d2 = 2.0 * (y_hat - Y) * sigmoid_derivative(z2)
    d1 = np.matmul(d2, W2.T) * sigmoid_derivative(z1)
    return np.matmul(X.T, d1), np.matmul(a1.T, d2)


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1 = np.copy(W1)
    w2 = np.copy(W2)
    losses = []
    i = 0
    while i < iterations:
        _, y_hat = forward(X, w1, w2)
        losses.append(sse_loss(y_hat, Y))
        g1, g2 = backprop(X, Y, w1, w2)
        w1 = w1 - learning_rate * g1
        w2 = w2 - learning_rate * g2
        i += 1
    return w1, w2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], HIDDEN)
        self.weights2 = np.random.rand(HIDDEN, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.matmul(self.input, self.weights1))
        self.output = sigmoid(np.matmul(self.layer1, self.weights2))

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * g1
        self.weights2 = self.weights2 - learning_rate * g2
