"""Opens network connections: to a port the test listens on (on the grader's loopback) and
to a public address. Under bubblewrap the child has no network at all."""

# %% honest

# %%
import socket


def connect(host, port):
    with socket.create_connection((host, port), timeout=2):
        return "connected"
