"""A big build's work on every CPU: loading the record files (while this process
makes their models), and each record's page, open data and structured data.

Each of these reads what the parent has made and writes nothing to it, so
forked workers share it as the parent left it and send back only their
results. While they make the records' outputs, the parent makes what needs
none of them (the hub pages), then takes the records' shares that are left:
one process per CPU, and none waits while there is work (a third process on
two CPUs made the 20k build 1.5 s slower). Results come back in the items'
order, so the output is the same as a serial build's. Items that share a
costly memo (the pages that draw one place's locator map) can be kept in one
share, so that the memo is made once, not once a process.

Only plain builds and checks of sites of :data:`MIN_RECORDS` records or more use
it: below, the gain is a few hundredths of a second. The live preview's builds are
incremental, and its server has threads, which do not mix with fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from ..pages.policy import Plain

T = TypeVar("T")
K = TypeVar("K")
S = TypeVar("S")

#: Measured on 2 CPUs: a build of 300 records takes 0.27 s with a worker and 0.34 s
#: without, 600 records 0.44 s and 0.68 s, 1,000 records 0.61 s and 1.00 s; the
#: default site's 109 records 0.12 s and 0.14 s.
MIN_RECORDS = 250
MAX_WORKERS = 4
SHARES_PER_PROCESS = 16

#: The job of the current call; forked workers find it here.
_job: Callable[[object], object] | None = None


def workers_for(items: int) -> int:
    """How many processes should share ``items`` records (1: do it here, serially)."""
    if items < MIN_RECORDS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))
                      if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def shared_map(job: Callable[[K], T], items: Sequence[K]) -> list[T]:
    """``[job(item) for item in items]``, by forked workers on every CPU when there are many."""
    return map_in_order(job, items, workers_for(len(items)))


def map_in_order(job: Callable[[K], T], items: Sequence[K], workers: int) -> list[T]:
    """``[job(item) for item in items]``, shared by ``workers`` processes (this one too)."""
    return map_alongside(job, items, workers, lambda: None)[0]


def shared_map_then(job: Callable[[K], T], then: Callable[[K, T], S],
                    items: Sequence[K]) -> list[S]:
    """``[then(item, job(item)) for item in items]``, with ``job`` done by forked workers
    on every CPU when there are many, and ``then`` here as their results come back."""
    return map_then(job, then, items, workers_for(len(items)))


def map_then(job: Callable[[K], T], then: Callable[[K, T], S], items: Sequence[K],
             workers: int) -> list[S]:
    """``[then(item, job(item)) for item in items]``: ``job`` by ``workers`` processes
    (this one too), ``then`` here on each share as soon as its ``job`` is done.

    For work in two steps whose second must be done here (loading the files, then
    making the models, which cost more to send back than to make): the two
    overlap, and when no worker's share is ready, this process takes one itself.
    ``then`` may see the shares in any order; the results are in the items' order.
    """
    if workers <= 1 or len(items) < workers:
        return [then(item, job(item)) for item in items]
    count = min(len(items), workers * SHARES_PER_PROCESS * 2)  # small: the first is soon back
    places = _places(items, count, None)
    shares = [[items[n] for n in share] for share in places]
    with _team(job, shares, workers - 1) as team:
        done = team.finish(lambda item: then(item, job(item)), then)
    return _merged(done, places, len(items))


def map_alongside(job: Callable[[K], T], items: Sequence[K], workers: int,
                  meanwhile: Callable[[], S],
                  group: Callable[[K], str] | None = None) -> tuple[list[T], S]:
    """``([job(item) for item in items], meanwhile())``, by ``workers`` processes: this
    one runs ``meanwhile``, then helps the ``workers - 1`` forked ones with the items.

    The items go in shares that each process takes as it becomes free, so one
    process per CPU does all the work, and none waits for another while shares
    are left. ``group``: items of one group go to one share, so that what they
    share (a memo one worker fills) is made once rather than once by every worker.
    """
    if workers <= 1 or len(items) < workers:
        return [job(item) for item in items], meanwhile()
    # Many shares, so that the last to finish is a small one.
    count = min(len(items), workers * SHARES_PER_PROCESS)
    places = _places(items, count, group)
    shares = [[items[n] for n in share] for share in places]
    with _team(job, shares, workers - 1) as team:
        side = meanwhile()
        done = team.finish(job, lambda item, result: result)
    return _merged(done, places, len(items)), side


def _places(items: Sequence[K], count: int,
            group: Callable[[K], str] | None) -> list[list[int]]:
    """The positions of the items each share takes: about ``count`` runs of
    neighbouring items, in the items' order.

    Neighbours share more than strangers: records come by kind, and the pages of
    one folder share their links' memos, so a process that takes runs of one
    folder makes fewer of them (at 1,000 records, this process's last shares cost
    a quarter less than when it took every count-th item). With groups, each
    group's items join its first item's run, and a group is never split.
    """
    runs: list[list[int]]
    if group is None:
        runs = [[n] for n in range(len(items))]
    else:
        members: dict[str, list[int]] = {}  # in the order each group first comes
        for n, item in enumerate(items):
            members.setdefault(group(item), []).append(n)
        runs = list(members.values())
    size = -(-len(items) // count)  # the share's length to reach, rounded up
    places: list[list[int]] = [[]]
    for run in runs:
        if len(places[-1]) >= size:
            places.append([])
        places[-1].extend(run)
    return places


def _merged(done: list[list[T]], places: list[list[int]], total: int) -> list[T]:
    """The shares' results back in the items' order."""
    results: list[Any] = [None] * total
    for share, positions in zip(done, places, strict=True):
        for n, result in zip(positions, share, strict=True):
            results[n] = result
    return results


class _Team:
    """Forked workers that take shares in turn, and what this process needs to take
    shares too and to get the workers' results.

    Each worker writes a share's results to a file of a private temporary folder,
    named once it is whole. A worker that fails writes why, and this process then
    raises.
    """

    #: How long this process sleeps when it has nothing to do but wait for a worker.
    PAUSE = 0.002

    def __init__(self, folder: str, shares: list[list[Any]], processes: int) -> None:
        context = multiprocessing.get_context("fork")
        self.folder, self.shares, self.count = folder, shares, len(shares)
        self.turn = context.Value("q", 0)
        self.workers = [context.Process(target=_take_shares, args=(folder, shares, self.turn),
                                        daemon=True) for _ in range(processes)]
        for worker in self.workers:
            worker.start()

    def finish(self, make: Callable[[Any], Any], keep: Callable[[Any, Any], Any],
               ) -> list[list[Any]]:
        """Every share's results, in order: ``keep(item, result)`` for each item of a
        share a worker has written, ``make(item)`` for each item of a share this
        process takes itself when none is ready."""
        done: dict[int, list[Any]] = {}
        while len(done) < self.count:
            self.raise_if_failed()  # a worker's failure stops the work at once
            if (ready := self.next_written(done)) is not None:
                written, results = ready
                done[written] = [keep(item, result) for item, result
                                 in zip(self.shares[written], results, strict=True)]
            elif (mine := self.claim()) is not None:
                done[mine] = [make(item) for item in self.shares[mine]]
            else:
                time.sleep(self.PAUSE)  # all taken: wait for a worker's share
        return [done[n] for n in range(self.count)]

    def claim(self) -> int | None:
        """The next share nobody has taken (None: none is left)."""
        n = _next_share(self.turn)
        return n if n < self.count else None

    def next_written(self, done: Mapping[int, object]) -> tuple[int, list[Any]] | None:
        """A share a worker has finished that is not in ``done``, and its results (files
        of our own: pickle is safe)."""
        taken = min(self.turn.value, self.count)
        for n in range(taken):
            if n not in done and os.path.exists(path := _share_file(self.folder, n)):
                with open(path, "rb") as file:
                    return n, pickle.load(file)
        return None

    def raise_if_failed(self) -> None:
        """Raise if a worker failed or stopped."""
        failed = sorted(name for name in os.listdir(self.folder)
                        if name.startswith("failed-") and not name.endswith(".part"))
        if failed:
            with open(os.path.join(self.folder, failed[0]), encoding="utf-8") as file:
                raise RuntimeError(f"a worker failed:\n{file.read()}")
        if any(worker.exitcode for worker in self.workers):
            codes = ", ".join(str(worker.exitcode) for worker in self.workers)
            raise RuntimeError(f"a worker stopped before its shares were done (exit codes "
                               f"{codes})")

    def stop(self) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


@contextlib.contextmanager
def _team(job: Callable[[K], T], shares: list[list[K]], processes: int) -> Iterator[_Team]:
    """A :class:`_Team` of ``processes`` workers for ``job``, stopped at the end (a failure
    here stops them too)."""
    global _job
    _job = job  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory(prefix="explainer-") as folder:
            team = _Team(folder, shares, processes)
            try:
                yield team
            finally:
                team.stop()
    finally:
        _job = None


def _next_share(turn: Any) -> int:
    with turn.get_lock():
        n: int = turn.value
        turn.value = n + 1
    return n


def _share_file(folder: str, n: int) -> str:
    return os.path.join(folder, f"{n}.pickle")


def _take_shares(folder: str, shares: list[list[Any]], turn: Any) -> None:
    """A worker's life: the next share, until none is left."""
    assert _job is not None
    try:
        while (n := _next_share(turn)) < len(shares):
            results = [_job(item) for item in shares[n]]
            path = _share_file(folder, n)
            with open(path + ".part", "wb") as file:
                pickle.dump(results, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(path + ".part", path)
    except BaseException:
        path = os.path.join(folder, f"failed-{os.getpid()}")
        with open(path + ".part", "w", encoding="utf-8") as file:
            file.write(traceback.format_exc())
        os.replace(path + ".part", path)  # whole when this process reads it
        sys.exit(1)


class Forked(Plain):
    """The plain policy, with a big site's records shared among forked workers
    while this process makes the pages that need none of them."""

    def map_alongside(self, job: Callable[[Any], T], items: Sequence[Any],
                      meanwhile: Callable[[], S],
                      group: Callable[[Any], str] | None = None) -> tuple[list[T], S]:
        return map_alongside(job, items, workers_for(len(items)), meanwhile, group)
