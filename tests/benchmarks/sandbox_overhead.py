"""What the sandbox costs: start + load, one round trip, and a typical submission's use.

    python tests/benchmarks/sandbox_overhead.py [--repeat N] [--calls N]

Prints, for each way of starting a child (resource limits only; a fresh bubblewrap sandbox;
a warm child forked from a bubblewrap zygote, see autograder/sandbox/zygote.py):
- start: a fresh child with the honest submission's cells loaded (median of N),
- call: one round trip with small arrays (sigmoid of a (4, 1) array), and a method call on
  a remote NeuralNetwork (what a training loop through the proxy costs per step),
- start + load + 100 calls: the budget the brief sets (well under 0.3 s),
- import matplotlib.pyplot in a cell: what a notebook's plotting cell adds to the start,
and the same call made in-process, for comparison. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from autograder.sandbox import Limits, Sandbox, probe_bwrap

HONEST = Path(__file__).resolve().parent.parent / "hostile" / "honest.py"


def honest_cells() -> list[str]:
    parts = re.split(r"^# %%.*$", HONEST.read_text(), flags=re.MULTILINE)
    return [cell.removeprefix("\n") for cell in parts[1:]]


def median_seconds(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


MODES = {"rlimits only": {"bubblewrap": False},
         "bubblewrap, fresh": {"bubblewrap": True, "warm": False},
         "bubblewrap, warm": {"bubblewrap": True, "warm": True}}


def start_and_close(cells: list[str], mode: dict) -> None:
    with Sandbox(cells, Limits(), **mode):
        pass


def start_load_and_calls(cells: list[str], mode: dict, calls: int) -> None:
    z = np.linspace(-3, 3, 4).reshape(4, 1)
    with Sandbox(cells, Limits(), **mode) as impl:
        sigmoid = impl.sigmoid
        for _ in range(calls):
            sigmoid(z)


def per_call(cells: list[str], mode: dict, calls: int) -> tuple[float, float]:
    """(seconds per sigmoid call, seconds per nn.feedforward() + nn.backprop() step)."""
    z = np.linspace(-3, 3, 4).reshape(4, 1)
    X, Y = np.random.default_rng(0).random((4, 3)), np.ones((4, 1))
    with Sandbox(cells, Limits(), **mode) as impl:
        sigmoid = impl.sigmoid
        sigmoid(z)
        started = time.perf_counter()
        for _ in range(calls):
            sigmoid(z)
        one_call = (time.perf_counter() - started) / calls
        nn = impl.NeuralNetwork(X, Y)
        nn.feedforward()
        nn.backprop()
        started = time.perf_counter()
        for _ in range(calls):
            nn.feedforward()
            nn.backprop()
        one_step = (time.perf_counter() - started) / calls
    return one_call, one_step


def in_process_call(calls: int) -> float:
    namespace: dict = {}
    for cell in honest_cells():
        exec(cell, namespace)
    sigmoid = namespace["sigmoid"]
    z = np.linspace(-3, 3, 4).reshape(4, 1)
    started = time.perf_counter()
    for _ in range(calls):
        sigmoid(z)
    return (time.perf_counter() - started) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="starts to time (median)")
    parser.add_argument("--calls", type=int, default=1000, help="calls to time per mode")
    args = parser.parse_args(argv)
    cells = honest_cells()
    modes = ["rlimits only"]
    if probe_bwrap():
        modes += ["bubblewrap, fresh", "bubblewrap, warm"]
    else:
        print("bubblewrap: not available here; only the rlimits-only mode is measured")
    in_process = in_process_call(args.calls)
    print(f"in-process sigmoid call: {in_process * 1e6:8.1f} us")
    rows = {}
    plotting = cells + ["import matplotlib.pyplot as plt\n"]
    for name in modes:
        mode = MODES[name]
        for _ in range(2):  # warm the page cache (and the zygote, which preloads pyplot
            start_and_close(plotting, mode)  # after the first child that imports it)
        start = median_seconds(lambda m=mode: start_and_close(cells, m), args.repeat)
        budget = median_seconds(lambda m=mode: start_load_and_calls(cells, m, 100), args.repeat)
        plot = median_seconds(lambda m=mode: start_and_close(plotting, m),
                              max(3, args.repeat // 3))
        call, step = per_call(cells, mode, args.calls)
        rows[name] = (start, budget, plot, call, step)
        print(f"\n{name}:")
        print(f"  start + load (5 cells), then close:   {start * 1e3:8.1f} ms")
        print(f"  start + load + 100 calls + close:     {budget * 1e3:8.1f} ms"
              f"   (target: well under 300 ms)")
        print(f"  same with `import matplotlib.pyplot`: {plot * 1e3:8.1f} ms")
        print(f"  one call, sigmoid((4, 1) array):      {call * 1e6:8.1f} us"
              f"   ({call / in_process:.0f}x in-process)")
        print(f"  one nn.feedforward() + nn.backprop(): {step * 1e6:8.1f} us")
    if len(rows) == 3:
        plain = rows["rlimits only"]
        for name in ("bubblewrap, fresh", "bubblewrap, warm"):
            row = rows[name]
            print(f"\n{name} / rlimits only: start {row[0] / plain[0]:.2f}x, "
                  f"with matplotlib {row[2] / plain[2]:.2f}x, call {row[3] / plain[3]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
