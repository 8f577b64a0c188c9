"""Every pair of students, per stage, judged against the class's own distribution.

    compare_class(codes, fingerprinter=None, settings=Settings()) -> ClassSimilarity

Per stage, a pair's similarity is the Dice coefficient of their fingerprint sets,
2 |A & B| / (|A| + |B|), from 0 (nothing shared) to 1 (the same code up to names, layout,
comments and order). All pairs of a stage at once: a student x fingerprint matrix (only
fingerprints two or more students have), multiplied by its transpose, gives every pair's
shared count. Over all the stages two students both have, their similarity is the shared
count over the mean size, summed over those stages.

A pair stands out in a stage by its robust z-score in the class for that stage:
(s - median) / (1.4826 MAD), the MAD at least `mad_floor`, so a stage everyone writes
alike (a one-line sigmoid) has a high median and stands out for no one. Only stages where
both wrote at least `min_tokens` tokens of their own count (a one-liner is no evidence).
The pair's combined z is Stouffer's sum of its counting stages' z over the square root of
their number, and its score is the larger of that and its largest counting stage z. It is
flagged when a counting stage has z >= `z_flag`, a similarity of at least
`min_similarity` and at least `min_shared` tokens of shared code (counted exactly, from the
shared fingerprints' places), or when the combined z, the similarity over all stages and
the shared code in all reach those bounds, or (whatever the class writes) when the pair's
code over at least `whole_stages` stages is `whole_similarity` alike with `whole_tokens`
shared tokens: a whole submission copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograder.similarity.boilerplate import course_code
from autograder.similarity.code import StudentCode
from autograder.similarity.fingerprints import Fingerprint, Fingerprinter, shared_count
from autograder.similarity.settings import Settings

#: The robust z-score's consistency constant: 1.4826 MAD estimates a normal sigma.
MAD_SCALE = 1.4826


@dataclass
class StageScore:
    """One stage of a pair: similarity, z-score, shared tokens (None until counted)."""

    stage: int
    similarity: float
    z: float
    counts: bool  # both wrote at least min_tokens of their own: the stage is evidence
    shared_tokens: int | None = None
    flagged: bool = False


@dataclass(eq=False)
class Pair:
    """Two students (a before b in class order), their per-stage and combined scores.

    similarity: over all the stages both have. z: the combined z of the counting stages
    (0 if none counts). score: the larger of z and the largest counting stage z.
    """

    a: str
    b: str
    stages: dict[int, StageScore]
    similarity: float
    z: float
    score: float
    shared_tokens: int | None = None
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)
    rank: int = 0  # 1 for the most suspicious pair

    def as_json(self) -> dict:
        return {"rank": self.rank, "a": self.a, "b": self.b, "score": round(self.score, 3),
                "flagged": self.flagged, "similarity": round(self.similarity, 4),
                "z": round(self.z, 3), "shared_tokens": self.shared_tokens,
                "reasons": self.reasons,
                "stages": {str(s): {"similarity": round(v.similarity, 4), "z": round(v.z, 3),
                                    "shared_tokens": v.shared_tokens, "flagged": v.flagged}
                           for s, v in self.stages.items()}}


@dataclass
class Baseline:
    """The class's distribution of one stage's (or the pooled) similarities."""

    values: np.ndarray
    median: float
    mad: float  # as used: at least the floor
    fallback: bool


@dataclass
class ClassSimilarity:
    """students: in class order. fingerprints: (student, stage) -> Fingerprint.
    pairs: most suspicious first. baselines: stage -> Baseline.
    notes: students whose code could not be read for the comparison, and why."""

    students: list[str]
    fingerprints: dict[tuple[str, int], Fingerprint]
    pairs: list[Pair]
    baselines: dict[int, Baseline]
    settings: Settings
    notes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[Pair]:
        return [p for p in self.pairs if p.flagged]

    def stages(self) -> list[int]:
        return sorted(self.baselines)

    def count_shared(self, pair: Pair, stages: list[int] | None = None) -> None:
        """Count the pair's shared tokens exactly in `stages` (default: all of its stages,
        and then in all); each stage is counted once."""
        for stage in pair.stages if stages is None else stages:
            score = pair.stages[stage]
            if score.shared_tokens is None:
                score.shared_tokens = shared_count(self.fingerprints[pair.a, stage],
                                                   self.fingerprints[pair.b, stage])
        if all(s.shared_tokens is not None for s in pair.stages.values()):
            pair.shared_tokens = sum(s.shared_tokens for s in pair.stages.values())


def compare_class(codes: list[StudentCode], fingerprinter: Fingerprinter | None = None,
                  settings: Settings | None = None) -> ClassSimilarity:
    """Fingerprint every student's code per stage, score every pair, flag those that stand
    out; pairs come back most suspicious first."""
    fingerprinter = fingerprinter or Fingerprinter(course_code())
    settings = settings or Settings()
    students = [c.student for c in codes]
    fingerprints: dict[tuple[str, int], Fingerprint] = {}
    for code in codes:
        for stage, stage_code in code.stages.items():
            fingerprint = fingerprinter.fingerprint(stage_code)
            if fingerprint.hashes:
                fingerprints[code.student, stage] = fingerprint
    n = len(students)
    stages = sorted({stage for _, stage in fingerprints})
    shared_sum, size_sum = np.zeros((n, n)), np.zeros((n, n))
    per_stage: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    baselines: dict[int, Baseline] = {}
    for stage in stages:
        present = np.array([(s, stage) in fingerprints for s in students])
        shared, sizes = _shared_counts([fingerprints.get((s, stage)) for s in students])
        both = np.outer(present, present)
        mean_size = (sizes[:, None] + sizes[None, :]) / 2
        with np.errstate(invalid="ignore", divide="ignore"):
            similarity = np.where(both, shared / np.where(both, mean_size, 1), np.nan)
        own = np.array([fingerprints[s, stage].own_tokens if (s, stage) in fingerprints else 0
                        for s in students])
        counts = np.minimum(own[:, None], own[None, :]) >= settings.min_tokens
        baselines[stage] = _baseline(_upper(similarity), settings)
        per_stage[stage] = (similarity, _z(similarity, baselines[stage]), counts)
        shared_sum += np.where(both, shared, 0)
        size_sum += np.where(both, mean_size, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(size_sum > 0, shared_sum / np.where(size_sum > 0, size_sum, 1), np.nan)
    result = ClassSimilarity(students, fingerprints, [], baselines, settings)
    result.notes = [f"{c.student}: {note}" for c in codes for note in c.notes
                    if note.startswith("not compared")]
    result.pairs = _pairs(result, pooled, per_stage)
    return result


def _shared_counts(fingerprints: list[Fingerprint | None]) -> tuple[np.ndarray, np.ndarray]:
    """(n x n shared fingerprint counts, n set sizes) for one stage; None: no code."""
    sizes = np.array([len(f.hashes) if f else 0 for f in fingerprints], dtype=float)
    rows = [np.fromiter(f.hashes, dtype=np.int64) if f else np.zeros(0, np.int64)
            for f in fingerprints]
    everything = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    values, counts = np.unique(everything, return_counts=True)
    common = values[counts >= 2]  # a fingerprint one student has is shared with no one
    matrix = np.zeros((len(rows), len(common)), dtype=np.float32)
    for i, row in enumerate(rows):
        columns = np.searchsorted(common, row)
        hit = columns < len(common)
        hit[hit] = common[columns[hit]] == row[hit]
        matrix[i, columns[hit]] = 1.0
    return (matrix @ matrix.T).astype(float), sizes


def _upper(matrix: np.ndarray) -> np.ndarray:
    """The defined values above the diagonal: one per pair."""
    values = matrix[np.triu_indices(len(matrix), k=1)]
    return values[~np.isnan(values)]


def _baseline(values: np.ndarray, settings: Settings) -> Baseline:
    """Median and floored MAD of `values`; the fixed fallback for too few pairs."""
    if len(values) < settings.min_pairs:
        median, mad = settings.fallback
        return Baseline(values, median, max(mad, settings.mad_floor), True)
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median)))
    return Baseline(values, median, max(mad, settings.mad_floor), False)


def _z(similarity: np.ndarray, baseline: Baseline) -> np.ndarray:
    return (similarity - baseline.median) / (MAD_SCALE * baseline.mad)


def _pairs(result: ClassSimilarity, pooled: np.ndarray,
           per_stage: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[Pair]:
    """Every pair with a stage in common, scored and flagged, most suspicious first."""
    students = result.students
    rows, columns = np.triu_indices(len(students), k=1)
    overall = pooled[rows, columns]
    keep = ~np.isnan(overall)
    rows, columns, overall = rows[keep].tolist(), columns[keep].tolist(), overall[keep].tolist()
    stage_values = {stage: (similarity[rows, columns].tolist(), z[rows, columns].tolist(),
                            counts[rows, columns].tolist())
                    for stage, (similarity, z, counts) in per_stage.items()}
    pairs = []
    for index, (i, j) in enumerate(zip(rows, columns, strict=True)):
        stages = {}
        for stage, (similarity, z, counts) in stage_values.items():
            if similarity[index] == similarity[index]:  # not NaN: both have the stage
                stages[stage] = StageScore(stage, similarity[index], z[index], counts[index])
        evidence = [s.z for s in stages.values() if s.counts]
        combined = sum(evidence) / len(evidence) ** 0.5 if evidence else 0.0
        pairs.append(Pair(students[i], students[j], stages, overall[index], combined,
                          max([combined] + evidence)))
    whole = _alike_as_a_whole(pairs, result.settings)
    for pair in pairs:
        _flag(result, pair, pair in whole)
    pairs.sort(key=lambda p: (not p.flagged, -p.score, -p.similarity, p.a, p.b))
    for rank, pair in enumerate(pairs, start=1):
        pair.rank = rank
    return pairs


def _alike_as_a_whole(pairs: list[Pair], settings: Settings) -> set[Pair]:
    """The pairs whose code over several stages is the same up to names, layout and order,
    when such pairs are rare in the class (a class that all writes one text has none)."""
    alike = {p for p in pairs if len(p.stages) >= settings.whole_stages
             and p.similarity >= settings.whole_similarity}
    return alike if len(alike) <= settings.whole_rare * max(len(pairs), 1) else set()


def _flag_whole(result: ClassSimilarity, pair: Pair) -> None:
    """A whole submission copied, with hundreds of shared tokens: evidence however canonical
    each stage is (the class's baseline of a stage everyone writes alike would hide it)."""
    settings = result.settings
    result.count_shared(pair)
    if pair.shared_tokens >= max(settings.whole_tokens, settings.min_shared):
        pair.reasons.append("whole submission")


def _flag(result: ClassSimilarity, pair: Pair, whole: bool = False) -> None:
    """Flag `pair` if a counting stage, or all of them together, stand out with enough
    shared code; shared code is counted only where it decides a flag."""
    settings = result.settings
    if whole:
        _flag_whole(result, pair)
    candidates = [s for s in pair.stages.values() if s.counts and s.z >= settings.z_flag
                  and s.similarity >= settings.min_similarity]
    overall = pair.z >= settings.z_flag and pair.similarity >= settings.min_similarity
    if not candidates and not overall:
        pair.flagged = bool(pair.reasons)
        return
    result.count_shared(pair, [s.stage for s in candidates])
    for stage in candidates:
        stage.flagged = stage.shared_tokens >= settings.min_shared
        if stage.flagged:
            pair.reasons.append(f"stage {stage.stage}")
    if overall:
        known = sum(s.shared_tokens for s in candidates)
        if known < settings.min_shared:  # the other stages may still make up the amount
            result.count_shared(pair)
            known = pair.shared_tokens
        if known >= settings.min_shared:
            pair.reasons.insert(0, "all stages")
    pair.flagged = bool(pair.reasons)
