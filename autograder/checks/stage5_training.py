"""Stage 2: feedforward(X, W1, W2) -> (A1, Y_hat)."""
