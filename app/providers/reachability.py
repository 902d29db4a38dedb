"""Whether the model endpoint answers: for the readiness check and the warning at start-up.

Any HTTP answer from the server counts as reachable, except one refusing the key; a server without a
model list (404) still answers. The check makes one request, never retried, with a short timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import openai

from app.config import Settings
from app.providers.openai_provider import build_client, describe
from app.providers.transport import ModelUnreachable

CHECK_TIMEOUT_S = 5.0
ModelState = Literal["ok", "unreachable", "refused_key", "offline"]


@dataclass(frozen=True)
class ModelCheck:
    state: ModelState
    detail: str

    @property
    def ok(self) -> bool:
        return self.state in ("ok", "offline")


async def check_model(settings: Settings) -> ModelCheck:
    if not settings.llm_enabled:
        return ModelCheck("offline", "no model configured: the built-in interviewer and scorer are used")
    where = settings.openai_base_url or "the OpenAI API"
    timeout = min(settings.openai_timeout, CHECK_TIMEOUT_S)
    client = build_client(settings).with_options(max_retries=0, timeout=timeout)
    try:
        await client.models.list()
    except openai.APITimeoutError:
        return ModelCheck("unreachable", f"{where} did not answer within {timeout:g} s; check OPENAI_BASE_URL")
    except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
        return ModelCheck("refused_key", f"{where} refuses the key ({describe(exc)}); check OPENAI_API_KEY")
    except ModelUnreachable as exc:
        return ModelCheck("unreachable", str(exc))
    except openai.NotFoundError:
        pass
    except openai.OpenAIError as exc:
        return ModelCheck("unreachable", f"{where}: {describe(exc)}")
    finally:
        await client.close()
    return ModelCheck("ok", f"{where} answers")
