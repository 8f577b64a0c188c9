"""How long `scratchnet similarity` takes on a large class (the target: 300 students, all
seven stages, under 30 s on a 2-core machine).

Run:  python tests/benchmarks/similarity_speed.py [--students 300] [--seed 0]

The class is made from the independent work of tests/similarity_class.py (the sample
author, the variants, the catalogued mistakes): for each student and stage, the stage's
functions of a randomly chosen author, with every name renamed for that student, the
functions in random order; a third hand in stage notebooks, the rest one .py file. So each
stage has a few dozen groups of identical code (after normalisation) spread over the class:
many more alike pairs than a real class, which is the slow case. Prints the time of each
step (finding and reading the submissions, fingerprinting and comparing all pairs, writing
the report), the total wall-clock time and the CPU time it took (other work on the machine
makes the first larger, not the second).
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from autograder.loading import STAGES, discover  # noqa: E402
from autograder.similarity import write_similarity_report  # noqa: E402
from autograder.similarity.code import class_code  # noqa: E402
from autograder.similarity.compare import compare_class  # noqa: E402
from tests.similarity_class import honest_files, renamed, write  # noqa: E402


def stage_pool() -> dict[int, list[str]]:
    """Stage -> the different authors' code for it (each a piece of a module)."""
    root = write(honest_files(), Path(tempfile.mkdtemp()) / "authors")
    pool: dict[int, list[str]] = {stage: [] for stage in STAGES}
    for student in class_code(discover([root])):
        for stage, code in student.stages.items():
            pool[stage].append(code.pieces)
    return pool


def make_class(students: int, seed: int, root: Path) -> Path:
    """Write `students` submissions under root/class (see the module docstring)."""
    rng = random.Random(seed)
    pool = stage_pool()
    files: dict[str, str] = {}
    for number in range(students):
        name = f"student{number:03d}"
        per_stage = {}
        for stage, choices in pool.items():
            pieces = list(rng.choice(choices))
            rng.shuffle(pieces)
            code = "\n\n\n".join(source for _, source in pieces)
            per_stage[stage] = renamed("import numpy as np\n\n\n" + code + "\n", f"_{number}")
        if number % 3 == 0:
            for stage, code in per_stage.items():
                files[f"{name}/{stage:02d}_{STAGES[stage]}.ipynb"] = notebook(code)
        else:
            files[f"{name}.py"] = "\n\n".join(per_stage.values())
    return write(files, root / "class")


def notebook(code: str) -> str:
    """A one-cell nbformat-4 notebook holding `code`."""
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "id": "c1", "metadata": {},
                                  "execution_count": None, "outputs": [],
                                  "source": code}]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = make_class(args.students, args.seed, Path(folder))
        started, cpu = time.perf_counter(), time.process_time()
        codes = class_code(discover([root]))
        loaded = time.perf_counter()
        result = compare_class(codes)
        compared = time.perf_counter()
        write_similarity_report(Path(folder) / "out", result)
        written, cpu = time.perf_counter(), time.process_time() - cpu
    pairs = len(result.pairs)
    print(f"{len(result.students)} students, {pairs} pairs, {len(result.flagged)} flagged, "
          f"stages {result.stages()}")
    print(f"find and read submissions   {loaded - started:6.2f} s")
    print(f"fingerprint, compare, flag  {compared - loaded:6.2f} s")
    print(f"write the report            {written - compared:6.2f} s")
    print(f"total                       {written - started:6.2f} s  (target: under 30 s)")
    print(f"CPU time of this process    {cpu:6.2f} s  (the same work on a machine no one "
          "else uses)")


if __name__ == "__main__":
    main()
