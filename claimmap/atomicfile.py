"""Files written whole or not at all, safely from many processes at once.

A cache or output file is written to a temporary file of a unique name in the
same folder (same file system, so the rename is atomic) and then renamed over
the target: a reader sees the old file or the new one, never half of one, and
writers never share a temporary name.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: str | Path, write: Callable[[BinaryIO], None], mode: int = 0o644) -> None:
    """Call `write` with a binary file that becomes `path` once it is complete (with permissions `mode`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, mode)  # mkstemp makes it private (0600); caches are not secrets
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: str | Path, data: bytes, mode: int = 0o644) -> None:
    write_atomically(path, lambda handle: handle.write(data), mode)
