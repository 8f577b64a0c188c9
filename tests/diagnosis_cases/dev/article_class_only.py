# Building my own neural network (following the article).
# Everything lives in the NeuralNetwork class, like in the tutorial.
import numpy as np


def sigmoid(z):
    return 1.0 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


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

    def sse_loss(self):
        return float(np.sum((self.y - self.output) ** 2))

    def backprop(self, learning_rate=1.0):
        z1 = np.dot(self.input, self.weights1)
        z2 = np.dot(self.layer1, self.weights2)
        # chain rule for weights2 and weights1
        d2 = 2 * (self.y - self.output) * sigmoid_derivative(z2)
        d_weights2 = np.dot(self.layer1.T, d2)
        d_weights1 = np.dot(self.input.T, np.dot(d2, self.weights2.T) * sigmoid_derivative(z1))
        # d_weights point downhill here, so they are added
        self.weights1 += learning_rate * d_weights1
        self.weights2 += learning_rate * d_weights2

    def train(self, iterations=1500, learning_rate=1.0):
        losses = []
        for i in range(iterations):
            self.feedforward()
            losses.append(self.sse_loss())
            self.backprop(learning_rate)
        return losses


if __name__ == "__main__":
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    nn = NeuralNetwork(X, y)
    nn.train()
    print(nn.output)
