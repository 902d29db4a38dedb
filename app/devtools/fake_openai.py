"""A fake OpenAI-compatible model server: chat completions, streamed or not, with injected faults.

Run it in its own process: ``python -m app.devtools.fake_openai --port 8701 --ttft-ms 200 --tokens-per-s 50``
and point the service at it with ``OPENAI_BASE_URL=http://127.0.0.1:8701/v1``.

It is a raw ASGI app under uvicorn, so that its own cost stays small next to the service it measures.

- ``POST /v1/chat/completions``: ``stream: true`` answers in OpenAI's SSE chunk format (a role chunk,
  one chunk per word, a ``finish_reason`` chunk, a usage chunk when ``stream_options.include_usage``
  is set, then ``data: [DONE]``); otherwise one JSON completion. A request with ``response_format``
  is the judge (a ``scorecard`` schema, or JSON mode with a scorecard prompt: a valid scorecard whose
  dimension ids come from the schema's enum) or the notes on an answer (an ``answer_notes`` schema, or
  JSON mode otherwise: valid notes quoting the answer). A streamed reply stops when the client hangs up.
  Every response carries ``x-fake-model-ms`` (time spent in this server) and ``x-fake-request``.
- ``GET /stats`` (``?since=N&prompts=1&summary=1``): every request seen, with its timings on the
  machine-wide monotonic clock (``time.monotonic()``, comparable across processes on one machine),
  token counts, its ``kind`` (``follow_up``, ``notes``, ``judge`` or ``completion``), the fault applied,
  the ``(ref xxx)`` marker found in its last candidate answer (the load driver tags answers so it can
  match requests to turns), and the full prompt if recorded. ``in_flight_refs`` counts the distinct
  markers of the requests in flight: how many turns are waiting on this model at once.
- ``POST /control``: change the configuration below at run time (JSON object of fields).
- ``POST /reset``: forget the recorded requests and the in-flight peak.

Faults: ``error_rate`` (answered with one of ``error_statuses``, 429 and 500 by default),
``timeout_rate`` (no answer until the client gives up), ``cut_rate`` (the stream is cut off
halfway, the connection dropped without the final chunk), and ``script``: a list of actions the next
requests take in order, one each (``ok``, ``429``, ``500``, ``timeout``, ``cut``, ``stall`` = half the
stream then silence, ``garbage`` = a reply that is not JSON / not a question), which makes tests
deterministic; ``script_for`` limits it to some kinds of request (a turn asks for the notes on the
answer before its follow-up). ``hold: true`` parks every new request (of the kinds in ``hold_for``, if
set) until ``hold`` is set back to false.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import random
import re
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs

ACTIONS = ("ok", "429", "500", "timeout", "cut", "stall", "garbage")
KINDS = ("follow_up", "notes", "judge", "completion")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_REF = re.compile(r"\(ref ([a-z]+)\)")
_ANSWER = re.compile(r"<candidate_answer>\s*(.*?)\s*</candidate_answer>", re.DOTALL)
FOLLOW_UPS = (
    "What exactly did you personally decide there, and what would have happened if you had not stepped in?",
    "How did you know it had worked: which number moved, from what to what, and over what period of time?",
    "Which other options were on the table at that point, and what did the one you chose cost you?",
    "Looking back, what would you do differently if you met the same situation in your next role?",
    "Who disagreed with that direction at the time, and what did you do to bring them along with you?",
)


@lru_cache(maxsize=4096)
def count_tokens(text: str) -> int:
    """Approximate BPE tokens: one per word or punctuation mark, long words counted per 6 characters.

    Remembered: every turn resends the system prompt and the conversation so far, and counting them
    again was most of this server's CPU, taken from the two cores the service under test runs on.
    """
    return sum(max(1, math.ceil(len(piece) / 6)) for piece in _TOKEN.findall(text))


def prompt_tokens(messages: list[dict[str, Any]]) -> int:
    """OpenAI's chat framing costs about 4 tokens a message and 3 to prime the reply."""
    return 3 + sum(4 + count_tokens(_content(m)) for m in messages)


def _content(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):  # content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


@dataclass
class Config:
    ttft_ms: float = 50.0  # time to the first token; a non-streaming reply arrives whole after it
    tokens_per_s: float = 0.0  # pace after the first token (streamed or not); 0: every token at once
    stream_ms: float = 0.0  # > 0: a streamed reply's last token leaves this long after the request, the
    # tokens spread evenly after the first (instead of tokens_per_s), so a reply takes a set time
    json_ms: float = 0.0  # > 0: a non-streamed reply (notes, judge) arrives whole this long after the request
    error_rate: float = 0.0
    error_statuses: list[int] = field(default_factory=lambda: [429, 500])
    timeout_rate: float = 0.0
    cut_rate: float = 0.0
    hang_s: float = 600.0
    retry_after_ms: int = 10
    judge: str = "valid"  # "valid" or "invalid"
    notes: str = "valid"  # "valid" or "invalid": notes that are not notes leave the turn to the offline reading
    script: list[str] = field(default_factory=list)
    script_for: list[str] = field(default_factory=list)  # the request kinds the script applies to (all if empty)
    hold: bool = False
    hold_for: list[str] = field(default_factory=list)  # the request kinds ``hold`` parks (all if empty)
    record_prompts: bool = True
    seed: int = 0

    def update(self, values: dict[str, Any]) -> None:
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
        for name, value in values.items():
            setattr(self, name, value)
        bad = [a for a in self.script if a not in ACTIONS]
        if bad:
            raise ValueError(f"unknown script actions {bad}; known: {list(ACTIONS)}")
        if wrong := [k for k in (*self.script_for, *self.hold_for) if k not in KINDS]:
            raise ValueError(f"unknown request kinds {wrong}; known: {list(KINDS)}")


class CutStream(Exception):
    """Raised mid-response: uvicorn then drops the connection without finishing the body."""


class _QuietCuts(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.exc_info[0] is CutStream)


class FakeOpenAI:
    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.records: list[dict[str, Any]] = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self.rng = random.Random(self.config.seed)
        self._gate: asyncio.Event | None = None

    # --- plumbing -------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self._gate = asyncio.Event()
                    self._set_gate()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        if path.endswith("/chat/completions") and method == "POST":
            await self.completions(receive, send)
        elif path == "/stats" and method == "GET":
            query = parse_qs(scope.get("query_string", b"").decode())
            await _json(send, 200, self.stats(query))
        elif path == "/control" and method == "POST":
            try:
                values = json.loads(await _body(receive) or b"{}")
                self.config.update(values)
            except (ValueError, TypeError) as exc:
                await _json(send, 400, {"error": str(exc)})
                return
            if "seed" in values:
                self.rng = random.Random(self.config.seed)  # the same faults, in the same order, every run
            self._set_gate()
            await _json(send, 200, asdict(self.config))
        elif path == "/reset" and method == "POST":
            self.records.clear()
            self.peak_in_flight = self.in_flight
            await _json(send, 200, {"ok": True})
        elif path in ("/healthz", "/v1/models"):
            await _json(send, 200, {"status": "ok", "data": [{"id": "fake-model", "object": "model"}]})
        else:
            await _json(send, 404, {"error": {"message": f"no route {method} {path}", "type": "not_found"}})

    def _set_gate(self) -> None:
        if self._gate is not None:
            if self.config.hold:
                self._gate.clear()
            else:
                self._gate.set()

    def stats(self, query: dict[str, list[str]]) -> dict[str, Any]:
        since = int(query.get("since", ["0"])[0])
        with_prompts = query.get("prompts", ["0"])[0] == "1"
        out: dict[str, Any] = {
            "count": len(self.records),
            "in_flight": self.in_flight,
            "in_flight_refs": len({r["ref"] for r in self.records if r["t_end"] is None and r["ref"]}),
            "peak_in_flight": self.peak_in_flight,
            "config": asdict(self.config),
        }
        if query.get("summary", ["0"])[0] != "1":
            out["requests"] = [
                r if with_prompts else {k: v for k, v in r.items() if k != "messages"} for r in self.records[since:]
            ]
        return out

    def _action(self, kind: str) -> str:
        c = self.config
        if c.script and (not c.script_for or kind in c.script_for):
            return c.script.pop(0)
        roll = self.rng.random()
        if roll < c.error_rate:
            return str(self.rng.choice(c.error_statuses))
        roll -= c.error_rate
        if roll < c.timeout_rate:
            return "timeout"
        roll -= c.timeout_rate
        if roll < c.cut_rate:
            return "cut"
        return "ok"

    # --- the model ------------------------------------------------------------------------------
    async def completions(self, receive: Any, send: Any) -> None:
        started = time.monotonic()
        raw = await _body(receive)
        try:
            request = json.loads(raw)
            messages = request["messages"]
        except (ValueError, KeyError, TypeError):
            await _json(send, 400, {"error": {"message": "bad request body", "type": "invalid_request_error"}})
            return
        last_user = next((_content(m) for m in reversed(messages) if m.get("role") == "user"), "")
        refs = _REF.findall(last_user)
        kind = request_kind(request, messages)
        record: dict[str, Any] = {
            "i": len(self.records),
            "ref": refs[-1] if refs else None,
            "kind": kind,
            "stream": bool(request.get("stream")),
            "judge": kind == "judge",
            "t_start": started,
            "t_first_token": None,
            "t_end": None,
            "model_ms": None,
            "status": None,
            "action": None,
            "prompt_tokens": prompt_tokens(messages),
            "completion_tokens": 0,
        }
        if self.config.record_prompts:
            record["messages"] = messages
        self.records.append(record)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            held = not self.config.hold_for or kind in self.config.hold_for
            if held and self._gate is not None and not self._gate.is_set():
                await _first_of(self._gate.wait(), _disconnected(receive), limit_s=self.config.hang_s)
            action = record["action"] = self._action(kind)
            if action in ("429", "500"):
                record["status"] = int(action)
                await self._error(send, int(action), started)
            elif action == "timeout":
                record["status"] = "timeout"
                await _first_of(_disconnected(receive), limit_s=self.config.hang_s)
            elif kind == "judge":
                await self._judge(request, messages, record, send, garbage=action == "garbage")
            elif kind == "notes":
                await self._notes(request, last_user, record, send, garbage=action == "garbage")
            elif record["stream"]:
                await self._stream(request, last_user, record, receive, send, action)
            else:
                await self._complete(request, last_user, record, send, garbage=action == "garbage")
        finally:
            self.in_flight -= 1
            record["t_end"] = time.monotonic()
            record["model_ms"] = round((record["t_end"] - started) * 1000, 3)

    def _reply_text(self, last_user: str, garbage: bool) -> str:
        if garbage:
            return "Sure! Here is how a strong answer would look: first, mention the metrics."
        answers = _ANSWER.findall(last_user)
        words = re.sub(r"\(ref [a-z]+\)", "", answers[-1] if answers else "").replace('"', "").split()
        follow_up = FOLLOW_UPS[len(self.records) % len(FOLLOW_UPS)]
        quote = " ".join(words[:6]).rstrip(".,;:")
        return f'You said "{quote}". {follow_up}' if quote else follow_up

    async def _wait_until(self, when: float) -> None:
        delay = when - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _stream(
        self, request: dict[str, Any], last_user: str, record: dict[str, Any], receive: Any, send: Any, action: str
    ) -> None:
        c = self.config
        started = record["t_start"]
        await self._wait_until(started + c.ttft_ms / 1000)
        text = self._reply_text(last_user, garbage=action == "garbage")
        pieces = re.findall(r"\S+\s*", text)
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        head = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": request["model"]}
        include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
        extra = {"usage": None} if include_usage else {}
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache"),
                    (b"x-fake-request", str(record["i"]).encode()),
                ],
            }
        )

        async def chunk(delta: dict[str, Any], finish: str | None = None) -> None:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            data = json.dumps({**head, "choices": [choice], **extra})
            await send({"type": "http.response.body", "body": f"data: {data}\n\n".encode(), "more_body": True})

        await chunk({"role": "assistant", "content": "", "refusal": None})
        first = time.monotonic()
        rate = c.tokens_per_s
        if c.stream_ms > 0:
            last = started + c.stream_ms / 1000
            rate = (len(pieces) - 1) / (last - first) if last > first and len(pieces) > 1 else 0.0
        half = len(pieces) // 2
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            for n, piece in enumerate(pieces):
                if action in ("cut", "stall") and n == half:
                    record["status"] = action
                    record["completion_tokens"] = count_tokens("".join(pieces[:n]))
                    if action == "stall":
                        await _first_of(gone, limit_s=c.hang_s)
                        return
                    raise CutStream("stream cut halfway on purpose")
                if rate > 0 and n:
                    await asyncio.wait({gone}, timeout=max(0.0, first + n / rate - time.monotonic()))
                if gone.done():  # the client hung up (e.g. the service dropped this reply): stop generating
                    record["status"] = "closed"
                    record["completion_tokens"] = count_tokens("".join(pieces[:n]))
                    return
                await chunk({"content": piece})
                if n == 0:
                    record["t_first_token"] = time.monotonic()
        finally:
            gone.cancel()
        await chunk({}, "stop")
        completion = count_tokens(text)
        record["completion_tokens"] = completion
        if include_usage:
            usage = _usage(record["prompt_tokens"], completion)
            data = json.dumps({**head, "choices": [], "usage": usage})
            await send({"type": "http.response.body", "body": f"data: {data}\n\n".encode(), "more_body": True})
        record["status"] = 200
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})

    async def _complete(
        self, request: dict[str, Any], last_user: str, record: dict[str, Any], send: Any, garbage: bool
    ) -> None:
        text = self._reply_text(last_user, garbage)
        await self._finish_json(request, text, record, send, generated=True)

    async def _judge(
        self, request: dict[str, Any], messages: list[dict[str, Any]], record: dict[str, Any], send: Any, garbage: bool
    ) -> None:
        if garbage or self.config.judge != "valid":
            await self._finish_json(request, "I think the candidate did well overall.", record, send)
            return
        fmt = request.get("response_format") or {}
        ids: list[str] = []
        try:
            props = fmt["json_schema"]["schema"]["properties"]["dimensions"]["items"]["properties"]
            ids = list(props["id"]["enum"])
        except (KeyError, TypeError):
            ids = []
        answers = _ANSWER.findall(_content(messages[-1])) if messages else []
        quote = ""
        if answers:
            first = re.split(r"(?<=[.!?])\s", answers[0].strip())[0]
            quote = first[:120]
        card = {
            "dimensions": [
                {
                    "id": dim,
                    "score": 3,
                    "rationale": "Specific, first-person account with numbers (fake judge).",
                    "evidence": [quote] if quote else [],
                }
                for dim in ids
            ],
            "improvements": ["Name the alternatives you rejected and why, with their cost."],
            "stronger_answer": ["Lead with the metric that moved, then your own decision."],
        }
        await self._finish_json(request, json.dumps(card), record, send)

    async def _notes(
        self, request: dict[str, Any], last_user: str, record: dict[str, Any], send: Any, garbage: bool
    ) -> None:
        invalid = garbage or self.config.notes != "valid"
        text = "These are my notes: the answer was fine." if invalid else json.dumps(answer_notes(last_user))
        await self._finish_json(request, text, record, send)

    async def _finish_json(
        self, request: dict[str, Any], text: str, record: dict[str, Any], send: Any, *, generated: bool = False
    ) -> None:
        """A whole completion at once; a ``generated`` one arrives when its last token would have streamed."""
        completion = count_tokens(text)
        rate = self.config.tokens_per_s
        generating = completion / rate if generated and rate > 0 else 0.0
        if self.config.json_ms > 0:
            await self._wait_until(record["t_start"] + self.config.json_ms / 1000)
        else:
            await self._wait_until(record["t_start"] + self.config.ttft_ms / 1000 + generating)
        record["t_first_token"] = time.monotonic()
        record["completion_tokens"] = completion
        body = {
            "id": "chatcmpl-" + uuid.uuid4().hex[:24],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "fake-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": _usage(record["prompt_tokens"], completion),
        }
        record["status"] = 200
        spent = (time.monotonic() - record["t_start"]) * 1000
        await _json(send, 200, body, [(b"x-fake-model-ms", f"{spent:.3f}".encode())])

    async def _error(self, send: Any, status: int, started: float) -> None:
        kind = "rate_limit_exceeded" if status == 429 else "server_error"
        body = {"error": {"message": f"fake {status}", "type": kind, "param": None, "code": kind}}
        spent = (time.monotonic() - started) * 1000
        headers = [
            (b"retry-after-ms", str(self.config.retry_after_ms).encode()),
            (b"x-fake-model-ms", f"{spent:.3f}".encode()),
        ]
        await _json(send, status, body, headers)


def _usage(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0},
    }


def request_kind(request: dict[str, Any], messages: list[dict[str, Any]]) -> str:
    """What a request asks for: a streamed or plain follow-up, the notes on an answer, or the judge."""
    fmt = request.get("response_format")
    if not isinstance(fmt, dict):
        return "follow_up" if request.get("stream") else "completion"
    found = fmt.get("json_schema")
    schema: dict[str, Any] = found if isinstance(found, dict) else {}
    properties = (schema.get("schema") or {}).get("properties") or {}
    if schema.get("name") == "scorecard" or "dimensions" in properties:
        return "judge"
    if schema.get("name") == "answer_notes" or "satisfied" in properties:
        return "notes"
    system = next((_content(m) for m in messages if m.get("role") == "system"), "")
    return "judge" if "scorecard" in system.lower() else "notes"


_STEP_WORDS = (
    ("metrics", re.compile(r"\d")),
    ("role", re.compile(r"\bI (?:led|chose|decided|proposed|wrote|owned|built|set|made|asked|ran)\b")),
    ("alternatives", re.compile(r"\b(?:instead of|rather than|versus|alternative|option)s?\b", re.IGNORECASE)),
    ("learning", re.compile(r"\b(?:learned|lesson|next time|differently)\b", re.IGNORECASE)),
    ("impact", re.compile(r"\b(?:result|dropped|fell|rose|grew|saved|cut)\b", re.IGNORECASE)),
)


def answer_notes(last_user: str) -> dict[str, Any]:
    """Plausible notes on the newest answer: each step a sentence shows, quoted verbatim, once."""
    answers = _ANSWER.findall(last_user)
    answer = _REF.sub("", answers[-1] if answers else "").strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", answer) if len(s.split()) >= 3]
    satisfied: list[dict[str, str]] = []
    for step, pattern in _STEP_WORDS:
        quote = next((s for s in sentences if pattern.search(s)), None)
        if quote is not None:
            satisfied.append({"step": step, "quote": quote})
    return {
        "satisfied": satisfied,
        "dodge": None if sentences else "non_answer",
        "dodge_quote": None,
        "hollow": [],
        "claims": [],
        "contradictions": [],
        "scope": "team",
        "horizon": "months",
        "questions": [],
    }


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _disconnected(receive: Any) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _first_of(*aws: Any, limit_s: float) -> None:
    tasks = [asyncio.ensure_future(a) for a in aws]
    try:
        await asyncio.wait(tasks, timeout=limit_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


async def _json(send: Any, status: int, payload: Any, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            + (headers or []),
        }
    )
    await send({"type": "http.response.body", "body": body})


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--config", default="{}", help="JSON object of Config fields, e.g. '{\"cut_rate\": 0.1}'")
    parser.add_argument("--ttft-ms", type=float)
    parser.add_argument("--tokens-per-s", type=float)
    parser.add_argument("--stream-ms", type=float)
    parser.add_argument("--json-ms", type=float)
    parser.add_argument("--error-rate", type=float)
    parser.add_argument("--timeout-rate", type=float)
    parser.add_argument("--cut-rate", type=float)
    parser.add_argument("--no-record-prompts", action="store_true")
    args = parser.parse_args(argv)
    config = Config()
    values = json.loads(args.config)
    for name in ("ttft_ms", "tokens_per_s", "stream_ms", "json_ms", "error_rate", "timeout_rate", "cut_rate"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    if args.no_record_prompts:
        values["record_prompts"] = False
    config.update(values)
    logging.getLogger("uvicorn.error").addFilter(_QuietCuts())
    uvicorn.run(
        FakeOpenAI(config),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        backlog=4096,
        timeout_keep_alive=60,
    )


if __name__ == "__main__":
    main()
