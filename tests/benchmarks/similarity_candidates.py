"""Fingerprinting candidates measured on the planted class of tests/similarity_class.py.

Run:  python tests/benchmarks/similarity_candidates.py

For each candidate: every pair's raw similarity over the whole submission (the mean of the
two sides' shared share for copydetect, the Dice of the fingerprint sets for ours), with
the course's release code as boilerplate, no class baseline. Prints the ranks of the 8
planted pairs among all pairs, the lowest planted similarity and the highest honest one (a
gap between them is what a threshold needs).

    copydetect as it comes   CodeFingerprint: its Pygments filter (names -> V/F/O, strings
                             -> S, comments dropped), character k-grams, its boilerplate
    ours                     our normalised Python tokens (tokens.py) with copydetect's
                             k-grams and winnowing (fingerprints.py), at a few k and windows
"""

import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from copydetect import CodeFingerprint, compare_files  # noqa: E402

from autograder.loading import discover  # noqa: E402
from autograder.similarity.boilerplate import course_code  # noqa: E402
from autograder.similarity.code import class_code  # noqa: E402
from autograder.similarity.fingerprints import Fingerprinter  # noqa: E402
from tests.similarity_class import honest_files, plant, write  # noqa: E402


def report(name: str, codes, planted: set, similarity) -> None:
    rows = []
    for a, b in itertools.combinations(codes, 2):
        value = similarity(a, b)
        if value is not None:
            rows.append((value, frozenset((a.student, b.student)) in planted))
    rows.sort(key=lambda row: -row[0])
    ranks = [rank for rank, (_, is_planted) in enumerate(rows, start=1) if is_planted]
    lowest = min(value for value, is_planted in rows if is_planted)
    highest = max(value for value, is_planted in rows if not is_planted)
    print(f"{name:42s} planted ranks {ranks} of {len(rows)}; lowest planted {lowest:.2f}, "
          f"highest honest {highest:.2f}")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    files, groups = plant(honest_files())
    codes = class_code(discover([write(files, folder / "class")]))
    planted = {frozenset((a, b)) for group in groups for a in group for b in group if a < b}
    boilerplate = folder / "boilerplate.py"
    boilerplate.write_text("\n\n".join(course_code()))

    for k, window in ((25, 1), (25, 4), (15, 4)):
        base = CodeFingerprint(str(boilerplate), k, 1)
        prints = {}
        for code in codes:
            path = folder / f"{code.student}.py"
            path.write_text("\n\n".join(s.text for s in code.stages.values()))
            prints[code.student] = CodeFingerprint(
                str(path), k, window, boilerplate=np.array(sorted(base.hashes)))

        def theirs(a, b, prints=prints):
            first, second = prints[a.student], prints[b.student]
            if not first.hashes or not second.hashes:
                return None
            _, (share_a, share_b), _ = compare_files(first, second)
            return (share_a + share_b) / 2

        report(f"copydetect as it comes, k={k} window={window}", codes, planted, theirs)

    for k, window in ((8, 4), (12, 4), (6, 3)):
        fingerprinter = Fingerprinter(course_code(), k, window)
        sets = {code.student: {(stage, h) for stage, stage_code in code.stages.items()
                               for h in fingerprinter.fingerprint(stage_code).hashes}
                for code in codes}

        def ours(a, b, sets=sets):
            first, second = sets[a.student], sets[b.student]
            if not first or not second:
                return None
            return 2 * len(first & second) / (len(first) + len(second))

        report(f"our tokens + copydetect winnowing, k={k} w={window}", codes, planted, ours)


if __name__ == "__main__":
    main()
