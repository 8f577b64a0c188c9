"""The child's side of the sandbox: runs the student's cells, then serves the grader's calls.

The grader imports only this file. The modules beside it are never imported by the grader:
their source text is sent to a fresh interpreter (see ``launch.BOOTSTRAP``), which runs
each as a module of its own, named as in ``MODULES``, in that order (each may import the
ones before it by those names), then calls ``main`` of the last. So the child never needs,
or sees, the autograder package. They import only the standard library and numpy, and take
their references to both before any student code runs: a submission that monkeypatches
numpy or builtins changes what its own functions compute, never how values are sent.

    isolation.py   the kernel's isolation through ctypes: namespaces and no capabilities
                   for a warm child; Landlock and a network namespace without bubblewrap
    supervisor.py  without bubblewrap: supervisor, decoy and worker (orphans killed)
    tracebacks.py  the soft timeout; an error said at the student's line, with operands
    values.py      the Encoder: whatever the student's code returned, as a wire node
    loading.py     the ``load`` request: the student's files as modules, cells under timers
    server.py      the worker's request server (``Server``), its limits, ``worker_main``
    zygote.py      the zygote's loop, and the isolation of each child it forks
    main.py        the entry point: a zygote, or a worker (supervised without bubblewrap)

Under bubblewrap the worker is the process bubblewrap starts, or, with warm starts, PID 2
of a namespace of its own forked from a zygote; PID 1 of its namespace plays the supervisor.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent
#: The child's modules, by their names in the child's ``sys.modules``, in loading order
#: (``_scratchnet_wire`` is also how a check cell knows it runs in the sandbox).
MODULES = {
    "_scratchnet_wire": _HERE.parent / "wire.py",
    "_scratchnet_isolation": _HERE / "isolation.py",
    "_scratchnet_supervisor": _HERE / "supervisor.py",
    "_scratchnet_tracebacks": _HERE / "tracebacks.py",
    "_scratchnet_values": _HERE / "values.py",
    "_scratchnet_loading": _HERE / "loading.py",
    "_scratchnet_server": _HERE / "server.py",
    "_scratchnet_zygote": _HERE / "zygote.py",
    "_scratchnet_child": _HERE / "main.py",
}


@cache
def sources() -> dict[str, str]:
    """The source text the child runs, by module name, in loading order."""
    return {name: path.read_text(encoding="utf-8") for name, path in MODULES.items()}
