"""Everything a request needs, built once from the settings: bank, database, prompts, providers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from sqlalchemy.engine import Engine

from app.bank.loader import Bank, load_bank
from app.config import Settings
from app.planner import Bounds
from app.prompts import Prompts
from app.providers.base import Provider
from app.providers.factory import build_provider
from app.providers.offline import OfflineProvider
from app.scoring.offline import OfflineJudge
from app.store.db import make_engine, migrate


@dataclass
class Runtime:
    settings: Settings
    bank: Bank
    engine: Engine
    prompts: Prompts
    provider: Provider
    offline: OfflineProvider
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    @property
    def bounds(self) -> Bounds:
        return Bounds(self.settings.min_follow_ups, self.settings.max_follow_ups)

    @cached_property
    def scoring_spec(self) -> dict[str, Any]:
        return yaml.safe_load((self.prompts.directory / "scoring.yaml").read_text(encoding="utf-8"))


def build_runtime(settings: Settings, provider: Provider | None = None) -> Runtime:
    """Load and validate everything up front, so a broken bank or database stops start-up, not a request."""
    bank = load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)
    engine = make_engine(settings.sqlalchemy_url)
    migrate(engine)
    prompts = Prompts(settings.prompts_dir)
    offline = OfflineProvider(prompts, OfflineJudge(bank.framework))
    return Runtime(
        settings=settings,
        bank=bank,
        engine=engine,
        prompts=prompts,
        provider=provider or build_provider(settings, prompts, offline),
        offline=offline,
    )
