"""``stancegraph serve`` start-up: seconds until it answers, and the memory of its processes.

Starts ``stancegraph serve SOURCE --quiet`` (extra options after ``--``) on a free
loopback port and polls ``GET /queries`` every 50 ms; the start-up time is the wall
time from launch to the first 200 (the query workers are all started and ready by
then: ``serve`` waits for them before it listens). Memory is sampled every 100 ms
over the server and every process below it (fork server, query workers), until
the server has been ready for ``--settle`` seconds:

- **PSS**: the sum of the processes' proportional set sizes (``/proc/PID/smaps_rollup``;
  a page shared by *n* processes counts 1/*n* in each), the memory the whole
  server really holds; its peak is reported;
- **RSS**: the sum of their resident sets (shared pages counted in every process), peak.

    .venv/bin/python benchmarks/serve_startup.py out/stancegraph.ttl
    .venv/bin/python benchmarks/serve_startup.py /tmp/seeds-100k -- --workers 4
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    tree = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(tree.get(pid, []))
    return out


def _memory(pids: list[int]) -> tuple[int, int, int]:
    """(PSS kB, RSS kB, processes) summed over ``pids``."""
    pss = rss = alive = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                lines = handle.read().splitlines()
        except OSError:
            continue
        alive += 1
        for line in lines:
            key, _, value = line.partition(":")
            if key == "Pss":
                pss += int(value.split()[0])
            elif key == "Rss":
                rss += int(value.split()[0])
    return pss, rss, alive


def measure(source: str, extra: list[str], settle: float = 3.0, limit: float = 1200.0) -> dict:
    port = _free_port()
    command = [sys.executable, "-m", "stancegraph.graph.cli", "serve", source, "--port", str(port), "--quiet", *extra]
    start = time.monotonic()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ready = None
    peak_pss = peak_rss = processes = 0
    last_sample = 0.0
    try:
        while time.monotonic() - start < limit:
            now = time.monotonic()
            if server.poll() is not None:
                raise SystemExit(f"the server stopped: {server.stderr.read().strip()}")
            if now - last_sample >= 0.1:
                pss, rss, alive = _memory(_tree(server.pid))
                peak_pss, peak_rss, processes = max(peak_pss, pss), max(peak_rss, rss), max(processes, alive)
                last_sample = now
            if ready is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/queries", timeout=2) as answer:
                        if answer.status == 200:
                            ready = time.monotonic() - start
                except OSError:
                    pass
            elif now - start > ready + settle:
                break
            time.sleep(0.05)
        else:
            raise SystemExit(f"not ready within {limit:g} s")
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"source": source, "ready_s": round(ready, 2), "peak_pss_mb": round(peak_pss / 1024),
            "peak_rss_mb": round(peak_rss / 1024), "processes": processes}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="an RDF file or a seed folder")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to keep sampling memory once ready")
    parser.add_argument("extra", nargs="*", help="options for stancegraph serve (after --)")
    args = parser.parse_args(argv)
    if not Path(args.source).exists():
        raise SystemExit(f"{args.source}: no such file or folder")
    result = measure(args.source, args.extra, args.settle)
    load = os.getloadavg()[0]
    print(f"{result['source']}: ready in {result['ready_s']} s; peak PSS {result['peak_pss_mb']} MB, "
          f"peak RSS {result['peak_rss_mb']} MB over {result['processes']} processes (load average {load:.1f})")


if __name__ == "__main__":
    main()
