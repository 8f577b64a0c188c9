"""``train`` never returns. Only the checks of ``train`` may fail (with a timeout)."""

# %%
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    while True:
        pass
