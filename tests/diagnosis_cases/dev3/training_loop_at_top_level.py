import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(X, W1, W2):
    layer1 = sigmoid(np.dot(X, W1))
    output = sigmoid(np.dot(layer1, W2))
    return layer1, output


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


def backprop(X, Y, W1, W2):
    z1 = np.dot(X, W1)
    layer1 = sigmoid(z1)
    z2 = np.dot(layer1, W2)
    output = sigmoid(z2)
    delta2 = 2 * (output - Y) * sigmoid_derivative(z2)
    delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(z1)
    dW1 = np.dot(X.T, delta1)
    dW2 = np.dot(layer1.T, delta2)
    return dW1, dW2


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
        d_weights1, d_weights2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * d_weights1
        self.weights2 = self.weights2 - learning_rate * d_weights2


# ---- stage 5: training (same as the notebook cells) ----
X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
np.random.seed(1)
W1 = np.random.rand(3, 4)
W2 = np.random.rand(4, 1)
iterations = 1500
learning_rate = 1.0
losses = []
for i in range(iterations):
    _, output = feedforward(X, W1, W2)
    losses.append(sse_loss(output, Y))
    dW1, dW2 = backprop(X, Y, W1, W2)
    W1 = W1 - learning_rate * dW1
    W2 = W2 - learning_rate * dW2
print("final loss:", losses[-1])
