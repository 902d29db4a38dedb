"""Time spent in an interview: what its timer shows and the review reports.

The gaps between an interview's messages are added up, each counted up to ``IDLE_GAP`` (longer than anyone
thinks about one answer), so an interview paused for days and resumed shows the time spent answering,
not the days in between. The page adds the time since the newest message the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise

IDLE_GAP = timedelta(minutes=15)


def active_seconds(times: Sequence[datetime]) -> int:
    """``times`` in order: the interview's messages, and its end when it is completed. SQLite hands back
    naive datetimes, all in UTC."""
    aware = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in times]
    return int(sum((min(b - a, IDLE_GAP) for a, b in pairwise(aware) if b > a), timedelta()).total_seconds())
