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

Every failure to write is :class:`CannotWrite`, naming the caller's path (never a
hidden temporary) and the reason in words: ``cannot write out/g.ttl: no space left
on device``. :func:`write_problem` says the same before any work: whether a file or
folder could be written there at all (the folder exists, is a folder and takes a
new file; the target is not a folder). It tries: a probe file is made and removed,
since the permission bits do not tell (root ignores them; a read-only mount, or a
folder such as ``/proc`` that takes no new files, passes ``os.access``).
"""

from __future__ import annotations

import errno
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping, Union

from .errors import StanceGraphError

__all__ = ["atomic_write", "atomic_path", "write_output_set", "remove_stale_temporaries", "TEMP_PREFIX",
           "CannotWrite", "write_problem", "check_writable"]

TEMP_PREFIX = ".stancegraph."
"""Name prefix of the temporary folder of an output set (``.stancegraph.<pid>.<random>.tmp``)."""

STALE_AFTER = 600.0
"""Seconds after which a temporary not naming a live process is taken as left by a killed one."""


class CannotWrite(StanceGraphError):
    """A file or folder could not be written: ``cannot write PATH: REASON`` (the caller's path).

    Attributes
    ----------
    path : Path
        The path the caller asked for (a target file or an output folder).
    reason : str
        What stopped it, in words (``folder out is not writable``, ``no space left on device``).
    """

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")

    @classmethod
    def from_os_error(cls, path: str | os.PathLike, exc: OSError) -> "CannotWrite":
        """The error for ``exc``, met while writing ``path`` (its reason in words, no temporary's name)."""
        return cls(path, _reason(exc))


_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large",
    errno.EIO: "input/output error",
    errno.EXDEV: "the temporary file and the target are on different file systems",
    errno.ENAMETOOLONG: "file name too long",
}


def _reason(exc: OSError) -> str:
    """``exc``'s cause in words, without the file names it may carry (a hidden temporary's)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if exc.errno is not None:
        return os.strerror(exc.errno).lower()
    return str(exc)  # pragma: no cover - every OSError the writers see has an errno


def _written_here(exc: OSError, *paths: Path) -> bool:
    """Whether ``exc`` came from writing (no file named, or one of ``paths``), not from reading another file."""
    return exc.filename is None or str(exc.filename) in {str(p) for p in paths}


def _nearest_existing(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists (``.`` for a relative path with none)."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return candidate
    return Path(".")


def _probe(folder: Path) -> str | None:
    """Make and remove an empty file in ``folder``: None when it could, else why not (in words)."""
    probe = folder / f"{TEMP_PREFIX}{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"folder {folder} is not writable"
        if exc.errno == errno.EROFS:
            return f"folder {folder} is on a read-only file system"
        if exc.errno == errno.ENOENT:  # e.g. /proc: a folder that takes no new files
            return f"folder {folder} does not take new files"
        return f"folder {folder}: {_reason(exc)}"
    os.close(fd)
    os.unlink(probe)
    return None


def write_problem(target: str | os.PathLike, folder: bool = False) -> str | None:
    """Why ``target`` cannot be written, in words, or None when it can (checked before any work).

    Parameters
    ----------
    target : path
        A file to write (``folder=False``: its folder must exist, be a folder and take a
        new file, and the target must not be a folder), or an output folder
        (``folder=True``: it may be missing, to be made in its nearest existing
        ancestor, which must be a folder that takes new entries).

    Returns
    -------
    str or None
        ``folder out is not writable``, ``out/x.ttl is a folder``, … or None.
    """
    target = Path(target)
    if folder:
        if target.exists():
            return _probe(target) if target.is_dir() else f"{target} is not a folder"
        existing = _nearest_existing(target.parent)
        if not existing.is_dir():
            return f"{existing} is not a folder"
        return _probe(existing)
    if target.is_dir():
        return f"{target} is a folder"
    parent = target.parent
    if not parent.is_dir():
        existing = _nearest_existing(parent)
        if existing.exists() and not existing.is_dir():
            return f"{existing} is not a folder"
        return f"folder {parent} does not exist (create it first)"
    return _probe(parent)


def check_writable(target: str | os.PathLike, folder: bool = False) -> None:
    """Raise :class:`CannotWrite` when :func:`write_problem` finds ``target`` cannot be written."""
    problem = write_problem(target, folder)
    if problem is not None:
        raise CannotWrite(target, problem)


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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise CannotWrite(target, f"{target} is a folder")
        tmp = _temporary_beside(target)
    except OSError as exc:
        raise CannotWrite(target, write_problem(target) or _reason(exc)) from exc
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if _written_here(exc, tmp, target):
            raise CannotWrite(target, _reason(exc)) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``target`` atomically (synced to disk) and return the target path."""
    with atomic_path(target) as tmp:
        _write_synced(tmp, data.encode(encoding) if isinstance(data, str) else data)
    return Path(target)


Payload = Union[bytes, str, Callable[[], Union[bytes, str]]]


def remove_stale_temporaries(folder: str | os.PathLike, prefix: str = TEMP_PREFIX, suffix: str = ".tmp",
                             stale_after: float | None = None) -> list[Path]:
    """Remove ``.stancegraph.*.tmp`` files and folders in ``folder`` left by killed writers.

    A temporary naming a process (``.stancegraph.<pid>.<random>.tmp``) is stale when
    that process is gone; any other (an older writer's) when it is older than
    ``stale_after`` seconds (default :data:`STALE_AFTER`; ``math.inf``: never).
    Returns what was removed. ``prefix`` and ``suffix`` name other temporaries of the
    same rule (``serve``'s scratch stores: ``stancegraph-serve-<pid>.<random>``,
    :mod:`~stancegraph.graph.stores.scratch`).
    """
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    now = time.time()
    for entry in folder.glob(f"{prefix}*{suffix}"):
        if _in_use(entry, now, prefix, STALE_AFTER if stale_after is None else stale_after):
            continue
        if entry.is_dir() and not entry.is_symlink():
            import shutil

            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _in_use(entry: Path, now: float, prefix: str = TEMP_PREFIX, stale_after: float = STALE_AFTER) -> bool:
    pid_text = entry.name[len(prefix):].split(".", 1)[0]
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
        return now - entry.lstat().st_mtime < stale_after
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
    CannotWrite
        When the folder could not be made or a file not written (naming ``folder`` or
        its file, never the temporary folder); no target was changed.
    Exception
        Whatever making a file's bytes raised; then no target was changed and
        the temporary folder is gone.
    """
    folder = Path(folder)
    import shutil
    import tempfile

    made = [path for path in (folder, *folder.parents) if not os.path.lexists(path)]  # removed again on failure
    try:
        if folder.exists() and not folder.is_dir():
            raise CannotWrite(folder, f"{folder} is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}.", suffix=".tmp", dir=folder))
    except OSError as exc:
        _remove_folders(made)
        raise CannotWrite(folder, _reason(exc)) from exc
    done = False
    try:
        for name, payload in payloads.items():
            if on_file is not None:
                on_file(name)
            data = payload() if callable(payload) else payload
            try:
                _write_synced(staging / name, data.encode("utf-8") if isinstance(data, str) else data)
                os.chmod(staging / name, _mode_for(folder / name))
            except OSError as exc:
                raise CannotWrite(folder / name, _reason(exc)) from exc
        if before_moving is not None:
            before_moving()
        _fsync_dir(staging)
        for name in payloads:  # before any is moved: a folder in a file's place leaves every target as it was
            if (folder / name).is_dir():
                raise CannotWrite(folder / name, f"{folder / name} is a folder")
        written = {}
        for name in payloads:
            try:
                os.replace(staging / name, folder / name)
            except OSError as exc:
                raise CannotWrite(folder / name, _reason(exc)) from exc
            written[name] = folder / name
        _fsync_dir(folder)
        done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:
            _remove_folders(made)
    return written


def _remove_folders(made: list[Path]) -> None:
    """Remove the folders a failed write made (innermost first), leaving any that are not empty."""
    for path in made:
        try:
            path.rmdir()
        except OSError:
            return
