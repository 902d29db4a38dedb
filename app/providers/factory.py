"""Chooses the provider from the settings: a model when a key or base URL is set, else offline.

Whatever runs, the service gets one provider: a model is always wrapped with the offline interviewer
as its fallback. Adding a provider is a module implementing ``Provider`` and one line here.
"""

from __future__ import annotations

import httpx

from app.config import Settings
from app.content import Content
from app.providers.base import Provider
from app.providers.fallback import FallbackProvider
from app.providers.offline import OfflineProvider
from app.providers.offline_judge import OfflineJudge
from app.providers.openai_provider import OpenAIProvider, build_client


def offline_provider(content: Content) -> OfflineProvider:
    return OfflineProvider(content, OfflineJudge())


def build_provider(
    settings: Settings,
    content: Content,
    *,
    primary: Provider | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> Provider:
    """``primary`` replaces the model the settings name (tests hand in scripted ones)."""
    offline = offline_provider(content)
    if primary is None and settings.llm_enabled:
        primary = OpenAIProvider(build_client(settings, http_client), settings, content)
    if primary is None or isinstance(primary, OfflineProvider):
        return offline
    return FallbackProvider(
        primary, offline, budget_s=settings.model_budget_seconds, scoring_budget_s=settings.scoring_budget_seconds
    )
