# Two layer NN - numpy only
import numpy as np

def sigmoid(z): return 1/(1 + np.exp(-z))

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s*(1 - s)

def feedforward(X, W1, W2):
    h = sigmoid(X.dot(W1))
    return h, sigmoid(h.dot(W2))

def sse_loss(Y_hat, Y):
    e = Y - Y_hat
    return float((e*e).sum())

def backprop(X, Y, W1, W2):
    z1 = X.dot(W1); h = sigmoid(z1)
    z2 = h.dot(W2); o = sigmoid(z2)
    g_o = 2*(o - Y)*sigmoid_derivative(z2)
    g_h = g_o.dot(W2.T)*sigmoid_derivative(z1)
    return X.T.dot(g_h), h.T.dot(g_o)

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy(); W2 = W2.copy()
    losses = []
    lr = learning_rate
    for i in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        g1, g2 = backprop(X, Y, W1, W2)
        W1 = W1 - lr*g1
        W2 = W2 - lr*g2
        lr = lr*0.999    # slowly decay the step so it settles at the end
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
        g1, g2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate*g1
        self.weights2 = self.weights2 - learning_rate*g2
