"""Sweeps: a test run once per case of a catalogue (each catalogued mistake, each seed).

The fast tier runs the first case of each stage; every other case is marked `sweep`
(pytest --fast leaves them out, pytest runs them all):

    @pytest.mark.parametrize("mistake", one_per_stage(MISTAKES))
"""

import pytest


def one_per_stage(modules: list) -> list:
    """The catalogue's modules as parameters (ids: their MISTAKE), all but the first of each
    stage marked `sweep`."""
    seen: set[int] = set()
    params = []
    for module in modules:
        first = module.STAGE not in seen
        seen.add(module.STAGE)
        params.append(pytest.param(module, id=module.MISTAKE,
                                   marks=() if first else pytest.mark.sweep))
    return params
