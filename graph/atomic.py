"""Atomic file writes: one file, or a whole set of output files, all or nothing.

One file (:func:`atomic_write`, :func:`atomic_path`) is written to a temporary file
beside the target, flushed to disk (``fsync``) and renamed over the target, so a
reader sees the old file or the new one, never half of one.

A set of files (:func:`write_output_set`, what ``stancegraph build`` writes) is
written into a fresh temporary folder beside the targets
(``.stancegraph.<pid>.<random>.tmp``); only when every file is complete and on disk
are they moved in, one ``rename`` each, and the folder's entry list is flushed.
A failure (or a kill) while the files are being made leaves every previous
output as it was; the temporary folder is removed on failure, and one left by a
killed process is removed by the next build into that folder.

A target that already exists keeps its permission bits; a new file gets the
usual ``0666`` less the process's umask (as ``open()`` would give it).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping, Union

__all__ = ["atomic_write", "atomic_path", "write_output_set", "remove_stale_temporaries", "TEMP_PREFIX"]

TEMP_PREFIX = ".stancegraph."
"""Name prefix of the temporary folder of an output set (``.stancegraph.<pid>.<random>.tmp``)."""

STALE_AFTER = 600.0
"""Seconds after which a temporary not naming a live process is taken as left by a killed one."""


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return _new_file_mode()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temporary_beside(target: Path) -> Path:
    """A new empty file ``.NAME.<random>.tmp`` beside ``target``, made as ``tempfile.mkstemp`` makes one
    (``O_CREAT | O_EXCL``, mode 0600, a fresh random name when one is taken). Here rather than through
    ``tempfile``: importing it (with ``shutil``) was ~3 ms of CPU of a ``query … -o FILE`` process, which
    writes one file."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        tmp = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover - 2**48 names


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success sync it and rename it over ``target``.

    On any exception the temporary file is removed and ``target`` is untouched. An
    existing target keeps its permission bits.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "x.txt") as tmp:
    ...     _ = tmp.write_text("hello")
    >>> (d / "x.txt").read_text()
    'hello'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_beside(target)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``target`` atomically (synced to disk) and return the target path."""
    with atomic_path(target) as tmp:
        _write_synced(tmp, data.encode(encoding) if isinstance(data, str) else data)
    return Path(target)


Payload = Union[bytes, str, Callable[[], Union[bytes, str]]]


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Remove ``.stancegraph.*.tmp`` files and folders in ``folder`` left by killed writers.

    A temporary naming a process (``.stancegraph.<pid>.<random>.tmp``) is stale when
    that process is gone; any other (an older writer's) when it is older than
    :data:`STALE_AFTER` seconds. Returns what was removed.
    """
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    now = time.time()
    for entry in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        if _in_use(entry, now):
            continue
        if entry.is_dir() and not entry.is_symlink():
            import shutil

            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _in_use(entry: Path, now: float) -> bool:
    pid_text = entry.name[len(TEMP_PREFIX):].split(".", 1)[0]
    if pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        return now - entry.lstat().st_mtime < STALE_AFTER
    except OSError:
        return True


def write_output_set(
    folder: str | os.PathLike,
    payloads: Mapping[str, Payload],
    on_file: Callable[[str], None] | None = None,
    before_moving: Callable[[], object] | None = None,
) -> dict[str, Path]:
    """Write every file of ``payloads`` into ``folder``, all or nothing.

    Parameters
    ----------
    folder : path
        The output folder (created when missing).
    payloads : mapping of file name to bytes, str or a callable making them
        A callable is called only when its file is written, one at a time, so a
        large set need not be held in memory at once.
    on_file : callable, optional
        Called with each file name before it is made (progress reporting).
    before_moving : callable, optional
        Called once every file is made and before any is moved in; what it raises
        cancels the set like a failed file.

    Returns
    -------
    dict
        File name → path of the written target.

    Raises
    ------
    Exception
        Whatever making or writing a file raised; then no target was changed and
        the temporary folder is gone.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    import shutil
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}.", suffix=".tmp", dir=folder))
    try:
        for name, payload in payloads.items():
            if on_file is not None:
                on_file(name)
            data = payload() if callable(payload) else payload
            _write_synced(staging / name, data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(staging / name, _mode_for(folder / name))
        if before_moving is not None:
            before_moving()
        _fsync_dir(staging)
        written = {}
        for name in payloads:
            os.replace(staging / name, folder / name)
            written[name] = folder / name
        _fsync_dir(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
