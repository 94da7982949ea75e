"""A big site's per-record work on every CPU: its page, open data and structured data.

Each of these reads the linked site and writes nothing to it, so forked
workers share the site as the parent left it and send back only text. The
results come back in record order, so the output is the same as a serial
render's. Only plain builds of big sites use it: below :data:`MIN_RECORDS`
records a fork costs more than it saves, and the live preview's builds are
incremental (and its server has threads, which do not mix with fork).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K")

MIN_RECORDS = 2000
MAX_WORKERS = 4

#: The job of the current :func:`map_in_order` call; forked workers find it here.
_job: Callable[[object], object] | None = None


def workers_for(items: int) -> int:
    """How many processes should share ``items`` records (1: do it here, serially)."""
    if items < MIN_RECORDS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))
                      if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def map_in_order(job: Callable[[K], T], items: Sequence[K], workers: int) -> list[T]:
    """``[job(item) for item in items]``, shared by ``workers`` processes (this one too)."""
    if workers <= 1 or len(items) < workers:
        return [job(item) for item in items]
    global _job
    size = -(-len(items) // workers)
    chunks = [list(items[n:n + size]) for n in range(0, len(items), size)]
    _job = job  # type: ignore[assignment]
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
            pending = pool.map_async(_run_chunk, chunks[1:], chunksize=1)
            first: list[T] = [job(item) for item in chunks[0]]  # the parent works too
            rest: list[list[T]] = pending.get()  # type: ignore[assignment]
    finally:
        _job = None
    return first + [result for chunk in rest for result in chunk]


def _run_chunk(items: list[Any]) -> list[object]:
    assert _job is not None
    return [_job(item) for item in items]
