"""Where the generator spends its time: one ``build()`` of a project, profiled.

    python -m benchmarks.profile PROJECT [--top 25] [--sort tottime|cumtime]

runs ``generator.pipeline.build()`` once under ``cProfile`` and prints the
functions with the largest share of the build (own time, or with callees).
For a sampling profile with less overhead, use the same entry point under
py-spy or pyinstrument (``pip install py-spy pyinstrument``)::

    py-spy record -o build.svg -- python -m benchmarks.inprocess PROJECT --repeat 0
    pyinstrument -m benchmarks.inprocess PROJECT --repeat 0
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator.pipeline import build

from .inprocess import settings_for


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("project", type=Path, help="a folder with mkdocs.yml and content/")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", choices=("tottime", "cumtime"), default="tottime")
    args = parser.parse_args(argv)
    settings = settings_for(args.project.resolve())
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    result = build(settings)
    profiler.disable()
    total = time.perf_counter() - start
    if not result.ok:
        print(f"the content has errors ({len(result.problems)} problems)", file=sys.stderr)
        return 1
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, name), (_, calls, own, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((own if args.sort == "tottime" else cum, own, cum, calls,
                     f"{Path(path).name}:{line}({name})"))
    rows.sort(reverse=True)
    print(f"build() under cProfile: {total:.2f} s; shares of that time, by {args.sort}")
    print(f"{'own':>7} {'with callees':>13} {'calls':>10}  function")
    for _, own, cum, calls, where in rows[: args.top]:
        print(f"{own / total:7.1%} {cum / total:13.1%} {calls:10d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
