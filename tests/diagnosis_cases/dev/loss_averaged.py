import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1 - sig)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.matmul(X, W1))
    return hidden, sigmoid(np.matmul(hidden, W2))


def sse_loss(Y_hat, Y):
    # squared error between prediction and target
    return float(np.mean(np.square(Y - Y_hat)))


def backprop(X, Y, W1, W2):
    z_hidden = np.matmul(X, W1)
    hidden = sigmoid(z_hidden)
    z_out = np.matmul(hidden, W2)
    out = sigmoid(z_out)
    err_out = 2 * (out - Y) * sigmoid_derivative(z_out)
    grad_W2 = np.matmul(hidden.T, err_out)
    err_hidden = np.matmul(err_out, W2.T) * sigmoid_derivative(z_hidden)
    grad_W1 = np.matmul(X.T, err_hidden)
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = np.empty(iterations)
    for it in range(iterations):
        _, out = feedforward(X, W1, W2)
        losses[it] = np.sum(np.square(Y - out))
        grad_W1, grad_W2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * grad_W1
        W2 -= learning_rate * grad_W2
    return W1, W2, losses


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        grad_W1, grad_W2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * grad_W1
        self.weights2 = self.weights2 - learning_rate * grad_W2
