import numpy as np

# the article's data, to try things out
X = np.array([[0, 0, 1],
              [0, 1, 1],
              [1, 0, 1],
              [1, 1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def feedforward(x, W1, W2):
    layer1 = sigmoid(x @ W1)
    output = sigmoid(layer1 @ W2)
    return layer1, output


def sse_loss(y_hat, y):
    return float(np.sum((y - y_hat) ** 2))


def backprop(x, y, W1, W2):
    z1 = X @ W1
    layer1 = sigmoid(z1)
    z2 = layer1 @ W2
    output = sigmoid(z2)
    d_output = 2 * (output - y) * sigmoid_derivative(z2)
    d_layer1 = (d_output @ W2.T) * sigmoid_derivative(z1)
    return X.T @ d_layer1, layer1.T @ d_output


def train(x, y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(x, W1, W2)[1], y))
        dW1, dW2 = backprop(x, y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
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
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2


if __name__ == "__main__":
    nn = NeuralNetwork(X, y)
    for i in range(1500):
        nn.feedforward()
        nn.backprop()
    print(nn.output)
