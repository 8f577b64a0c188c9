import numpy as np

# ---- part 1: activation ----
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1.0 - sig)

# ---- part 2: forward pass ----
def feedforward(X, W1, W2):
    hidden = sigmoid(np.matmul(X, W1))
    out = sigmoid(np.matmul(hidden, W2))
    return hidden, out

# ---- part 3: loss ----
def sse_loss(Y_hat, Y):
    err = Y - Y_hat
    return float(np.sum(err ** 2))

# ---- part 4: gradients ----
def backprop(X, Y, W1, W2):
    z_h = np.matmul(X, W1)
    hidden = sigmoid(z_h)
    z_o = np.matmul(hidden, W2)
    out = sigmoid(z_o)
    d_o = -2.0 * (Y - out) * sigmoid_derivative(z_o)
    d_h = np.matmul(d_o, W2.T) * sigmoid_derivative(z_h)
    return np.matmul(X.T, d_h), np.matmul(hidden.T, d_o)

# ---- part 5: training ----
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = np.array(W1, dtype=float)
    W2 = np.array(W2, dtype=float)
    losses = np.empty(iterations)
    for it in range(iterations):
        losses[it] = sse_loss(feedforward(X, W1, W2)[1], Y)
        gW1, gW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * gW1
        W2 = W2 - learning_rate * gW2
    return W1, W2, losses


class NeuralNet:
    """The article's network class (shorter name)."""

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


if __name__ == "__main__":
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    net = NeuralNet(X, y)
    for _ in range(1500):
        net.feedforward()
        net.backprop()
    print(net.output.round(3))
