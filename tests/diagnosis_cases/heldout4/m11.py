import numpy as np

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)

def feedforward(X, W1, W2):
    L1 = sigmoid(np.dot(X, W1))
    L2 = sigmoid(np.dot(L1, W2))
    return L1, L2

def sse_loss(Y_hat, Y):
    return np.sum((Y - Y_hat) ** 2)

def backprop(X, Y, W1, W2):
    L1, L2 = feedforward(X, W1, W2)
    # dL/dL2 = 2(L2 - Y); the output sigmoid's slope is L2 (1 - L2)
    d2 = 2.0 * (L2 - Y) * L2 * (1.0 - Y)
    # hidden sigmoid's slope is L1 (1 - L1)
    d1 = np.dot(d2, W2.T) * L1 * (1.0 - L1)
    return np.dot(X.T, d1), np.dot(L1.T, d2)

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    history = []
    for k in range(iterations):
        L1, L2 = feedforward(X, W1, W2)
        history.append(sse_loss(L2, Y))
        gW1, gW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * gW1
        W2 = W2 - learning_rate * gW2
    return W1, W2, np.array(history)

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
        gW1, gW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * gW1
        self.weights2 = self.weights2 - learning_rate * gW2
