"""When a pair of students is flagged: the thresholds of `compare.py`, with no heavy import
(the command line's help quotes them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """z_flag: z-score from which a pair is flagged. mad_floor: the least MAD used.
    min_similarity: the least similarity flagged. min_shared: the least shared tokens
    flagged. min_tokens: the least own tokens (each) for a stage to count. min_pairs:
    with fewer pairs than this in a stage, the baseline is the fixed `fallback` (median,
    MAD) instead of the class's."""

    z_flag: float = 3.5
    mad_floor: float = 0.05
    min_similarity: float = 0.5
    min_shared: int = 50
    min_tokens: int = 40
    min_pairs: int = 10
    fallback: tuple[float, float] = (0.2, 0.1)
