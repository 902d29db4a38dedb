"""Chooses the provider from the settings: the LLM when a key or base URL is set, else offline."""

from __future__ import annotations

import httpx

from app.config import Settings
from app.prompts import Prompts
from app.providers.base import Provider
from app.providers.offline import OfflineProvider


def build_provider(
    settings: Settings, prompts: Prompts, offline: OfflineProvider, http_client: httpx.AsyncClient | None = None
) -> Provider:
    if not settings.llm_enabled:
        return offline
    from app.providers.openai_provider import OpenAIProvider, build_client

    return OpenAIProvider(build_client(settings, http_client), settings, prompts)
