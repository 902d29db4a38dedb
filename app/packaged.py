"""Where the data folders are: inside the installed package, or at the top of a source checkout.

``question_bank/`` and ``prompts/`` stay at the top of the repository, where people edit them; the
wheel carries them inside ``app/`` (see pyproject.toml), where ``importlib.resources`` finds them
after any kind of install.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

# PyYAML's libyaml binding when the wheel has it (every common platform): the bank and prompts are
# read at every start, and the pure-Python parser spends most of a start-up on them.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_dir(name: str) -> Traversable:
    packaged = files("app").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / name


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with the C parser where there is one: the same documents, the same errors."""
    return yaml.load(text, Loader=_LOADER)
