import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_derivative(x):
    sx = sigmoid(x)
    return sx * (1.0 - sx)


def feedforward(X, W1, W2):
    hidden = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(hidden, W2))
    return hidden, output


def sse_loss(Y_hat, Y):
    return float(np.sum(np.power(Y - Y_hat, 2)))


def backprop(X, Y, W1, W2):
    # forward pass
    hidden_in = np.dot(X, W1)
    hidden = sigmoid(hidden_in)
    output_in = np.dot(hidden, W2)
    output = sigmoid(output_in)

    # output layer
    output_error = 2 * (output - Y)
    output_delta = output_error * sigmoid_derivative(output_in)

    # hidden layer
    hidden_error = np.dot(output_delta, W2.T)
    hidden_delta = output_delta * sigmoid_derivative(hidden_in)

    grad_W2 = np.dot(hidden.T, output_delta)
    grad_W1 = np.dot(X.T, hidden_delta)
    return grad_W1, grad_W2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for i in range(iterations):
        hidden, output = feedforward(X, W1, W2)
        losses.append(sse_loss(output, Y))
        grad_W1, grad_W2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * grad_W1
        W2 = W2 - learning_rate * grad_W2
    return W1, W2, np.array(losses)


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
        grad_W1, grad_W2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * grad_W1
        self.weights2 = self.weights2 - learning_rate * grad_W2
