"""One settings object, read from the environment and `.env`; nothing else reads os.environ."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path.home() / ".local" / "share" / "mock-interview" / "interviews.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="", description="Any SQLAlchemy URL; empty means the SQLite file at DB_PATH.")
    db_path: Path = Field(default=DEFAULT_DB_PATH, description="SQLite file used when DATABASE_URL is empty.")
    question_bank_dir: Path | None = Field(default=None, description="Your own YAML questions, added to the bank.")
    question_bank_replace: bool = Field(default=False, description="Use only QUESTION_BANK_DIR, not the built-in bank.")
    prompts_dir: Path | None = Field(default=None, description="A folder of prompt files replacing the built-in ones.")

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout: float = Field(default=30.0, gt=0, le=600)
    openai_max_retries: int = Field(default=2, ge=0, le=10)
    openai_temperature: float = Field(default=0.4, ge=0, le=2)
    turn_budget_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds a turn waits for the model in all, retries included, before the offline phrasing is used.",
    )
    scoring_budget_seconds: float = Field(
        default=120.0, gt=0, le=3600, description="Seconds the model judge may take before the offline scorer is used."
    )
    openai_json_schema: bool = Field(
        default=True, description="Ask for the JSON-schema response format; off for servers that only know JSON mode."
    )

    min_follow_ups: int = Field(default=3, ge=3, le=5)
    max_follow_ups: int = Field(default=5, ge=3, le=5)
    max_answer_chars: int = Field(default=20_000, ge=100, le=1_000_000)
    max_notes_chars: int = Field(
        default=10_000, ge=100, le=1_000_000, description="Longest design notes sent with an answer."
    )
    max_body_bytes: int = Field(default=1_000_000, ge=10_000)
    max_interviews_per_token: int = Field(default=1_000, ge=1)
    max_stories_per_token: int = Field(default=500, ge=1)
    rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Requests a minute to /api per token (per address without one); 0: none."
    )
    token_creation_per_hour: int = Field(default=30, ge=0, description="New tokens an hour per address; 0: none.")
    turn_lease_seconds: float = Field(
        default=0.0,
        ge=0,
        description="Seconds a turn may run before another process may finish it; 0 derives it from the timeout.",
    )
    sweep_seconds: float = Field(
        default=10.0, gt=0, le=3600, description="How often each process looks for turns a crashed process left."
    )
    redis_url: str | None = Field(
        default=None, description="Share request and token-creation limits between processes through Redis."
    )
    log_level: str = "INFO"
    sqlite_synchronous: Literal["NORMAL", "FULL"] = Field(
        default="NORMAL",
        description="NORMAL: a commit survives the process crashing, not the OS; FULL: fsync on every commit.",
    )
    db_threads: int = Field(
        default=0, ge=0, le=64, description="Worker threads for database work; 0: 1 for SQLite, 10 otherwise."
    )
    cli_token: str | None = Field(
        default=None, alias="MOCK_INTERVIEW_TOKEN", description="Use this identity (e.g. the browser's) in the CLI."
    )
    cli_token_file_path: Path | None = Field(default=None, alias="CLI_TOKEN_FILE")

    @field_validator("openai_base_url", "openai_api_key", "redis_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _depth_bounds(self) -> Settings:
        if self.min_follow_ups > self.max_follow_ups:
            raise ValueError("MIN_FOLLOW_UPS must not exceed MAX_FOLLOW_UPS")
        return self

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def sqlalchemy_url(self) -> str:
        """Normalise URLs people paste (postgres://, postgresql://) to the psycopg 3 driver."""
        url = self.database_url.strip()
        if not url:
            return f"sqlite:///{self.db_path}"
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def cli_token_file(self) -> Path:
        """Beside the SQLite file by default, so each database has its own terminal identity."""
        return self.cli_token_file_path or self.db_path.parent / "cli-token"

    @property
    def db_thread_count(self) -> int:
        if self.db_threads:
            return self.db_threads
        return 1 if self.sqlalchemy_url.startswith("sqlite") else 10

    @property
    def model_budget_seconds(self) -> float:
        """How long a follow-up may wait for the model, retries included, before the offline phrasing is used."""
        return min(self.turn_budget_seconds, self.openai_timeout * (self.openai_max_retries + 1))

    @property
    def lease_seconds(self) -> float:
        """How long a turn may run before another process may finish it: past the model's budgets (the
        closing turn phrases, then judges)."""
        if self.turn_lease_seconds:
            return self.turn_lease_seconds
        if not self.llm_enabled:
            return 30.0  # the built-in interviewer answers in milliseconds
        return self.model_budget_seconds + self.scoring_budget_seconds + 30.0


@lru_cache
def get_settings() -> Settings:
    return Settings()


def describe_settings_error(exc: ValidationError) -> str:
    """Settings that cannot be used, as one line naming each variable, what it holds and the fix."""
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        if not loc:
            problems.append(error["msg"].removeprefix("Value error, "))
            continue
        field = Settings.model_fields.get(str(loc[0]))
        name = (field.alias if field and field.alias else str(loc[0])).upper()
        problems.append(f"{name}={error['input']!r}: {error['msg']}")
    return "; ".join(problems) + " (fix it in the environment or in .env)"
