"""Run a student's code in a child process and call into it through a proxy.

    from autograder.sandbox import Sandbox, Limits, SandboxError
    with Sandbox(cells, limits=Limits()) as impl:
        impl.sigmoid(np.array([0.0]))

See ``sandbox.py`` for the life of a sandbox, ``requests.py`` for its requests (the proxy's
API) and ``codec.py`` for the values they carry, ``launch.py`` for isolation (bubblewrap
where it works, resource limits always), ``zygote.py`` for warm starts under bubblewrap,
``process.py`` for the pipes and deadlines, ``wire.py`` for the format values cross in,
``child/`` for the child's side (its ``__init__.py`` maps it), ``proxy.py`` for the
stand-ins the checks call, ``errors.py`` for what can go wrong, ``containment.py``,
``cgroup.py`` and ``kernel.py`` for what holds a submission's processes, and
``prestart.py`` for beginning the first sandbox's slow parts early.
"""

from autograder.sandbox.errors import (
    CallTimeout,
    ChildDied,
    MemoryLimit,
    ProtocolError,
    SandboxClosed,
    SandboxError,
    SandboxStartError,
    StudentError,
    SubmissionTimeout,
    Unrepresentable,
)
from autograder.sandbox.launch import probe_bwrap
from autograder.sandbox.limits import Limits
from autograder.sandbox.prestart import prestart
from autograder.sandbox.proxy import RemoteClass, RemoteFunction, RemoteObject, SandboxProxy
from autograder.sandbox.sandbox import Sandbox

__all__ = [
    "CallTimeout", "ChildDied", "Limits", "MemoryLimit", "ProtocolError", "RemoteClass",
    "RemoteFunction", "RemoteObject", "Sandbox", "SandboxClosed", "SandboxError",
    "SandboxProxy", "SandboxStartError", "StudentError", "SubmissionTimeout",
    "Unrepresentable", "prestart", "probe_bwrap",
]
