"""Files written atomically: a reader sees the old file or the whole new one, never half.

    write_text_atomic(path, text)          # UTF-8, newlines as given
    write_bytes_atomic(path, data, mode)   # mode: the file's permissions (None: 0o600)

The data goes to a temporary file in the same folder (``.<name>.<random>.tmp``), is flushed
to disk, and is renamed over ``path``; if anything fails, the temporary file is removed and
``path`` is left as it was. The folder is created if missing. A read-only ``path`` is
replaced too (the rename needs only the folder's permission).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` so that `path` is either the old file or the whole new one;
    `mode` (e.g. 0o444) sets the new file's permissions, else it is readable by its owner."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` (UTF-8, newlines untranslated) to `path` atomically (write_bytes_atomic)."""
    write_bytes_atomic(path, text.encode("utf-8"), mode)
