"""The generator's own work, timed inside one Python process.

    python -m benchmarks.inprocess PROJECT [--repeat R]

prints one JSON object (``--first-only``: only the first build) with the first
``generator.pipeline.build()`` of a fresh process (what the plugin does once per
``mkdocs build``), then each stage alone
(load, validate, link, render; the median of ``--repeat`` runs), in seconds,
and what the drawings cost: one more render, serial, with the time spent in the
``Page`` methods that draw (network, timeline chart, maps) summed.
The benchmark harness runs it as a child so that its memory and caches start
empty, as they do in a real build.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from generator.adapters.console import plugin_options, read_mkdocs_yml
from generator.core.config import Settings, make_settings
from generator.core.link import link
from generator.core.load import load_content
from generator.core.validate import validate
from generator.pages.render import Page
from generator.pipeline import build, render
from generator.speed import parallel

T = TypeVar("T")

#: The ``Page`` methods that make an SVG drawing and its text lists.
DRAWING_METHODS = ("network", "timeline_chart", "locator_map", "map_page", "story_map")


def settings_for(project: Path) -> Settings:
    """The settings the plugin would use for ``project/mkdocs.yml``."""
    config = project / "mkdocs.yml"
    return make_settings(project, dict(plugin_options(read_mkdocs_yml(config))))


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


@contextmanager
def _timing_drawings(spent: dict[str, float]) -> Iterator[None]:
    """Sum the wall clock of the drawing methods into ``spent`` (outermost calls only)."""
    originals = {name: getattr(Page, name) for name in DRAWING_METHODS}
    depth = [0]

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
                    spent["calls"] = spent.get("calls", 0.0) + 1
        return wrapper

    for name, method in originals.items():
        setattr(Page, name, timed(name, method))
    # Serial, so that the drawings of forked workers are counted here too.
    workers_for = parallel.workers_for
    parallel.workers_for = lambda items: 1  # type: ignore[assignment]
    try:
        yield
    finally:
        parallel.workers_for = workers_for  # type: ignore[assignment]
        for name, method in originals.items():
            setattr(Page, name, method)


def _forget_memos() -> None:
    """Empty the generator's function memos, which the builds before filled (a real
    build starts with them empty)."""
    for name, module in sorted(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", None) == name:
                    clear()


def measure_drawings(site: Any) -> dict[str, float]:
    """One serial render: its time, and the part of it spent drawing."""
    spent: dict[str, float] = {}
    _forget_memos()
    with _timing_drawings(spent):
        serial, _ = _timed(lambda: render(site))
    calls = spent.pop("calls", 0.0)
    return {"render_serial": serial, "drawings": sum(spent.values()), "drawing_calls": calls,
            **{f"drawings_{name}": value for name, value in sorted(spent.items())}}


def first_build(settings: Settings, project: Path) -> tuple[float, Any]:
    """The first ``build()`` of this process: its seconds and its result."""
    first, result = _timed(lambda: build(settings))
    if not result.ok or result.rendered is None:
        raise SystemExit(f"the content of {project} has errors: {result.problems[:3]}")
    return first, result


def measure(project: Path, repeat: int = 1) -> dict[str, Any]:
    settings = settings_for(project)
    first, result = first_build(settings, project)
    pages = len(result.rendered.files)
    del result
    stages: dict[str, list[float]] = {"load": [], "validate": [], "link": [], "render": []}
    for _ in range(repeat):
        stages["load"].append(-time.perf_counter())
        loaded = load_content(settings)
        stages["load"][-1] += time.perf_counter()
        stages["validate"].append(-time.perf_counter())
        validated = validate(loaded, settings)
        stages["validate"][-1] += time.perf_counter()
        stages["link"].append(-time.perf_counter())
        site, _problems = link(validated, settings)
        stages["link"][-1] += time.perf_counter()
        stages["render"].append(-time.perf_counter())
        render(site)
        stages["render"][-1] += time.perf_counter()
    drawings = measure_drawings(link(validate(load_content(settings), settings), settings)[0])
    return {
        "first_build": first,
        **{name: statistics.median(values) if values else None
           for name, values in stages.items()},
        "generated_files": pages,
        **drawings,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess")
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--first-only", action="store_true",
                        help="only the first build() (no stages, no drawings)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if args.first_only:
        first, _ = first_build(settings_for(project), project)
        json.dump({"first_build": first}, sys.stdout)
    else:
        json.dump(measure(project, args.repeat), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
