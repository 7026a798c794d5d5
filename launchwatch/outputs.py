"""Where a command may write: never over something that is there unless told to (`--force`), and
never through a symbolic link, which could point anywhere (the bundled data/, a system file).

A file is written to a temporary name beside it and then renamed over the target: the rename
replaces a link itself rather than following it, and a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class Refused(Exception):
    """The output cannot be written there; the message says why and what to do."""


def check_folder(folder: Path, force: bool) -> None:
    """A folder to write a dataset into: absent, empty, or (with force) holding files to replace."""
    if folder.is_symlink():
        raise Refused(f"{folder} is a symbolic link: give the folder itself; nothing is written through a link")
    if folder.exists() and not folder.is_dir():
        raise Refused(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise Refused(f"{folder} is not empty: give --force to replace the dataset in it")


def check_file(path: Path, force: bool) -> None:
    if path.is_symlink():
        raise Refused(f"{path} is a symbolic link: give a file name; nothing is written through a link")
    if path.exists() and not force:
        raise Refused(f"{path} already exists: give --force to replace it")
    if path.exists() and not path.is_file():
        raise Refused(f"{path} exists and is not a file")


def replace_file(path: Path, data: bytes) -> None:
    """Write data to path by a rename over it, so that a link there is replaced, never followed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
