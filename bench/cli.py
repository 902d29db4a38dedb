"""``python -m bench``: run the phases, print the table of figures against the targets, write the JSON.

Every server is a uvicorn subprocess (the fake model, the service, the bare route); this process is only
the client. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import host, report
from bench.options import PHASES, ModelTiming, Options
from bench.phases import overhead, streaming, tokens, waiting
from bench.rig import Rig

OUT_DIR = Path(__file__).resolve().parent / "out"
RUNNERS: dict[str, Callable[[Rig], Awaitable[dict[str, Any]]]] = {
    "overhead": overhead.run,
    "streaming": streaming.run,
    "waiting": waiting.run,
    "tokens": tokens.run,
}


def parse(argv: list[str] | None = None) -> tuple[Options, Path]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--name", default=datetime.now(UTC).strftime("run-%Y%m%d-%H%M%S"))
    parser.add_argument("--quick", action="store_true", help="one round of interviews per phase (about 3 minutes)")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432/postgres: each service gets a new "
        "database with a unique name there, dropped afterwards (the URL's own database is not touched)",
    )
    parser.add_argument("--think-s", type=float, default=5.0, help="mean candidate think time between answers")
    parser.add_argument(
        "--ttft-ms", type=float, default=500.0, help="the fake model's time to a follow-up's first token"
    )
    parser.add_argument("--follow-up-ms", type=float, default=2000.0, help="... to a follow-up's last token")
    parser.add_argument("--json-ms", type=float, default=1500.0, help="... to the notes on an answer, and the judge")
    parser.add_argument("--overhead-users", type=int, default=200, help="concurrent interviews, overhead phase")
    parser.add_argument("--stream-users", type=int, default=50, help="concurrent interviews, streaming phase")
    parser.add_argument("--waiting", type=int, default=1000, help="interviews answering at once, waiting phase")
    parser.add_argument("--rounds", type=int, default=None, help="interviews per candidate (default 2 and 3; quick 1)")
    parser.add_argument("--only", default="", help=f"comma list of phases: {','.join(PHASES)}")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="JSON results (default bench/out/NAME.json)")
    args = parser.parse_args(argv)
    only = tuple(p for p in args.only.split(",") if p)
    if unknown := set(only) - set(PHASES):
        parser.error(f"unknown phases {sorted(unknown)}; known: {', '.join(PHASES)}")
    quick = args.quick
    options = Options(
        name=args.name,
        quick=quick,
        database_url=args.database_url,
        model=ModelTiming(ttft_ms=args.ttft_ms, follow_up_ms=args.follow_up_ms, json_ms=args.json_ms),
        think_s=args.think_s,
        overhead_users=args.overhead_users,
        overhead_rounds=args.rounds or (1 if quick else 2),
        stream_users=args.stream_users,
        stream_rounds=args.rounds or (1 if quick else 3),
        waiting=args.waiting,
        seed=args.seed,
        only=only,
    )
    return options, args.out or OUT_DIR / f"{options.name}.json"


async def run(options: Options) -> dict[str, Any]:
    results: dict[str, Any] = {"name": options.name, "options": asdict(options), "machine": host.machine()}
    with Rig(options) as rig:
        db = "PostgreSQL" if options.database_url else "SQLite"
        rig.log(f"bench {options.name!r} on {db}: {results['machine']['summary']}; work dir {rig.work}")
        for phase in PHASES:
            if options.runs(phase):
                t0 = time.monotonic()
                results[phase] = await RUNNERS[phase](rig)
                results.setdefault("phase_seconds", {})[phase] = round(time.monotonic() - t0, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    options, out = parse(argv)
    try:
        import uvloop
    except ImportError:  # uvicorn[standard] brings it; without it, the driver's own work costs more
        results = asyncio.run(run(options))
    else:
        results = uvloop.run(run(options))
    results["table"] = report.markdown(results)
    print()
    print(results["table"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwrote {out}")
    return 0
