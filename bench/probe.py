"""Times GET /healthz every INTERVAL seconds from a process of its own, so the load driver's own busy
event loop cannot inflate the figure. Each line of OUT: ``<sent> <answered> <milliseconds>``
(``time.monotonic()``, one clock for every process on the machine).

``python -m bench.probe URL OUT [--interval 0.02]``; stop it with SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

import httpx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--interval", type=float, default=0.02)
    args = parser.parse_args(argv)
    running = True

    def stop(*_: object) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    with httpx.Client(timeout=120) as client, open(args.out, "w", buffering=1) as out:
        while running:
            t0 = time.monotonic()
            try:
                client.get(args.url + "/healthz").raise_for_status()
            except httpx.HTTPError as exc:
                print(f"probe: {exc}", file=sys.stderr)
                time.sleep(args.interval)
                continue
            t1 = time.monotonic()
            out.write(f"{t0:.6f} {t1:.6f} {(t1 - t0) * 1000:.3f}\n")
            time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
