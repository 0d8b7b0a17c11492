"""The work one article may cost: a size and a time budget.

One pathological file (a 200,000-character line, ten thousand stray quote marks, a body
over spaCy's ``max_length``) must never stall or crash a run. An article over budget is
recorded as failed with its reason, and the run goes on.

The time limit is a SIGALRM interval timer, so it works only in a process's main thread
(the management commands, and prefork Celery workers, which run tasks there); elsewhere
it is skipped with a log line rather than silently. The alarm raises between Python
bytecodes, which spaCy's pipeline reaches many times a second.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from django.conf import settings

logger = logging.getLogger(__name__)

# Ten times the longest long-read seen in the sets, and well under spaCy's max_length
# (1,000,000), so no body reaches the parser's E088 limit.
DEFAULT_MAX_CHARS = 300_000
# Ordinary articles extract in well under a second each, a batch of 32 in about ten on a
# busy 2-core machine; a 200,000-character line took 220 s before it was stopped.
DEFAULT_SECONDS = 60.0


class OverBudget(Exception):
    """The article (or batch) in hand took longer than its budget."""


@dataclass(frozen=True)
class Budget:
    max_chars: int = DEFAULT_MAX_CHARS
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_settings(cls) -> Budget:
        return cls(
            max_chars=getattr(settings, "CLAIMTRACK_EXTRACT_MAX_CHARS", DEFAULT_MAX_CHARS),
            seconds=getattr(settings, "CLAIMTRACK_EXTRACT_SECONDS", DEFAULT_SECONDS),
        )

    def size_problem(self, body: str) -> str:
        """Why this body is too large to extract, or ""."""
        if len(body) <= self.max_chars:
            return ""
        return (
            f"over the extraction budget: {len(body):,} characters "
            f"(limit {self.max_chars:,}, setting CLAIMTRACK_EXTRACT_MAX_CHARS)"
        )

    def time_problem(self) -> str:
        return (
            f"over the extraction budget: still running after {self.seconds:g} s "
            f"(setting CLAIMTRACK_EXTRACT_SECONDS)"
        )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in the block after `seconds` (None or 0: no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        if seconds:
            logger.info("no time budget outside the main thread; relying on the size budget")
        yield
        return
    fired = threading.Event()

    def over_budget(signum: int, frame: FrameType | None) -> None:
        fired.set()
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, over_budget)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # The alarm can land in code that swallows what it raises (a garbage-collector
    # callback, a bare except in a library): the block then ran on past its budget.
    if fired.is_set():
        raise OverBudget
