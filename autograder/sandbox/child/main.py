"""The child's entry point (loaded as ``_scratchnet_child``; ``main`` is called by
``launch.BOOTSTRAP``): a zygote, or one worker, supervised without bubblewrap.
"""

import os
import signal

from _scratchnet_isolation import confine
from _scratchnet_server import apply_rlimits, pin_builtins, worker_main
from _scratchnet_supervisor import become_supervised
from _scratchnet_zygote import zygote_main


def main(req: int, resp: int, boot: dict) -> None:
    """Entry point of the child interpreter (called by the bootstrap)."""
    if boot.get("mode") == "zygote":
        os.close(req)
        zygote_main(resp, boot)
    apply_rlimits(boot["rlimits"])
    if boot.get("confine"):  # no bubblewrap: the kernel's own confinement, before any cell
        confine(str(boot["confine"]))
    pin_builtins()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if boot["supervise"]:
        become_supervised(req, resp, boot.get("parent"))
    worker_main(req, resp, boot)
