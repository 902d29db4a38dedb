"""Prompt templates and offline phrasings, read from ``prompts/`` so wording is edited as data.

The hash of every file is recorded with each interview: a transcript can always be traced to the
exact prompts that produced it.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined


class Prompts:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._env = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # prompts are read once; no stat() of every template on every render
        )

    def render(self, name: str, **context: Any) -> str:
        return self._env.get_template(name).render(**context).strip()

    @cached_property
    def offline(self) -> dict[str, Any]:
        return yaml.safe_load((self.directory / "offline.yaml").read_text(encoding="utf-8"))

    @cached_property
    def hash(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.directory.iterdir()):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]
