from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from app.config import Settings
from app.content import load_content
from app.main import create_app
from app.providers.openai_provider import OpenAIProvider, build_client
from tests.providers.fake_openai import BASE_URL, notes
from tests.utils.interviews import new_identity

NOTES_SCHEMA = "answer_notes"


@pytest.fixture
def llm_settings(make_settings) -> Settings:
    return make_settings(
        openai_base_url=BASE_URL,
        openai_api_key="sk-test",
        openai_model="test-model",
        openai_max_retries=0,
        openai_timeout=5,
    )


def make_provider(settings: Settings) -> OpenAIProvider:
    return OpenAIProvider(build_client(settings), settings, load_content(settings.prompts_dir))


@pytest.fixture
def llm() -> Iterator[respx.MockRouter]:
    """The fake model. Its notes on each answer go to the route named "notes" (matched first, empty notes
    unless a test sets others); every other request goes to the routes a test adds."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.get("/models", name="models").mock(return_value=httpx.Response(200, json={"object": "list", "data": []}))
        router.post("/chat/completions", name="notes", json__response_format__json_schema__name=NOTES_SCHEMA).mock(
            return_value=notes()
        )
        yield router


@pytest.fixture
def llm_client(llm_settings: Settings, llm: respx.MockRouter) -> Iterator[TestClient]:
    with TestClient(create_app(llm_settings, provider=make_provider(llm_settings))) as client:
        yield client


@pytest.fixture
def llm_auth(llm_client: TestClient) -> dict[str, str]:
    return new_identity(llm_client)[1]
