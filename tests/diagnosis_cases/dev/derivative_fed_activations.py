import numpy as np


def sigmoid(z):
    """Logistic function, works on numbers and arrays."""
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    """Slope of the sigmoid at z."""
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    diff = Y - Y_hat
    return float((diff * diff).sum())


def backprop(X, Y, W1, W2):
    layer1, output = feedforward(X, W1, W2)
    # chain rule, like in the article: the derivative at each layer's output
    d_output = -2 * (Y - output) * sigmoid_derivative(output)
    d_weights2 = np.dot(layer1.T, d_output)
    d_layer1 = np.dot(d_output, W2.T) * sigmoid_derivative(layer1)
    d_weights1 = np.dot(X.T, d_layer1)
    return d_weights1, d_weights2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    w1, w2 = W1.copy(), W2.copy()
    history = np.zeros(iterations)
    for step in range(iterations):
        history[step] = sse_loss(feedforward(X, w1, w2)[1], Y)
        g1, g2 = backprop(X, Y, w1, w2)
        w1 -= learning_rate * g1
        w2 -= learning_rate * g2
    return w1, w2, history


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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 -= learning_rate * g1
        self.weights2 -= learning_rate * g2
