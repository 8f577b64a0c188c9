"""When a pair of students is flagged: the thresholds of `compare.py`, with no heavy import
(the command line's help quotes them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """z_flag: z-score from which a pair is flagged. mad_floor: the least MAD used.
    min_similarity: the least similarity flagged. min_shared: the least shared tokens
    flagged. min_tokens: the least own tokens (each) for a stage to count. min_pairs:
    with fewer pairs than this in a stage, the baseline is the fixed `fallback` (median,
    MAD) instead of the class's. whole_similarity, whole_tokens, whole_stages: a pair whose
    code over at least `whole_stages` stages is this alike, with at least `whole_tokens`
    shared tokens (and `min_shared`), is flagged however alike the class's stages are (a
    whole submission copied), unless more than `whole_rare` of the class's pairs are that
    alike (then the class writes it so)."""

    z_flag: float = 3.5
    mad_floor: float = 0.05
    min_similarity: float = 0.5
    min_shared: int = 50
    min_tokens: int = 40
    min_pairs: int = 10
    fallback: tuple[float, float] = (0.2, 0.1)
    whole_similarity: float = 0.99
    whole_tokens: int = 250
    whole_stages: int = 3
    whole_rare: float = 0.1
