"""`mock-interview`: serve the app, browse questions, practise in the terminal, review transcripts.

The terminal interview runs on the same service as the HTTP API; known errors become one clean
line on stderr, unexpected ones keep their traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO, TypeVar

from pydantic import BaseModel

from app.bank.loader import BankError, load_bank
from app.bank.models import Category, LeadershipPrinciple, Level, QuestionType, Round
from app.bank.select import QuestionFilter, filter_questions
from app.config import Settings, get_settings
from app.errors import ServiceError, Unauthorized
from app.interviews import repo, service
from app.interviews.context import Context, build_context
from app.interviews.schemas import InterviewCreate, InterviewPublic
from app.interviews.streaming import Final
from app.interviews.transcript import render, scorecard_markdown
from app.interviews.views import question_public
from app.providers.base import Delta, Reset

SEND = "."
END = "/end"


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
    practice.set_defaults(level="L6")
    practice.add_argument("--seed", type=int, help="make the weighted pick reproducible")
    practice.add_argument("--resume", metavar="INTERVIEW_ID", help="continue an interview in progress")

    transcripts = sub.add_parser("transcripts", help="list your interviews, newest first")
    transcripts.add_argument("--limit", type=int, default=20)
    transcripts.add_argument("--json", action="store_true")

    transcript = sub.add_parser("transcript", help="print one interview as Markdown")
    transcript.add_argument("id")
    transcript.add_argument("--json", action="store_true")
    return parser


M = TypeVar("M", bound=BaseModel)


def _from_args(model: type[M], args: argparse.Namespace, **extra: object) -> M:
    values = {k: v for k, v in vars(args).items() if k in model.model_fields}
    return model.model_validate({**values, **extra})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, get_settings())
    except BankError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)  # fail fast, in one line
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


def _read_answer(stdin: TextIO, out: TextIO) -> str | None:
    """Lines until a lone '.', or end of input; None means the candidate wants to stop."""
    out.write(f"\nYou (finish with a line containing only '{SEND}'; '{END}' ends the interview):\n")
    out.flush()
    lines: list[str] = []
    for line in stdin:
        stripped = line.rstrip("\n")
        if stripped.strip() == SEND:
            break
        if stripped.strip() == END and not lines:
            return None
        lines.append(stripped)
    else:
        if not lines:
            return None
    return "\n".join(lines)


async def _practice(ctx: Context, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    owner = _owner(ctx)
    if args.resume:
        interview = await service.get(ctx, owner, args.resume)
    else:
        interview = await service.start(ctx, owner, _from_args(InterviewCreate, args, question_id=args.question))
    model = f" ({ctx.provider.model})" if ctx.provider.model else ""
    out.write(f"Interviewer: {ctx.provider.name}{model}\n")
    _intro(interview, out)
    while interview.status == "in_progress":
        answer = _read_answer(stdin, out)
        if answer is None:
            interview = await service.end(ctx, owner, interview.id)
            out.write("\nInterview ended.\n")
            break
        if not answer.strip():
            out.write("(empty answer not sent)\n")
            continue
        out.write("\nInterviewer: ")
        async for event in await service.answer(ctx, owner, interview.id, answer):
            if isinstance(event, Delta):
                out.write(event.text)
            elif isinstance(event, Reset):
                out.write("\n(retrying offline) ")
            elif isinstance(event, Final):
                message = event.turn.message
                out.write("\n")
                if message.probe:
                    label = ctx.content.probes.label(message.probe).lower()
                    out.write(
                        f"  [follow-up {event.turn.depth} of {ctx.bounds.min_follow_ups}-"
                        f"{ctx.bounds.max_follow_ups}, probing {label}: {message.reason}]\n"
                    )
            out.flush()
        interview = await service.get(ctx, owner, interview.id)
    if interview.scorecard:
        out.write("\n" + "\n".join(scorecard_markdown(interview.scorecard)))
    out.write(f"\nTranscript: mock-interview transcript {interview.id}\n")
    return 0


def _intro(interview: InterviewPublic, out: TextIO) -> None:
    q = interview.question
    out.write(f"\nInterview {interview.id} ({interview.level}, {q.category.value.replace('_', ' ')})\n")
    if q.context:
        out.write(f"Context: {q.context}\n")
    if q.duration:
        out.write(f"Suggested duration: {q.duration.text}\n")
    out.write("Ctrl-C stops at any time; everything you sent is kept and the interview can be resumed.\n\n")
    for message in interview.messages:
        who = "Interviewer" if message.role == "interviewer" else "You"
        _say(out, f"{who}: {message.text}")


def _stop(_signum: int, _frame: object) -> None:
    """Ctrl-C stops the practice wherever it is. ``asyncio.run``'s own handler only cancels the main task, which
    a blocking read of the next answer does not notice: the prompt stayed, and when input then ended, the
    interview was ended with it."""
    raise KeyboardInterrupt


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    previous = signal.signal(signal.SIGINT, _stop)
    try:
        return asyncio.run(_practice(ctx, args, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        print(
            "\nStopped. Everything you sent is saved; `mock-interview transcripts` shows the interview id, "
            "and `mock-interview practice --resume ID` continues it.",
            file=sys.stderr,
        )
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_transcripts(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    page = asyncio.run(service.list_(ctx, _owner(ctx), max(1, min(args.limit, 100)), 0))
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
    interview = asyncio.run(service.get(ctx, _owner(ctx), args.id))
    text = interview.model_dump_json(indent=2) + "\n" if args.json else render(interview, ctx.content.probes)
    print(text, end="")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "questions": cmd_questions,
    "question": cmd_question,
    "practice": cmd_practice,
    "transcripts": cmd_transcripts,
    "transcript": cmd_transcript,
}

if __name__ == "__main__":
    sys.exit(main())
