"""Opens a network connection to a port the test listens on (on the grader's loopback), and
lists the network interfaces it can see. Under bubblewrap the child has a network of its
own with nothing but its own loopback: no way to the grader's, nor out of the machine."""

# %% honest

# %%
import socket


def connect(host, port):
    with socket.create_connection((host, port), timeout=2):
        return "connected"


def interfaces():
    return [name for _index, name in socket.if_nameindex()]
