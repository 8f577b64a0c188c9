# My network, in the article's style: the class does its own chain rule, and the
# functions the course asks for sit next to it.
import numpy as np


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(z):
    # the course wants the slope at z (the article passes sigmoid(z) instead)
    return sigmoid(z) * (1.0 - sigmoid(z))


def _slope_from_activation(a):
    # the article's sigmoid_derivative: a = sigmoid(z) is already computed
    return a * (1.0 - a)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    layer1, output = feedforward(X, W1, W2)
    # the article's d_weights go downhill; the gradient is their negative
    d_output = 2 * (Y - output) * _slope_from_activation(output)
    d_weights2 = np.dot(layer1.T, d_output)
    d_weights1 = np.dot(X.T, np.dot(d_output, W2.T) * _slope_from_activation(layer1))
    return -d_weights1, -d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    nn = NeuralNetwork(X, Y)
    nn.weights1 = np.array(W1, dtype=float)
    nn.weights2 = np.array(W2, dtype=float)
    losses = []
    for _ in range(iterations):
        nn.feedforward()
        losses.append(sse_loss(nn.output, nn.y))
        nn.backprop(learning_rate)
    return nn.weights1, nn.weights2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self, learning_rate=1.0):
        # application of the chain rule to find the derivative of the loss function
        # with respect to weights2 and weights1
        d_output = 2 * (self.y - self.output) * _slope_from_activation(self.output)
        d_weights2 = np.dot(self.layer1.T, d_output)
        d_weights1 = np.dot(self.input.T, np.dot(d_output, self.weights2.T)
                            * _slope_from_activation(self.layer1))
        # update the weights with the derivative (slope) of the loss function
        self.weights1 = self.weights1 + learning_rate * d_weights1
        self.weights2 = self.weights2 + learning_rate * d_weights2


if __name__ == "__main__":
    X = np.array([[0, 0, 1],
                  [0, 1, 1],
                  [1, 0, 1],
                  [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    nn = NeuralNetwork(X, y)
    for i in range(1500):
        nn.feedforward()
        nn.backprop()
    print(nn.output)
