"""Values and exceptions whose ``__str__`` / ``__repr__`` never return: formatting them is
the student's code too, so the call's timeout must cover it (the grader must get a timeout
or a bounded report within the call timeout, never hang beyond it)."""

# %%
import functools


class Endless(Exception):
    def __str__(self):
        while True:
            pass


class Opaque:
    def __repr__(self):
        while True:
            pass


def raise_endless():
    raise Endless()


def return_opaque():  # not the student's own class (that would be a handle): its repr
    return functools.partial(len, Opaque())


class Sneaky:
    @property
    def __class__(self):
        while True:
            pass


sneaky = Sneaky()
