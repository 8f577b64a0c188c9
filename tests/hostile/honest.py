"""An honest, correct submission for stages 1-5: the baseline every hostile one is added to.

Cells are separated by ``# %%`` lines, as in a notebook exported to a script.
"""

# %%
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


# %%
def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    return A1, sigmoid(A1 @ W2)


def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))


# %%
def backprop(X, Y, W1, W2):
    A1, Y_hat = feedforward(X, W1, W2)
    delta2 = -2.0 * (Y - Y_hat) * Y_hat * (1.0 - Y_hat)
    delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
    return X.T @ delta1, A1.T @ delta2


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1, W2 = W1.copy(), W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, np.array(losses)


# %%
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
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
