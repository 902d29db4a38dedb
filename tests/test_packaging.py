"""A plain `pip install .` ships every package and every data file: the wheel lists its packages by
hand (two live outside app/), so a new package or file type must not be left out silently."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_under_app_is_listed() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "app").rglob("__init__.py")}
    mapped = set(CONFIG["package-dir"])
    assert found <= set(CONFIG["packages"]) and mapped <= set(CONFIG["packages"])


def test_every_data_file_matches_a_package_data_pattern() -> None:
    for package, folder in CONFIG["package-dir"].items():
        patterns = CONFIG["package-data"][package]
        files = [p.name for p in (ROOT / folder).iterdir() if p.is_file() and p.suffix != ".py"]
        assert files and all(any(fnmatch.fnmatch(name, pat) for pat in patterns) for name in files), folder
