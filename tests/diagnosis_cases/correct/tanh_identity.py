import numpy as np

# sigma(z) = (1 + tanh(z / 2)) / 2 never overflows, and its slope is written with
# exp(-|z|) so that it is finite everywhere too.


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / (1.0 + e) ** 2


def feedforward(X, W1, W2):
    a = sigmoid(X @ W1)
    return a, sigmoid(a @ W2)


def sse_loss(Y_hat, Y):
    r = (Y - Y_hat).ravel()
    return float(r @ r)


def backprop(X, Y, W1, W2):
    z = X @ W1
    a = sigmoid(z)
    u = a @ W2
    g_u = 2.0 * (sigmoid(u) - Y) * sigmoid_derivative(u)
    g_z = (g_u @ W2.T) * sigmoid_derivative(z)
    return X.T @ g_z, a.T @ g_u


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    weights = [np.array(W1, dtype=float), np.array(W2, dtype=float)]
    losses = np.empty(iterations)
    for t in range(iterations):
        losses[t] = sse_loss(feedforward(X, *weights)[1], Y)
        grads = backprop(X, Y, *weights)
        weights = [w - learning_rate * g for w, g in zip(weights, grads)]
    return weights[0], weights[1], losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input, self.y = x, y
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1, self.weights2 = (self.weights1 - learning_rate * g1,
                                        self.weights2 - learning_rate * g2)
