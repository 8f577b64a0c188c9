# neural net from scratch -- stages 1..5
import numpy as np

def sigmoid(z):
    return 1.0/(1.0 + np.exp(-z))

def sigmoid_derivative(z):
    a = sigmoid(z)
    return a*(1.0 - a)

def feedforward(X, W1, W2):
    a1 = sigmoid(X @ W1)
    return a1, sigmoid(a1 @ W2)

def sse_loss(Y_hat, Y):
    squared = (Y - Y_hat)**2
    return sum(squared)

def backprop(X, Y, W1, W2):
    z1 = X @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2
    a2 = sigmoid(z2)
    err = 2*(a2 - Y)
    d2 = err*sigmoid_derivative(z2)
    d1 = (d2 @ W2.T)*sigmoid_derivative(z1)
    return X.T @ d1, a1.T @ d2

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.astype(float); W2 = W2.astype(float)
    losses = np.zeros(iterations)
    for t in range(iterations):
        a2 = feedforward(X, W1, W2)[1]
        losses[t] = np.sum((Y - a2)**2)
        g1, g2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate*g1
        W2 = W2 - learning_rate*g2
    return W1, W2, losses

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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate*g1
        self.weights2 = self.weights2 - learning_rate*g2
