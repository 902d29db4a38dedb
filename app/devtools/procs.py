"""Start, watch and stop the processes a benchmark or a resilience test needs: the fake model,
the service and the bare baseline, each a uvicorn server in a subprocess of its own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak resident) of a process, in KiB, from /proc."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far, from /proc (clock-tick resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """One uvicorn process on 127.0.0.1; ``url`` is its base URL."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 30.0, health: str = "/healthz") -> Server:
        argv = [a.replace("{port}", str(self.port)) for a in self.argv]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.wait_ready(timeout, health)
        return self

    def wait_ready(self, timeout: float, health: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(self.url + health, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer {health} within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush; what a crash looks like."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, grace: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def memory(self) -> dict[str, int]:
        return memory_kib(self.pid)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)


def uvicorn_argv(target: str, *, factory: bool = True) -> list[str]:
    argv = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", "{port}"]
    argv += ["--log-level", "warning", "--no-access-log", "--backlog", "4096", "--timeout-keep-alive", "60"]
    return argv + (["--factory"] if factory else [])


def fake_model(workdir: Path, config: dict[str, Any] | None = None, name: str = "fake-openai") -> Server:
    argv = [sys.executable, "-m", "app.devtools.fake_openai", "--port", "{port}", "--config", json.dumps(config or {})]
    return Server(name, argv, {}, workdir / f"{name}.log")


def service(
    workdir: Path,
    *,
    model_url: str | None,
    database_url: str = "",
    db_path: Path | None = None,
    name: str = "service",
    port: int | None = None,
    **settings: Any,
) -> Server:
    """The real service: ``uvicorn app.main:create_app --factory`` with settings from the environment."""
    env = {
        "DATABASE_URL": database_url,
        "DB_PATH": str(db_path or workdir / "interviews.db"),
        "OPENAI_BASE_URL": f"{model_url}/v1" if model_url else "",
        "OPENAI_API_KEY": "",
        "LOG_LEVEL": "WARNING",
        "MOCK_INTERVIEW_TOKEN": "",
        "QUESTION_BANK_DIR": "",
        # Every simulated candidate gets a token, all from 127.0.0.1; the per-token request limit stays on.
        "TOKEN_CREATION_PER_HOUR": "0",
    }
    env.update({key.upper(): str(value) for key, value in settings.items()})
    server = Server(name, uvicorn_argv("app.main:create_app"), env, workdir / f"{name}.log")
    if port is not None:
        server.port = port
    return server


class FakeControl:
    """Synchronous helper to steer a running fake model."""

    def __init__(self, url: str) -> None:
        self.url = url

    def set(self, **values: Any) -> dict[str, Any]:
        response = httpx.post(self.url + "/control", json=values, timeout=10)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        httpx.post(self.url + "/reset", timeout=10).raise_for_status()

    def stats(self, since: int = 0, prompts: bool = False, summary: bool = False) -> dict[str, Any]:
        params = {"since": since, "prompts": int(prompts), "summary": int(summary)}
        response = httpx.get(self.url + "/stats", params=params, timeout=60)
        response.raise_for_status()
        return response.json()
