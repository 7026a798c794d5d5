"""A local `streamlit run app.py` for tests and load tests: on a free 127.0.0.1 port, ready when returned.

A harness, not part of the app: it lives beside the load test (scripts/loadtest.py), and the browser
tests import it through tests/conftest.py.

Nothing here imports Streamlit: the server is a child process, so its memory can be measured apart
from the process that drives it.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the kernel's peak since start) of a Linux process, in kB; {} once it is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return out


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time a Linux process has used so far; 0.0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            # The command name may hold spaces and parentheses: the fields start after its last ')'.
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class Output:
    """A child process's output (its stdout, opened as text), read in a thread as it comes: every line
    kept in `log`, and `wait_for` a line (a blocking read with a deadline, never a poll)."""

    def __init__(self, proc: subprocess.Popen):
        self.log: list[str] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        # Read to the end, so the child never blocks on a full pipe.
        for line in stream:
            self.log.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, marker: str, timeout: float, what: str) -> None:
        """Until a line holding `marker` is printed; RuntimeError with the output so far when the
        process ends first or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"{what} did not start within {timeout:g} s:\n{''.join(self.log)}") from None
            if line is None:
                raise RuntimeError(f"{what} exited:\n{''.join(self.log)}")
            if marker in line:
                return


class AppServer:
    """`streamlit run app.py` bound to 127.0.0.1; use as a context manager or call stop()."""

    def __init__(
        self,
        data_dir: Path | None = None,
        extra_env: dict | None = None,
        root: Path = REPO_ROOT,
        startup_timeout: float = 90,
        extra_args: tuple[str, ...] = (),
        base_path: str = "",
    ):
        self.port = free_port()
        self.data_dir = data_dir
        # Behind a reverse proxy the app lives under a path; every URL the caller builds starts here.
        self.url = f"http://127.0.0.1:{self.port}" + (f"/{base_path}" if base_path else "")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
        if data_dir is not None:
            env["LAUNCHWATCH_DATA"] = str(data_dir)
        # `python -m streamlit` execs no wrapper, so this pid is the server whose memory is measured.
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                "--server.baseUrlPath",
                base_path,
                *extra_args,
            ],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.pid = self.proc.pid
        self.output = Output(self.proc)
        self.log = self.output.log
        try:
            # Streamlit prints its URL once the server listens: wait for that line, not for a fixed time.
            self.output.wait_for("URL:", startup_timeout, "streamlit")
        except RuntimeError:
            self.stop()
            raise
        with urllib.request.urlopen(self.url + "/_stcore/health", timeout=30) as r:
            if r.status != 200 or r.read().strip() != b"ok":
                self.stop()
                raise RuntimeError("streamlit's health check failed:\n" + "".join(self.log))

    def memory_kb(self) -> dict[str, int]:
        return process_memory_kb(self.pid)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def __enter__(self) -> AppServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
