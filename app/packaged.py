"""Where the data folders are: inside the installed package, or at the top of a source checkout.

``question_bank/`` and ``prompts/`` stay at the top of the repository, where people edit them; the
wheel carries them inside ``app/`` (see pyproject.toml), where ``importlib.resources`` finds them
after any kind of install.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def data_dir(name: str) -> Traversable:
    packaged = files("app").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / name
