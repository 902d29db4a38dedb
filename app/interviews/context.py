"""What the service needs to run interviews, built once from the settings and validated up front, so a
broken bank, data file or database stops start-up, not a request."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.bank.loader import Bank, load_bank
from app.config import Settings
from app.content import Content, ContentError, load_content
from app.domain.dialogue import Bounds
from app.errors import ConfigError
from app.interviews.language import rules as language_rules
from app.interviews.streaming import TurnTasks
from app.planner import GENERIC_PROBES
from app.practice.spec import Practice, load_practice
from app.providers.base import Provider
from app.providers.factory import build_provider
from app.providers.reachability import ModelCheck
from app.reading.reader import Reader
from app.store.db import Database, make_engine, migrate


@dataclass
class Context:
    settings: Settings
    bank: Bank
    content: Content
    db: Database
    provider: Provider
    reader: Reader
    practice: Practice
    turns: TurnTasks = field(default_factory=TurnTasks)
    owners: dict[str, int] = field(default_factory=dict)
    model_check: tuple[float, ModelCheck] | None = None
    """When the model endpoint was last checked (time.monotonic()), and what was found."""

    @property
    def bounds(self) -> Bounds:
        return Bounds(self.settings.min_follow_ups, self.settings.max_follow_ups)

    async def aclose(self) -> None:
        """Let turns still running (e.g. for a client that hung up) store their messages, then close."""
        await self.turns.wait(self.settings.lease_seconds)
        await self.provider.aclose()
        self.db.close()


def database_problem(settings: Settings, exc: Exception) -> str:
    """One line naming the setting, what went wrong and the fix; never the password."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if settings.database_url.strip():
        shown = make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)
        return (
            f"DATABASE_URL={shown}: cannot use the database ({reason}); start the database server or fix "
            "DATABASE_URL (leave it empty to use the SQLite file at DB_PATH)"
        )
    return f"DB_PATH={settings.db_path}: cannot open the SQLite file ({reason}); fix DB_PATH"


def build_context(settings: Settings, provider: Provider | None = None) -> Context:
    """``provider`` replaces the model the settings name; it still gets the offline fallback."""
    bank = load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)
    content = load_content(settings.prompts_dir)
    planned = [*GENERIC_PROBES, *sorted(content.design.probe_ids())]
    if missing := [p for p in planned if content.probes.get(p) is None]:
        raise ContentError(f"probes.yaml: field 'probes': no entry for the planner's probes {missing}")
    language_rules()  # a broken language.yaml stops start-up, not an answer
    try:
        engine = make_engine(settings.sqlalchemy_url, sqlite_synchronous=settings.sqlite_synchronous)
        migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise ConfigError(database_problem(settings, exc)) from exc
    return Context(
        settings=settings,
        bank=bank,
        content=content,
        db=Database(engine, settings.db_thread_count),
        provider=build_provider(settings, content, primary=provider),
        reader=Reader(content.lexicon),
        practice=load_practice(bank, settings.question_bank_dir, settings.prompts_dir),
    )
