"""Start and stop gunicorn for a benchmark, with the same settings for every app served."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from benchmarks.common import ROOT, VENV_BIN


@dataclass(frozen=True)
class GunicornSettings:
    workers: int = 2
    worker_class: str = "gthread"
    threads: int = 8
    keepalive: int = 5

    def args(self) -> list[str]:
        return [
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--keep-alive", str(self.keepalive),
            "--backlog", "2048",
            "--log-level", "warning",
        ]  # fmt: skip

    def describe(self) -> str:
        return (
            f"gunicorn {self.workers} workers, `{self.worker_class}`, {self.threads} threads "
            f"each, keep-alive {self.keepalive} s, no access log"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on {port} within {timeout} s")


@contextmanager
def gunicorn(app: str, settings: GunicornSettings, env: dict[str, str]) -> Iterator[int]:
    """Serve APP (``module:attr``) on a free loopback port; yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *settings.args(), app],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        _wait_for_port(port, process)
        time.sleep(0.5 * settings.workers)  # let every worker import the app
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
