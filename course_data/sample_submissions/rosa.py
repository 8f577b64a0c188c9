import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)

def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat

def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))

def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    delta2 = 2 * (Y - Y_hat) * sigmoid_derivative(Z2)
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    dW2 = -(A1.T @ delta2)
    dW1 = -(X.T @ delta1)
    return dW1, dW2

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
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

def tanh(z):
    return np.tanh(z)


def tanh_derivative(z):
    t = np.tanh(z)
    return 1 - t ** 2


def relu(z):
    return np.maximum(0, z)


def relu_derivative(z):
    return (z > 0).astype(float)


def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)

FUNCTIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
}


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    f, _ = FUNCTIONS[activation]
    A1 = f(X @ W1 + b1)
    Y_hat = sigmoid(A1 @ W2 + b2)
    return A1, Y_hat


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, df = FUNCTIONS[activation]
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ W2.T) * df(Z1)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward_with_bias(X, W1, b1, W2, b2, activation)[1], Y))
        dW1, db1, dW2, db2 = backprop_with_bias(X, Y, W1, b1, W2, b2, activation)
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    return W1, b1, W2, b2, np.array(losses)

def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, labels):
    n = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(n), labels])))


def forward_classifier(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    return A1, P


def backprop_classifier(X, labels, W1, b1, W2, b2):
    n, k = X.shape[0], W2.shape[1]
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    T = np.eye(k)[labels]
    dZ2 = (P - T) / n
    dZ1 = (dZ2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)


def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    losses = []
    for _ in range(iterations):
        losses.append(cross_entropy(forward_classifier(X, *params)[1], labels))
        grads = backprop_classifier(X, labels, *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return (*params, np.array(losses))


def predict(X, W1, b1, W2, b2):
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1)


def accuracy(predicted, labels):
    return float(np.mean(predicted == labels))
