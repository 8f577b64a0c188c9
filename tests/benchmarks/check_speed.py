"""How long the check registry takes, and how many proxy round trips each check makes.

Run:  python tests/benchmarks/check_speed.py [--repeats 20]

Times run_checks on the reference solution (all stages, then each stage), in-process, and
counts the calls a sandbox proxy would forward to the child: every function call, every
NeuralNetwork construction, method call, attribute read and attribute write.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import solutions  # noqa: E402
from autograder.checks import REGISTRY  # noqa: E402
from autograder.checks.runner import run_check, run_checks  # noqa: E402


class Counter:
    """Stands in for the sandbox proxy: forwards to the reference and counts round trips."""

    def __init__(self, target, counts: list[int]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_counts", counts)

    def __getattr__(self, name):
        self._counts[0] += 1
        value = getattr(self._target, name)
        if callable(value):
            def forward(*args, **kwargs):
                result = value(*args, **kwargs)
                if isinstance(result, solutions.NeuralNetwork):
                    return Counter(result, self._counts)
                return result
            return forward
        return value

    def __setattr__(self, name, value) -> None:
        self._counts[0] += 1
        setattr(self._target, name, value)


def median_time(stages, repeats: int) -> float:
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        run_checks(solutions, stages=stages, seed=seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    run_checks(solutions)  # warm-up: imports and the cached course reference
    print(f"all {len(REGISTRY)} checks on the reference: "
          f"median {median_time(None, args.repeats) * 1000:.0f} ms over {args.repeats} seeds")
    for stage in range(1, 6):
        print(f"  stage {stage}: {median_time([stage], args.repeats) * 1000:6.1f} ms")
    print("round trips per check (through a proxy):")
    total = 0
    for check in REGISTRY:
        counts = [0]
        result = run_check(check, Counter(solutions, counts), seed=0)
        assert result.passed, result.message
        total += counts[0]
        print(f"  {check.name:36s} {counts[0]:5d}")
    print(f"  {'total':36s} {total:5d}")


if __name__ == "__main__":
    main()
