"""Every output path is checked before any work, and a failed write names the user's path.

The rule (README, "All -o outputs are checked before any work"): for every command
that writes (``-o``, ``build --out``, ``import dna``'s OUT_DIR) a missing folder, a
file where a folder should be, a folder that takes no new file and a target that is
a folder are each one line ``Error: cannot write PATH: REASON``, exit 2, before
anything is computed or printed; a failure while writing (no space, read-only file
system) is one line naming the same path, with nothing half-written.

How the unwritable folder is made: ``chmod 555`` does not stop root, and these tests
run as root here, so the kernel's refusal is also simulated by wrapping ``os.open`` to
fail with EACCES for new files in that folder only (what a non-root user or a
read-only bind mount gets from the same call); ``/proc`` is a real folder that
refuses new files to everyone, root included. The write failures (ENOSPC, EROFS)
are injected at ``os.fsync``, which every atomic write calls on its file before the
rename (a full disk may report there), and at ``Path.write_text`` (``import dna``).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.cli.common import all_commands

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "data" / "mini" / "seeds"
CORPUS = REPO / "tests" / "data" / "mini" / "corpus"
TEXT = CORPUS / "herald-2020-03-01.txt"

# Every command that writes, a command line that succeeds on the mini dataset with the
# output at PATH, and the ending it writes (written here, not read from the code).
FILE_WRITERS = {
    "export": (["export", SEEDS, "-o"], ".ttl"),
    "export dna": (["export", "dna", SEEDS, "--corpus", CORPUS, "-o"], ".dna"),
    "network": (["network", SEEDS, "-o"], ".graphml"),
    "render": (["render", SEEDS, "-o"], ".html"),
    "plot": (["plot", "barplot", SEEDS, "-o"], ".svg"),
    "polarisation": (["polarisation", "-o"], ".json"),  # the embedded dataset: the mini one has 2 actors
    "backbone": (["backbone", SEEDS, "-o"], ".json"),
    "query": (["query", "contested-concepts", "--data", SEEDS, "-o"], ".csv"),
    "agreement": (["agreement", SEEDS, "{second}", "--corpus", CORPUS, "--bootstrap", "0", "-o"], ".txt"),
    "suggest": (["suggest", TEXT, SEEDS, "--document", "herald-new", "-o"], ".yaml"),
}
FOLDER_WRITERS = {  # the output is a folder the command makes
    "build": ["build", SEEDS, "--no-shacl", "-q", "-o"],
    "import dna": ["import", "dna", "{dna}", "-q"],
}


SECOND = {}


def run(args, **kwargs):
    args = [SECOND.get(a, a) for a in args]
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


@pytest.fixture(autouse=True, scope="module")
def second_coder(tmp_path_factory):
    """A second coder's folder for agreement (a copy of the seeds: agreement refuses one folder twice)."""
    import shutil

    SECOND["{second}"] = shutil.copytree(SEEDS, tmp_path_factory.mktemp("coders") / "second")
    yield
    SECOND.clear()


def lines(result) -> list[str]:
    return result.output.splitlines()


def test_the_tables_cover_every_writing_command():
    writers = {name for name, command in all_commands(cli)
               if any(p.name in ("output", "out_dir") for p in command.params)}
    assert writers == set(FILE_WRITERS) | set(FOLDER_WRITERS)


@pytest.fixture
def unwritable(tmp_path, monkeypatch):
    """A folder that takes no new file: mode 555, and (root ignores modes) os.open refusing new files in it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(os.fsdecode(path)).parent == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    yield folder
    folder.chmod(0o755)


def _case(case: str, tmp_path: Path, unwritable_folder: Path, ending: str) -> tuple[Path, str]:
    """(the output path, the reason expected) for each kind of unwritable output."""
    if case == "missing folder":
        return tmp_path / "no" / "such" / f"x{ending}", f"folder {tmp_path / 'no' / 'such'} does not exist (create it first)"
    if case == "file as folder":
        (tmp_path / "plain").write_text("a file\n")
        return tmp_path / "plain" / f"x{ending}", f"{tmp_path / 'plain'} is not a folder"
    if case == "read-only folder":
        return unwritable_folder / f"x{ending}", f"folder {unwritable_folder} is not writable"
    if case == "proc":
        return Path("/proc") / f"x{ending}", "folder /proc does not take new files"
    assert case == "target is a folder"
    (tmp_path / f"x{ending}").mkdir()
    return tmp_path / f"x{ending}", f"{tmp_path / f'x{ending}'} is a folder"


CASES = ["missing folder", "file as folder", "read-only folder", "proc", "target is a folder"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", sorted(FILE_WRITERS))
def test_an_unwritable_output_file_is_one_line_before_any_work(name, case, tmp_path, request):
    folder = request.getfixturevalue("unwritable") if case == "read-only folder" else tmp_path / "locked"
    args, ending = FILE_WRITERS[name]
    path, reason = _case(case, tmp_path, folder, ending)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run([*args, path])
    assert result.exit_code == 2, result.output
    assert lines(result) == [f"Error: cannot write {path}: {reason}"]  # nothing printed before it
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no probe, no temporary left


@pytest.mark.parametrize("case", ["file as folder", "read-only folder", "proc", "target is a file"])
@pytest.mark.parametrize("name", sorted(FOLDER_WRITERS))
def test_an_unwritable_output_folder_is_one_line_before_any_work(name, case, tmp_path, request):
    folder = request.getfixturevalue("unwritable") if case == "read-only folder" else None
    if case == "file as folder":
        (tmp_path / "plain").write_text("a file\n")
        path, reason = tmp_path / "plain" / "out", f"{tmp_path / 'plain'} is not a folder"
    elif case == "read-only folder":
        path, reason = folder / "out", f"folder {folder} is not writable"
    elif case == "proc":
        path, reason = Path("/proc/out"), "folder /proc does not take new files"
    else:
        (tmp_path / "out").write_text("a file\n")
        path, reason = tmp_path / "out", f"{tmp_path / 'out'} is not a folder"
    args = [a if a != "{dna}" else tmp_path / "missing.dna" for a in FOLDER_WRITERS[name]]
    result = run([*args, path])  # import dna would fail on reading missing.dna: the folder is refused first
    assert result.exit_code == 2, result.output
    assert lines(result) == [f"Error: cannot write {path}: {reason}"]


def test_a_missing_build_folder_is_made(tmp_path):
    result = run([*FOLDER_WRITERS["build"], tmp_path / "new" / "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "out" / "stancegraph.ttl").is_file()


@pytest.fixture(scope="module")
def dna_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dna") / "mini.dna"
    result = run(["export", "dna", SEEDS, "--corpus", CORPUS, "-o", path, "-q"])
    assert result.exit_code == 0, result.output
    return path


FAILURES = {errno.ENOSPC: "no space left on device", errno.EROFS: "read-only file system"}


WRITE_CASES = [(name, errno.ENOSPC) for name in sorted(FILE_WRITERS) + sorted(FOLDER_WRITERS)] + [
    (name, errno.EROFS) for name in ("export", "build", "import dna")]  # one per writer: atomic_path, set, import


@pytest.mark.parametrize("name, code", WRITE_CASES, ids=[f"{n}-{errno.errorcode[c]}" for n, c in WRITE_CASES])
def test_a_failed_write_is_one_line_naming_the_users_path_and_leaves_nothing(name, code, tmp_path, monkeypatch,
                                                                            dna_file):
    work = tmp_path / "work"
    work.mkdir()
    if name in FILE_WRITERS:
        args, ending = FILE_WRITERS[name]
        path = work / f"x{ending}"
        args = [*args, path]
    else:
        path = work / "out"
        args = [a if a != "{dna}" else dna_file for a in FOLDER_WRITERS[name]] + [path]

    def failing(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing)
    monkeypatch.setattr(Path, "write_text", failing)
    result = run(args)
    assert result.exit_code == 2, result.output
    last = lines(result)[-1]
    assert last.startswith(f"Error: cannot write {path}") and last.endswith(f": {FAILURES[code]}"), result.output
    assert ".tmp" not in result.output
    assert list(work.iterdir()) == []  # no target, no temporary


def test_network_refuses_an_unwritable_output_before_its_summary():
    result = run(["network", SEEDS, "-o", "/proc/n.graphml"])
    assert result.exit_code == 2
    assert lines(result) == ["Error: cannot write /proc/n.graphml: folder /proc does not take new files"]


def test_build_names_outputs_it_did_not_write_and_leaves_them(tmp_path):
    out = tmp_path / "out"
    first = run(["build", SEEDS, "--no-shacl", "--format", "ntriples", "-o", out])
    assert first.exit_code == 0, first.output
    (out / "notes.txt").write_text("the user's own file\n")
    second = run(["build", SEEDS, "--no-shacl", "--out", out, "--no-html"])
    assert second.exit_code == 0, second.output
    assert (f"note: {out} also holds network.html, stancegraph.nt, not written by this build (left as they are; "
            "an earlier build's, maybe of other data)") in second.output.splitlines()
    assert sorted(p.name for p in out.iterdir()) == ["network.html", "notes.txt", "stancegraph.nt", "stancegraph.ttl"]
    third = run(["build", SEEDS, "--no-shacl", "--out", out, "--format", "turtle", "--format", "ntriples"])
    assert "also holds" not in third.output  # everything there is this build's (notes.txt is no build output)


def test_build_refuses_a_device_file_as_its_folders_folder():
    result = run(["build", SEEDS, "--no-shacl", "--no-html", "-o", "/dev/null/x"])
    assert lines(result) == ["Error: cannot write /dev/null/x: /dev/null is not a folder"]


def test_the_unverified_quotes_note_names_the_command_run(tmp_path):
    result = run(["build", SEEDS, "--no-shacl", "--no-html", "-o", tmp_path / "o"])
    assert result.exit_code == 0
    assert lines(result)[-1] == ("note: quotes were not verified against their sources (no --corpus); to verify them: "
                                 f"stancegraph build {SEEDS} --corpus DIR")
