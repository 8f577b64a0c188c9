import numpy as np


def sigmoid(z):
    return np.reciprocal(1.0 + np.exp(np.negative(z)))


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return np.multiply(sig, np.subtract(1.0, sig))


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    predicted = sigmoid(np.matmul(hidden, W2))
    return hidden, predicted


def sse_loss(Y_hat, Y):
    return float(np.square(np.subtract(Y, Y_hat)).sum())


def backprop(X, Y, W1, W2):
    z_hidden = np.dot(X, W1)
    hidden = sigmoid(z_hidden)
    z_out = np.dot(hidden, W2)
    predicted = sigmoid(z_out)
    d_loss = np.multiply(-2.0, np.subtract(Y, predicted))
    d_z_out = d_loss * sigmoid_derivative(z_out)
    grad_W2 = np.dot(np.transpose(hidden), d_z_out)
    d_z_hidden = np.dot(d_z_out, np.transpose(W2)) * sigmoid_derivative(z_hidden)
    grad_W1 = np.dot(np.transpose(X), d_z_hidden)
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.copy(W1)
    W2 = np.copy(W2)
    losses = []
    step = 0
    while step < iterations:
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        grad_W1, grad_W2 = backprop(X, Y, W1, W2)
        W1 = np.subtract(W1, learning_rate * grad_W1)
        W2 = np.subtract(W2, learning_rate * grad_W2)
        step += 1
    return W1, W2, np.array(losses, dtype=float)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        n_features = self.input.shape[1]
        self.weights1 = np.random.rand(n_features, 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros_like(self.y)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)
        return self.output

    def backprop(self, learning_rate=1.0):
        grad_W1, grad_W2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = np.subtract(self.weights1, learning_rate * grad_W1)
        self.weights2 = np.subtract(self.weights2, learning_rate * grad_W2)
