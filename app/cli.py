"""`mock-interview`: serve the app, browse questions, practise in the terminal, review transcripts.

The terminal interview runs on the same service as the HTTP API; known errors become one clean
line on stderr, unexpected ones keep their traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import textwrap
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from pydantic import BaseModel, ValidationError
from rich.console import Console

from app.bank.loader import BankError, load_bank
from app.bank.models import Category, LeadershipPrinciple, Level, QuestionType, Round
from app.bank.select import QuestionFilter, filter_questions
from app.coaching import data_rights, loops, progress, stories
from app.coaching.markdown import debrief_markdown, stories_markdown, story_markdown
from app.coaching.schemas import LoopCreate, LoopPublic, StoryCreate, StoryUpdate
from app.config import Settings, describe_settings_error, get_settings
from app.domain.debrief import DebriefData
from app.errors import ConfigError, InvalidInput, NotFound, ServiceError, StaleReply, Unauthorized
from app.interviews import repo, service
from app.interviews.context import Context, build_context
from app.interviews.schemas import InterviewCreate, InterviewPublic, MessagePublic, PhasePublic
from app.interviews.streaming import Final
from app.interviews.transcript import render
from app.interviews.views import question_public
from app.providers.base import Delta, Reset
from app.providers.reachability import check_model
from app.terminal import render_scorecard

SEND = "."
END = "/end"
EOF_ = object()
TOKEN_HINT = (
    "The terminal has an identity of its own: to reach an interview started in the browser, set "
    "MOCK_INTERVIEW_TOKEN to the browser's key (Past interviews > Your key)."
)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", choices=[c.value for c in Category])
    parser.add_argument("--level", choices=[lv.value for lv in Level])
    parser.add_argument("--leadership-principle", choices=[p.value for p in LeadershipPrinciple])
    parser.add_argument("--round", choices=[r.value for r in Round])
    parser.add_argument("--question-type", choices=[t.value for t in QuestionType])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mock-interview", description="Amazon L6/L7 mock interviewer.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web app and HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")

    questions = sub.add_parser("questions", help="list the question bank")
    _filters(questions)
    questions.add_argument("--json", action="store_true", help="machine-readable output")

    question = sub.add_parser("question", help="show one question in full")
    question.add_argument("id")
    question.add_argument("--json", action="store_true")

    practice = sub.add_parser("practice", help="run an interview in the terminal")
    practice.add_argument("--question", metavar="ID", help="a question id (see `mock-interview questions`)")
    _filters(practice)
    practice.add_argument("--seed", type=int, help="make the weighted pick reproducible")
    practice.add_argument("--resume", metavar="INTERVIEW_ID", help="continue an interview in progress")
    practice.add_argument(
        "--hints", action="store_true", help="show what each follow-up probes and why (off: like a real interview)"
    )
    practice.add_argument("--story", dest="story_id", metavar="STORY_ID", help="practise one of your stories")
    practice.add_argument("--again", metavar="INTERVIEW_ID", help="try a question again and see what changed")
    practice.add_argument("--next", action="store_true", help="the question that would help most now")

    sub.add_parser("key", help="print the terminal's identity key (to use in the browser)")

    transcripts = sub.add_parser("transcripts", help="list your interviews, newest first")
    transcripts.add_argument("--limit", type=int, default=20)
    transcripts.add_argument("--json", action="store_true")

    transcript = sub.add_parser("transcript", help="print one interview as Markdown")
    transcript.add_argument("id")
    transcript.add_argument("--json", action="store_true")
    _coaching_commands(sub)
    return parser


M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")


def _from_args(model: type[M], args: argparse.Namespace, **extra: object) -> M:
    values = {k: v for k, v in vars(args).items() if k in model.model_fields}
    return model.model_validate({**values, **extra})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        print(f"error: {describe_settings_error(exc)}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args, settings)
    except (BankError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NotFound as exc:
        hint = "" if settings.cli_token or "interview" not in exc.message else f". {TOKEN_HINT}"
        print(f"error: {exc.message}{hint}", file=sys.stderr)
        return 1
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    ready = build_context(settings)  # a broken bank, data file or database stops here, in one line
    asyncio.run(_closing(ready, asyncio.sleep(0)))
    uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port, reload=args.reload)
    return 0


def cmd_questions(args: argparse.Namespace, settings: Settings) -> int:
    bank = load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)
    found = filter_questions(bank, _from_args(QuestionFilter, args))
    if args.json:
        public = [question_public(bank, q).model_dump(mode="json") for q in found]
        print(json.dumps(public, indent=2, ensure_ascii=False))
        return 0
    rows = [(q.id, "/".join(q.levels), q.category.value, q.text) for q in found]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("ID", "LEVELS", "CATEGORY"))]
    print(f"{'ID':<{widths[0]}}  {'LEVELS':<{widths[1]}}  {'CATEGORY':<{widths[2]}}  QUESTION")
    for qid, levels, category, text in rows:
        print(f"{qid:<{widths[0]}}  {levels:<{widths[1]}}  {category:<{widths[2]}}  {text}")
    print(f"\n{len(rows)} question(s)")
    return 0


def cmd_question(args: argparse.Namespace, settings: Settings) -> int:
    bank = load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)
    question = bank.questions.get(args.id)
    if question is None:
        print(f"error: no question with id {args.id!r}; `mock-interview questions` lists them", file=sys.stderr)
        return 1
    if args.json:
        print(question_public(bank, question).model_dump_json(indent=2))
        return 0
    print(question.text)
    for label, value in (("Context", question.context), ("Duration", question.duration and question.duration.text)):
        if value:
            print(f"  {label}: {value}")
    for follow_up in question.follow_ups:
        print(f"  [{follow_up.heading}] {follow_up.text}")
    return 0


def _owner(ctx: Context) -> int:
    """The terminal's identity: MOCK_INTERVIEW_TOKEN if set (e.g. the browser's), else one kept beside the data."""
    engine = ctx.db.engine
    raw = ctx.settings.cli_token
    if raw:
        return repo.token_id(engine, raw)
    path = ctx.settings.cli_token_file
    if path.exists():
        try:
            return repo.token_id(engine, path.read_text().strip())
        except Unauthorized:
            pass  # a new database: issue a new identity below
    raw = repo.create_token(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(raw)
    path.chmod(0o600)
    return repo.token_id(engine, raw)


def _say(out: TextIO, text: str) -> None:
    out.write(textwrap.fill(text, width=100, replace_whitespace=False) + "\n")


def _read_answer(stdin: TextIO, out: TextIO) -> str | object | None:
    """Lines until a lone '.'; None when the candidate typed '/end', EOF_ when input ended with nothing typed."""
    out.write(f"\nYou (finish with a line containing only '{SEND}'; '{END}' ends the interview):\n")
    out.flush()
    lines: list[str] = []
    while line := stdin.readline():
        stripped = line.rstrip("\n")
        if stripped.strip() == SEND:
            return "\n".join(lines)
        if stripped.strip() == END and not lines:
            return None
        lines.append(stripped)
    return "\n".join(lines) if lines else EOF_


def _confirm_end(stdin: TextIO, out: TextIO) -> bool:
    """Ctrl-D at an empty prompt: ending scores the interview for good, so it is asked first."""
    out.write("\nEnd the interview and score it now? You cannot answer afterwards. [y/N] ")
    out.flush()
    return stdin.readline().strip().lower() in ("y", "yes")


def _keep_draft(settings: Settings, interview_id: str, text: str) -> Path:
    path = settings.db_path.parent / "drafts" / f"{interview_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _log_file(settings: Settings) -> Path:
    return settings.db_path.parent / "mock-interview.log"


def _log_to_file(settings: Settings) -> None:
    """Warnings (a failing model) go to a file: printed, they would land inside the interviewer's words."""
    path = _log_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())


async def _practice(ctx: Context, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    owner = _owner(ctx)
    interview = await _begin(ctx, owner, args, out)
    model = f" ({ctx.provider.model})" if ctx.provider.model else " (built-in, no AI model)"
    out.write(f"Interviewer: {ctx.provider.name}{model}\n")
    if not (check := await check_model(ctx.settings)).ok:
        out.write(f"Note: {check.detail}.\nThe built-in interviewer asks the follow-ups until the model answers.\n")
    _intro(interview, out)
    while interview.status == "in_progress":
        answer = _read_answer(stdin, out)
        if answer is EOF_:
            if not stdin.isatty():
                out.write(
                    f"\nInput ended; the interview stays in progress. Continue it with: mock-interview practice "
                    f"--resume {interview.id}\n"
                )
                return 0
            if not _confirm_end(stdin, out):
                continue
            answer = None
        if answer is None:
            interview = await service.end(ctx, owner, interview.id)
            out.write("\nInterview ended.\n")
            break
        assert isinstance(answer, str)
        if not answer.strip():
            out.write("(empty answer not sent)\n")
            continue
        interview = await _turn(ctx, owner, interview, answer, args.hints, out)
    if interview.scorecard:
        out.write("\n")
        out.flush()
        render_scorecard(interview.scorecard, Console(file=out, soft_wrap=False))
        await _changes_since_last_time(ctx, owner, interview.id, out)
    out.write(f"\nTranscript: mock-interview transcript {interview.id}\n")
    return 0


async def _turn(
    ctx: Context, owner: int, interview: InterviewPublic, answer: str, hints: bool, out: TextIO
) -> InterviewPublic:
    """Send one answer and print the reply. An answer that cannot be sent (over the limit, or to a question
    that moved on) is kept in a file and the interview goes on."""
    asked = max(m.seq for m in interview.messages if m.role == "interviewer")
    try:
        events = await service.answer(ctx, owner, interview.id, answer, reply_to=asked)
    except InvalidInput as exc:
        path = _keep_draft(ctx.settings, interview.id, answer)
        out.write(f"\nNot sent: {exc.message}\nYour answer is kept in {path}; edit it and paste it again.\n")
        if isinstance(exc, StaleReply):
            interview = await service.get(ctx, owner, interview.id)
            _say(out, f"Interviewer: {interview.messages[-1].text}")
        return interview
    out.write("\nInterviewer: ")
    async for event in events:
        if isinstance(event, Delta):
            out.write(event.text)
        elif isinstance(event, Reset):
            out.write("\n(the AI interviewer stopped mid-reply; here is a prepared follow-up instead)\n")
        elif isinstance(event, Final):
            out.write("\n")
            _notes(ctx, event.turn.message, event.turn.answer, event.turn.depth, hints, interview.phases, out)
        out.flush()
    return await service.get(ctx, owner, interview.id)


def _notes(
    ctx: Context,
    message: MessagePublic,
    answer: MessagePublic | None,
    depth: int,
    hints: bool,
    phases: Sequence[PhasePublic],
    out: TextIO,
) -> None:
    """What the candidate should know about the turn, under the interviewer's words, never inside them."""
    phase = next((p for p in phases if p.id == message.phase), None)
    if phase is not None or message.probe:
        if phase is not None:
            where = f"{phase.label}, about {phase.minutes} min"
        else:
            where = f"follow-up {depth} of {ctx.bounds.min_follow_ups}-{ctx.bounds.max_follow_ups}"
        if hints and message.probe:
            label = ctx.content.probes.label(message.probe).lower()
            where += f", probing {label}: {message.reason}"
        out.write(f"  [{where}]\n")
    if message.fallback:
        out.write(
            "  [the AI interviewer was not available in time, so this follow-up is a prepared one; "
            f"details in {_log_file(ctx.settings)}]\n"
        )
    for notice in answer.notices if answer else []:
        _say(out, f"  Note: {notice}")


def _intro(interview: InterviewPublic, out: TextIO) -> None:
    q = interview.question
    out.write(f"\nInterview {interview.id} ({interview.level}, {q.category.value.replace('_', ' ')})\n")
    if q.context:
        out.write(f"Context: {q.context}\n")
    if q.duration:
        out.write(f"Suggested duration: {q.duration.text}\n")
    if interview.phases:
        plan = " -> ".join(f"{p.label} ({p.minutes} min)" for p in interview.phases)
        out.write(f'Phases: {plan}\nSay "let\'s move on" to end a phase; ask the interviewer anything you need.\n')
    _say(
        out,
        "Ctrl-C stops at any time; everything you sent is kept and the interview can be resumed. Ctrl-D at an "
        "empty prompt asks before ending and scoring it.\n",
    )
    for message in interview.messages:
        who = "Interviewer" if message.role == "interviewer" else "You"
        _say(out, f"{who}: {message.text}")


def _stop(_signum: int, _frame: object) -> None:
    """Ctrl-C stops the practice wherever it is. ``asyncio.run``'s own handler only cancels the main task, which
    a blocking read of the next answer does not notice: the prompt stayed, and when input then ended, the
    interview was ended with it."""
    raise KeyboardInterrupt


async def _closing(ctx: Context, work: Coroutine[Any, Any, R]) -> R:
    """Run ``work``, then release the model client and the database, even on Ctrl-C: no client is left open."""
    try:
        return await work
    finally:
        await ctx.provider.aclose()
        ctx.db.close()


def _interactive(ctx: Context, session: Coroutine[Any, Any, int], stopped: str) -> int:
    """Run a terminal session that Ctrl-C stops at once, with ``stopped`` said on the way out."""
    previous = signal.signal(signal.SIGINT, _stop)
    try:
        return asyncio.run(_closing(ctx, session))
    except KeyboardInterrupt:
        print(f"\nStopped. {stopped}", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    _log_to_file(settings)
    ctx = build_context(settings)
    return _interactive(
        ctx,
        _practice(ctx, args, sys.stdin, sys.stdout),
        "Everything you sent is saved; `mock-interview transcripts` shows the interview id, "
        "and `mock-interview practice --resume ID` continues it.",
    )


def cmd_transcripts(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    page = asyncio.run(_closing(ctx, service.list_(ctx, _owner(ctx), max(1, min(args.limit, 100)), 0)))
    if args.json:
        print(page.model_dump_json(indent=2))
        return 0
    if not page.data:
        print("No interviews yet: start one with `mock-interview practice`.")
        return 0
    for item in page.data:
        when = item.created_at.strftime("%Y-%m-%d %H:%M")
        verdict = item.recommendation or "-"
        print(f"{item.id}  {when}  {item.level}  {item.status:<11}  {verdict:<14}  {item.question_text}")
    return 0


def cmd_transcript(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    interview = asyncio.run(_closing(ctx, service.get(ctx, _owner(ctx), args.id)))
    text = interview.model_dump_json(indent=2) + "\n" if args.json else render(interview, ctx.content.probes)
    print(text, end="")
    return 0


def cmd_key(_args: argparse.Namespace, settings: Settings) -> int:
    """The terminal's key: paste it into the browser (Past interviews > Your key) to see these interviews there."""
    ctx = build_context(settings)
    try:
        _owner(ctx)
        print(settings.cli_token or settings.cli_token_file.read_text().strip())
    finally:
        ctx.db.close()
    print(
        "Keep it private: it opens every interview of this identity. In the browser: Past interviews > Your key.",
        file=sys.stderr,
    )
    return 0


# ---------------------------------------------------------------- loops, progress, stories and your data


def _coaching_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    loop_p = sub.add_parser("loop", help="practise a whole loop, round by round (resumable)")
    loop_p.add_argument("--level", choices=[lv.value for lv in Level], default="L6")
    loop_p.add_argument("--new", action="store_true", help="start a new loop even when one is in progress")
    loop_p.add_argument("--resume", metavar="LOOP_ID", help="continue this loop")
    loop_p.add_argument("--seed", type=int, help="make the choice of questions reproducible")

    loops_p = sub.add_parser("loops", help="list your loops, newest first")
    loops_p.add_argument("--json", action="store_true")

    debrief_p = sub.add_parser("debrief", help="print a loop's debrief as Markdown")
    debrief_p.add_argument("id", metavar="LOOP_ID")
    debrief_p.add_argument("--end", action="store_true", help="end the loop early first")
    debrief_p.add_argument("--json", action="store_true")

    progress_p = sub.add_parser("progress", help="your scores across attempts, and what to practise next")
    progress_p.add_argument("--level", choices=[lv.value for lv in Level])
    progress_p.add_argument("--json", action="store_true")

    stories_p = sub.add_parser("stories", help="your story bank and the principles it covers")
    stories_p.add_argument("--json", action="store_true")

    story_p = sub.add_parser("story", help="add, save, show, edit or delete a story")
    actions = story_p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a story written out (the text from --text or standard input)")
    save = actions.add_parser("save", help="an interview's answers (or one, --seq) saved as a story")
    save.add_argument("interview_id", metavar="INTERVIEW_ID")
    save.add_argument("--seq", type=int, help="only this answer (its seq in the transcript)")
    edit = actions.add_parser("edit", help="change the fields given")
    for parser in (add, save, edit):
        parser.add_argument("--title")
        parser.add_argument("--text")
        parser.add_argument(
            "--principle", dest="principles", action="append", choices=[p.value for p in LeadershipPrinciple]
        )
        parser.add_argument("--number", dest="numbers", action="append", help="a metric the story gives (repeatable)")
    for name in ("show", "delete"):
        actions.add_parser(name).add_argument("id", metavar="STORY_ID")
    edit.add_argument("id", metavar="STORY_ID")

    export_p = sub.add_parser("export", help="all your interviews, loops and stories as one archive")
    export_p.add_argument("--format", choices=["json", "md"], default="json")
    export_p.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    forget = sub.add_parser("delete-all", help="delete all your interviews, loops and stories")
    forget.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")


async def _begin(ctx: Context, owner: int, args: argparse.Namespace, out: TextIO) -> InterviewPublic:
    """The interview a practice runs: resumed, tried again, the suggested next one, or a new pick."""
    if args.resume:
        return await service.get(ctx, owner, args.resume)
    if getattr(args, "again", None):
        return await progress.retry(ctx, owner, args.again)
    question_id = args.question
    if getattr(args, "next", False):
        up = (await progress.progress(ctx, owner, Level(args.level or Level.L6))).practise_next
        if up is None:
            raise NotFound(f"no question to suggest at {args.level}")
        out.write(f"Practise next: {up.reason}\n")
        question_id = up.question_id
    question = ctx.bank.questions.get(question_id) if question_id else None
    level = args.level or (question.levels[0] if question else Level.L6)
    return await service.start(ctx, owner, _from_args(InterviewCreate, args, question_id=question_id, level=level))


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+g}"


async def _changes_since_last_time(ctx: Context, owner: int, interview_id: str, out: TextIO) -> None:
    try:
        change = await progress.comparison(ctx, owner, interview_id)
    except NotFound:
        return
    out.write(
        f"\nAgainst your previous attempt at this question: {change.recommendation_before or '-'} -> "
        f"{change.recommendation_after or '-'} (overall {_signed(change.overall_change)})\n"
    )
    for d in (d for d in change.dimensions if d.before is not None or d.after is not None):
        before = "-" if d.before is None else d.before
        after = "-" if d.after is None else d.after
        out.write(f"  {d.name}: {before} -> {after} ({_signed(d.change)})\n")


class _Feed:
    """Standard input that remembers it ran out, so a loop stops at the end of input instead of going on to
    end every round left."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.ended = False

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readline(self) -> str:
        line = self._stream.readline()
        self.ended = self.ended or not line
        return line

    def isatty(self) -> bool:
        return self._stream.isatty()


async def _loop_to_take(ctx: Context, owner: int, args: argparse.Namespace, out: TextIO) -> LoopPublic:
    if args.resume:
        return await loops.get(ctx, owner, args.resume)
    if not args.new:
        page = await loops.list_(ctx, owner, 100, 0)
        current = next((lp for lp in page.data if lp.status == "in_progress" and lp.level == args.level), None)
        if current is not None:
            out.write(
                f"Resuming loop {current.id} ({current.rounds_done} of {len(current.rounds)} rounds done); "
                "`--new` starts another.\n"
            )
            return current
    loop = await loops.create(ctx, owner, LoopCreate(level=args.level, seed=args.seed))
    out.write(f"New {loop.level} loop {loop.id}: " + ", ".join(r.name for r in loop.rounds) + ".\n")
    return loop


async def _loop(ctx: Context, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    owner = _owner(ctx)
    loop = await _loop_to_take(ctx, owner, args, out)
    feed = _Feed(stdin)
    while loop.next_interview:
        taking = next(r for r in loop.rounds if loop.next_interview in r.interviews)
        out.write(f"\n=== {taking.name}: round {taking.position + 1} of {len(loop.rounds)} ===\n")
        if taking.focus:
            out.write("Focus: " + "; ".join(taking.focus) + "\n")
        await _practice(ctx, argparse.Namespace(resume=loop.next_interview, hints=False), feed, out)  # type: ignore[arg-type]
        loop = await loops.get(ctx, owner, loop.id)
        if feed.ended and loop.next_interview:
            out.write(f"\nInput ended; the loop is saved. `mock-interview loop --resume {loop.id}` continues it.\n")
            return 0
    debrief = await loops.write_debrief(ctx, owner, loop.id)
    out.write("\n" + debrief_markdown(loop, debrief))
    return 0


def cmd_loop(args: argparse.Namespace, settings: Settings) -> int:
    _log_to_file(settings)
    ctx = build_context(settings)
    return _interactive(
        ctx,
        _loop(ctx, args, sys.stdin, sys.stdout),
        "Everything you sent is saved; `mock-interview loops` shows the loop id, "
        "and `mock-interview loop --resume ID` continues it.",
    )


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def cmd_loops(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    page = asyncio.run(loops.list_(ctx, _owner(ctx), 100, 0))
    if args.json:
        print(page.model_dump_json(indent=2))
    elif not page.data:
        print("No loops yet: start one with `mock-interview loop --level L6`.")
    else:
        rows = [
            (lp.id, lp.created_at.strftime("%Y-%m-%d %H:%M"), lp.level, lp.status, f"{lp.rounds_done}/{len(lp.rounds)}")
            for lp in page.data
        ]
        print(_table(("LOOP", "STARTED", "LEVEL", "STATUS", "ROUNDS"), rows), end="")
    return 0


def cmd_debrief(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    owner = _owner(ctx)

    async def show() -> tuple[LoopPublic, DebriefData]:
        if args.end:
            await loops.end(ctx, owner, args.id)
        return await loops.get(ctx, owner, args.id), await loops.debrief(ctx, owner, args.id)

    loop, debrief = asyncio.run(show())
    print(
        debrief.model_dump_json(indent=2) if args.json else debrief_markdown(loop, debrief),
        end="\n" if args.json else "",
    )
    return 0


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    level = Level(args.level) if args.level else None
    data = asyncio.run(progress.progress(ctx, _owner(ctx), level))
    if args.json:
        print(data.model_dump_json(indent=2))
        return 0
    print(f"Progress at {data.level} ({data.interviews} scored interview(s))\n")
    practised = [s for s in data.principles if s.points]
    if practised:
        rows = [
            (s.name, s.latest, _signed(s.change), s.trend, " ".join(str(p.score) for p in s.points)) for s in practised
        ]
        print(_table(("PRINCIPLE", "LATEST", "CHANGE", "TREND", "SCORES (OLDEST FIRST)"), rows))
    print("Not practised yet: " + (", ".join(p.name for p in data.unpractised) or "none") + "\n")
    types = [
        (t.name, f"{t.frequency}%", t.attempts, t.latest_recommendation or "-", t.mean_overall or "-")
        for t in data.question_types
    ]
    print(_table(("QUESTION TYPE", f"ASKED AT {data.level}", "ATTEMPTS", "LATEST", "MEAN OVERALL"), types))
    if data.practise_next:
        up = data.practise_next
        print(
            f"Practise next: {up.question_text}\n  {up.reason}\n  mock-interview practice --next --level {data.level}"
        )
    return 0


def _principle_names(ctx: Context) -> dict[str, str]:
    return {p.id.value: p.name for p in ctx.bank.framework.leadership_principles}


def cmd_stories(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    bank = asyncio.run(stories.list_(ctx, _owner(ctx)))
    print(bank.model_dump_json(indent=2) if args.json else stories_markdown(bank, _principle_names(ctx)), end="")
    return 0


def cmd_story(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    owner = _owner(ctx)
    fields = {k: getattr(args, k, None) for k in ("title", "text", "principles", "numbers")}
    if args.action == "add" and fields["text"] is None:
        if sys.stdin.isatty():
            print("Type or paste the story, then press Ctrl-D on a line of its own.", file=sys.stderr)
        fields["text"] = sys.stdin.read()
    if args.action in ("add", "save"):
        extra = {"interview_id": args.interview_id, "seq": args.seq} if args.action == "save" else {}
        story = asyncio.run(stories.create(ctx, owner, StoryCreate.model_validate({**fields, **extra})))
    elif args.action == "edit":
        changes = StoryUpdate.model_validate({k: v for k, v in fields.items() if v is not None})
        story = asyncio.run(stories.update(ctx, owner, args.id, changes))
    elif args.action == "delete":
        asyncio.run(stories.delete(ctx, owner, args.id))
        print(f"Deleted story {args.id}.")
        return 0
    else:
        story = asyncio.run(stories.get(ctx, owner, args.id))
    print(f"Story {story.id}\n")
    print("\n".join(story_markdown(story, _principle_names(ctx))))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    owner = _owner(ctx)
    if args.format == "md":
        text = asyncio.run(data_rights.export_md(ctx, owner))
    else:
        text = asyncio.run(data_rights.export(ctx, owner)).model_dump_json(indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        print(text, end="")
    return 0


def cmd_delete_all(args: argparse.Namespace, settings: Settings) -> int:
    if not args.yes:
        print(
            "error: this deletes all your interviews, loops and stories for good; add --yes to confirm", file=sys.stderr
        )
        return 2
    ctx = build_context(settings)
    deleted = asyncio.run(data_rights.delete_all(ctx, _owner(ctx)))
    print(f"Deleted {deleted.interviews} interview(s), {deleted.loops} loop(s) and {deleted.stories} story(ies).")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "questions": cmd_questions,
    "question": cmd_question,
    "practice": cmd_practice,
    "transcripts": cmd_transcripts,
    "transcript": cmd_transcript,
    "key": cmd_key,
    "loop": cmd_loop,
    "loops": cmd_loops,
    "debrief": cmd_debrief,
    "progress": cmd_progress,
    "stories": cmd_stories,
    "story": cmd_story,
    "export": cmd_export,
    "delete-all": cmd_delete_all,
}

if __name__ == "__main__":
    sys.exit(main())
