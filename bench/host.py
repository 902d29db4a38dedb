"""The machine a run is on: what it is, and how busy all of it was (every process, not only ours)."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = ("fastapi", "starlette", "uvicorn", "sse-starlette", "openai", "httpx", "sqlalchemy", "psycopg", "aiohttp")


@dataclass(frozen=True)
class CpuTimes:
    """The machine's CPU time so far, in clock ticks over all CPUs (/proc/stat)."""

    busy: int
    steal: int
    total: int

    @classmethod
    def now(cls) -> CpuTimes:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        steal = fields[7] if len(fields) > 7 else 0
        total = sum(fields[:8])
        return cls(busy=total - idle - steal, steal=steal, total=total)

    def since(self, earlier: CpuTimes) -> dict[str, float]:
        """Between two readings: the share of the machine's CPU time that was busy, and stolen by the host (%),
        and the busy CPU seconds."""
        total = max(1, self.total - earlier.total)
        return {
            "busy_pct": round(100 * (self.busy - earlier.busy) / total, 1),
            "steal_pct": round(100 * (self.steal - earlier.steal) / total, 1),
            "busy_cpu_s": round((self.busy - earlier.busy) / os.sysconf("SC_CLK_TCK"), 2),
        }


ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def machine() -> dict[str, Any]:
    model, mem_kib = "", 0
    try:
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if "model name" in line
            ),
            "",
        )
        mem_kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        pass
    packages: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "commit": _git("rev-parse", "--short", "HEAD").strip() or "unknown (not a git checkout)",
        # Service files that differ from that commit (the benchmark's own files left out).
        "uncommitted_service_files": [
            line[3:]
            for line in _git("status", "--porcelain", "--", "app", "prompts", "question_bank").splitlines()
            if not line[3:].startswith("app/devtools/")
        ],
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    info["summary"] = (
        f"{info['cpus']} CPUs ({model}), {info['memory_gib']} GiB, Python {info['python']}, {platform.system()}"
    )
    return info
