"""The generator's own work, timed inside one Python process.

    python -m benchmarks.inprocess PROJECT [--repeat R]

prints one JSON object: the first ``generator.pipeline.build()`` of a fresh
process (what the plugin does once per ``mkdocs build``), then each stage alone
(load, validate, link, render; the median of ``--repeat`` runs), in seconds.
The benchmark harness runs it as a child so that its memory and caches start
empty, as they do in a real build.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator.adapters.console import plugin_options, read_mkdocs_yml
from generator.core.config import Settings, make_settings
from generator.core.link import link
from generator.core.load import load_content
from generator.core.validate import validate
from generator.pipeline import build, render

T = TypeVar("T")


def settings_for(project: Path) -> Settings:
    """The settings the plugin would use for ``project/mkdocs.yml``."""
    config = project / "mkdocs.yml"
    return make_settings(project, dict(plugin_options(read_mkdocs_yml(config))))


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def measure(project: Path, repeat: int = 1) -> dict[str, Any]:
    settings = settings_for(project)
    first, result = _timed(lambda: build(settings))
    if not result.ok or result.rendered is None:
        raise SystemExit(f"the content of {project} has errors: {result.problems[:3]}")
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
    return {
        "first_build": first,
        **{name: statistics.median(values) if values else None
           for name, values in stages.items()},
        "generated_files": pages,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess")
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    json.dump(measure(args.project.resolve(), args.repeat), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
