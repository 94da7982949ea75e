"""The performance benchmark (issue 5): check, build, floor, memory, page size, serve.

    python -m benchmarks.run [--sizes 1000,5000,20000] [--repeat 1] [--seed 1]
                             [--serve-sizes 1000,5000] [--budget SECONDS]
                             [--work DIR] [--results benchmarks/RESULTS.md]

For each size N it writes a synthetic project (``benchmarks.corpus.write_project``)
and measures, in the same run:

1. ``explainer check --strict``: cold (a new process, no ``.explainer-cache/``) and
   warm (a new process after a first run, with one record file changed);
2. the generator's own work inside a build: ``generator.pipeline.build()`` timed
   in a fresh Python process (``benchmarks.inprocess``), with each stage alone;
3. the full ``mkdocs build --strict`` with the plugin (a subprocess, wall time);
4. the floor: ``explainer docs OUT``, then ``mkdocs build`` of that Markdown tree
   with the plugin off (same theme as the project); full and floor builds take
   turns, so that a slow spell of the machine does not tilt their ratio;
5. the peak memory (max RSS) of the full build's process, from ``os.wait4``;
6. the size of one record page's HTML (the same actor at every N) and the
   median size of every actor page;
7. edit-to-reload in ``mkdocs serve --dirty``: the seconds from changing that
   actor's summary to its page serving the change, and from changing its name
   to its page and up to three event pages that print the name all serving it
   (polled every 20 ms, capped at 300 s; the median of at least 5 edits each).

It prints a table and the ratios of the issue's targets, and rewrites the
generated part of ``benchmarks/RESULTS.md`` (text outside its markers is kept).
Targets are measured and reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .corpus import anchor_actor, write_project

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START_MARK = "<!-- benchmarks.run: generated results start -->"
END_MARK = "<!-- benchmarks.run: generated results end -->"
POLL = 0.02
RELOAD_CAP = 300.0
#: Edits timed in one preview (each takes seconds, unlike starting the preview).
MIN_EDITS = 5
SERVE_START_CAP = 3600.0


# ----------------------------------------------------------------- processes


@dataclass
class Run:
    seconds: float
    max_rss_kib: int
    returncode: int
    output: str


def run(cmd: Sequence[str], *, cwd: Path | None = None, timeout: float = 7200) -> Run:
    """Run a child to its end: wall time, its own peak RSS (``wait4``) and its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, int(usage.ru_maxrss), proc.returncode, output)


def explainer_cmd() -> list[str]:
    script = Path(sys.executable).with_name("explainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.adapters.cli"]


def mkdocs_cmd() -> list[str]:
    return [sys.executable, "-m", "mkdocs"]


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        tail = "\n".join(result.output.splitlines()[-20:])
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{tail}")
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -------------------------------------------------------------- measurements


@dataclass
class SizeResult:
    """Medians for one size; None where a measure was not taken (or failed)."""

    size: int
    seed: int = 1
    records: int = 0
    files_bytes: int = 0
    write_corpus: float | None = None
    check_cold: float | None = None
    check_warm: float | None = None
    check_rss_mib: float | None = None
    generator_first: float | None = None
    generator_rss_mib: float | None = None
    stages: dict[str, float] = field(default_factory=dict)
    full_build: float | None = None
    full_rss_mib: float | None = None
    docs_tree: float | None = None
    floor_build: float | None = None
    floor_rss_mib: float | None = None
    #: Taken in turns with the full and floor builds, one of each a round: the median
    #: of each round's ratio (a slow spell of the machine falls on both sides).
    generator_in_turn: float | None = None
    generator_share: float | None = None
    floor_ratio: float | None = None
    anchor_page_bytes: int | None = None
    #: The pages of the views (home, timeline, map), by site path: bounded at any N.
    view_page_bytes: dict[str, int] = field(default_factory=dict)
    #: A serial render, and the part of it the drawings take (charts, maps, networks).
    render_serial: float | None = None
    drawings: float | None = None
    drawing_calls: int = 0
    actor_page_median_bytes: int | None = None
    site_files: int | None = None
    edit_to_reload: float | None = None
    serve_startup: float | None = None
    #: A new name for the actor: its page and event pages that print the name.
    rename_to_reload: float | None = None
    #: How many pages had to show the new name for it to count as reloaded.
    reload_pages: int = 0
    #: Issue 16: a clean build, then one changed record built with ``--dirty`` in a new process.
    dirty_clean: float | None = None
    dirty_build: float | None = None
    dirty_pages: int | None = None
    notes: list[str] = field(default_factory=list)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _mib(kib: int) -> float:
    return kib / 1024


def record_file(project: Path, kind: str, record_id: str) -> Path:
    return project / "content" / kind / f"{record_id}.yml"


def _prefix_field(path: Path, field: str, marker: str) -> str:
    """Put ``marker`` at the start of a top-level field's first line; returns the old text."""
    old = path.read_text(encoding="utf-8")
    lines = old.split("\n")
    start = f"{field}: "
    for i, line in enumerate(lines):
        if line.startswith(start):
            lines[i] = f"{start}{marker} {line[len(start):]}"
            break
    else:
        raise RuntimeError(f"{path} has no line starting '{start}'")
    path.write_text("\n".join(lines), encoding="utf-8")
    return old


def change_summary(path: Path, marker: str) -> str:
    """Put ``marker`` at the start of the record's summary; returns the old text."""
    return _prefix_field(path, "summary", marker)


def change_name(path: Path, marker: str) -> str:
    """Put ``marker`` at the start of the record's name; returns the old text."""
    return _prefix_field(path, "name", marker)


def pages_naming(project: Path, actor_id: str, most: int = 3) -> list[str]:
    """URLs of some event pages that list the actor as a participant (they print its name)."""
    taking_part = re.compile(rf"^(?:- |- actor: |  actor: ){re.escape(actor_id)}$", re.M)
    urls = [f"events/{path.stem}/" for path in sorted((project / "content/events").glob("*.yml"))
            if taking_part.search(path.read_text(encoding="utf-8"))]
    return urls[:most]


def measure_check(project: Path, result: SizeResult, repeat: int, log: Any) -> None:
    cmd = [*explainer_cmd(), "check", "--strict", "-f", str(project / "mkdocs.yml")]
    cold, rss = [], []
    for _ in range(repeat):
        # Cold: no cache of an earlier check (the last cold run leaves one for the warm runs).
        shutil.rmtree(project / ".explainer-cache", ignore_errors=True)
        r = checked(run(cmd, cwd=project), "explainer check")
        cold.append(r.seconds)
        rss.append(_mib(r.max_rss_kib))
    result.check_cold = _median(cold)
    result.check_rss_mib = max(rss)
    log(f"  check cold {result.check_cold:.2f} s")
    # Warm: after a first run (above), one file changed, then a new process, which reads
    # the cache in .explainer-cache/ that the previous run left.
    anchor = record_file(project, "actors", anchor_actor(result.seed))
    warm = []
    for i in range(repeat):
        old = change_summary(anchor, f"Edited{i}.")
        try:
            warm.append(checked(run(cmd, cwd=project), "explainer check (warm)").seconds)
        finally:
            anchor.write_text(old, encoding="utf-8")
    result.check_warm = _median(warm)
    log(f"  check warm {result.check_warm:.2f} s")


def measure_generator(project: Path, result: SizeResult, repeat: int, log: Any) -> None:
    firsts, stages = [], []
    for _ in range(repeat):
        r = checked(run([sys.executable, "-m", "benchmarks.inprocess", str(project),
                         "--repeat", "1"], cwd=HERE.parent), "benchmarks.inprocess")
        data = json.loads(r.output.strip().splitlines()[-1])
        firsts.append(data["first_build"])
        stages.append(data)
        result.generator_rss_mib = max(result.generator_rss_mib or 0.0, _mib(r.max_rss_kib))
    result.generator_first = _median(firsts)
    result.stages = {name: _median([s[name] for s in stages])
                     for name in ("load", "validate", "link", "render")}
    result.render_serial = _median([s["render_serial"] for s in stages])
    result.drawings = _median([s["drawings"] for s in stages])
    result.drawing_calls = int(stages[0]["drawing_calls"])
    log(f"  generator build() {result.generator_first:.2f} s; stages "
        + ", ".join(f"{k} {v:.2f}" for k, v in result.stages.items()))
    log(f"  drawings {result.drawings:.2f} s of a {result.render_serial:.2f} s serial render "
        f"({result.drawing_calls} drawings)")


#: The pages that draw the whole story: the home page's panels, the timeline, the map.
VIEW_PAGES = ("index.html", "timeline/index.html", "map/index.html")


def measure_full_and_floor(project: Path, result: SizeResult, repeat: int, log: Any) -> None:
    """The generator's ``build()``, the full build and the floor, in turns (generator,
    full, floor, generator, full, floor, ...).

    The machine's speed drifts by several per cent over minutes (see RESULTS.md):
    taken in rounds, a slow spell falls on both sides of each round's ratios, and
    the ratios reported are the medians of the rounds' ratios.
    """
    tree = project.parent / f"{project.name}-tree"
    shutil.rmtree(tree, ignore_errors=True)
    r = checked(run([*explainer_cmd(), "docs", str(tree), "-f", str(project / "mkdocs.yml")],
                    cwd=project), "explainer docs")
    result.docs_tree = r.seconds
    floor_config(tree, project)
    site = project / "site"
    generator, full, full_rss, floor, floor_rss = [], [], [], [], []
    for _ in range(repeat):
        r = checked(run([sys.executable, "-m", "benchmarks.inprocess", str(project),
                         "--first-only"], cwd=HERE.parent), "benchmarks.inprocess")
        generator.append(json.loads(r.output.strip().splitlines()[-1])["first_build"])
        shutil.rmtree(site, ignore_errors=True)
        r = checked(run([*mkdocs_cmd(), "build", "--strict", "-f", str(project / "mkdocs.yml"),
                         "-d", str(site)], cwd=project), "mkdocs build")
        full.append(r.seconds)
        full_rss.append(_mib(r.max_rss_kib))
        shutil.rmtree(tree / "site", ignore_errors=True)
        r = checked(run([*mkdocs_cmd(), "build", "--strict", "-f", str(tree / "mkdocs.yml"),
                         "-d", str(tree / "site")], cwd=tree), "mkdocs build (floor)")
        floor.append(r.seconds)
        floor_rss.append(_mib(r.max_rss_kib))
    result.generator_in_turn = _median(generator)
    result.generator_share = _median([g / f for g, f in zip(generator, full, strict=True)])
    result.floor_ratio = _median([f / fl for f, fl in zip(full, floor, strict=True)])
    result.full_build, result.full_rss_mib = _median(full), max(full_rss)
    result.floor_build, result.floor_rss_mib = _median(floor), max(floor_rss)
    anchor = site / "actors" / anchor_actor(result.seed) / "index.html"
    result.anchor_page_bytes = anchor.stat().st_size
    result.view_page_bytes = {page: (site / page).stat().st_size for page in VIEW_PAGES
                              if (site / page).is_file()}
    sizes = [p.stat().st_size for p in (site / "actors").glob("*/index.html")]
    result.actor_page_median_bytes = int(_median([float(s) for s in sizes]))
    result.site_files = sum(1 for p in site.rglob("*") if p.is_file())
    log(f"  full build {result.full_build:.2f} s, peak {result.full_rss_mib:.0f} MiB, "
        f"anchor page {result.anchor_page_bytes} B")
    log(f"  explainer docs {result.docs_tree:.2f} s; floor build {result.floor_build:.2f} s")
    log(f"  in turns: generator build() {result.generator_in_turn:.2f} s, "
        f"{result.generator_share:.1%} of the full build; full / floor {result.floor_ratio:.2f}")


def measure_dirty(project: Path, result: SizeResult, repeat: int, log: Any) -> None:
    """A clean ``mkdocs build``, then a one-record change built with ``--dirty``.

    Each build is a fresh process, as in a pull-request preview that starts
    from its base branch's ``site/`` and ``.explainer-cache/``. Each round
    changes another event's summary.
    """
    site = project / "site-dirty"
    config = str(project / "mkdocs.yml")
    events = sorted((project / "content" / "events").glob("*.yml"))
    clean, dirty = [], []
    for n in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        r = checked(run([*mkdocs_cmd(), "build", "--strict", "-f", config, "-d", str(site)],
                        cwd=project), "mkdocs build")
        clean.append(r.seconds)
        change_summary(events[(n * 7919) % len(events)], f"Edited {n}.")
        r = checked(run([*mkdocs_cmd(), "build", "--strict", "--dirty", "-f", config,
                         "-d", str(site)], cwd=project), "mkdocs build --dirty")
        dirty.append(r.seconds)
        found = re.search(r"explainer: (\d+) of \d+ generated files changed", r.output)
        if found is None or "building every page" in r.output:
            raise RuntimeError("the dirty build was not incremental: " + r.output[-300:])
        result.dirty_pages = int(found.group(1))
    result.dirty_clean, result.dirty_build = _median(clean), _median(dirty)
    log(f"  clean build {result.dirty_clean:.2f} s; one record changed, --dirty "
        f"{result.dirty_build:.2f} s ({result.dirty_pages} generated files rendered)")


def floor_config(tree: Path, project: Path) -> None:
    """The tree's mkdocs.yml with the project's theme and plugins, less the explainer plugin."""
    config_path = tree / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    source = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"] = source["theme"]
    config["plugins"] = [p for p in source.get("plugins", [])
                         if not (isinstance(p, dict) and "explainer" in p)
                         and p != "explainer"]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")


def _get(url: str, timeout: float = 600) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def _time_edits(record: Path, urls: list[str], edit: Callable[[Path, str], object],
                repeat: int, result: SizeResult) -> float:
    """The median seconds from an edit of ``record`` to every URL serving it."""
    times = []
    for i in range(repeat):
        time.sleep(1.0)  # let the watcher settle after the previous build
        marker = f"Reloadmarker{os.getpid()}x{i}x{time.time_ns()}"
        old = record.read_text(encoding="utf-8")
        try:
            edited = time.perf_counter()
            edit(record, marker)
            waiting = list(urls)
            while waiting:
                waiting = [u for u in waiting if marker not in _get(u)[1]]
                elapsed = time.perf_counter() - edited
                if not waiting:
                    times.append(elapsed)
                elif elapsed > RELOAD_CAP:
                    times.append(RELOAD_CAP)
                    result.notes.append(f"edit-to-reload hit the {RELOAD_CAP:.0f} s cap")
                    break
                else:
                    time.sleep(POLL)
        finally:
            record.write_text(old, encoding="utf-8")
        # Wait for the rebuild of the restored file before the next edit.
        deadline = time.perf_counter() + RELOAD_CAP
        while marker in _get(urls[0])[1] and time.perf_counter() < deadline:
            time.sleep(0.1)
    return _median(times)


def measure_reload(project: Path, result: SizeResult, repeat: int, log: Any) -> None:
    port = free_port()
    anchor_id = anchor_actor(result.seed)
    url = f"http://127.0.0.1:{port}/actors/{anchor_id}/"
    serve_log = project.parent / f"{project.name}-serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with serve_log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*mkdocs_cmd(), "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f",
             str(project / "mkdocs.yml")],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env)
        try:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"mkdocs serve exited early; see {serve_log}")
                status, _ = _get(url, timeout=5)
                if status == 200:
                    break
                if time.perf_counter() - start > SERVE_START_CAP:
                    raise RuntimeError("mkdocs serve did not start in time")
                time.sleep(0.2)
            result.serve_startup = time.perf_counter() - start
            log(f"  serve ready after {result.serve_startup:.1f} s")
            anchor = record_file(project, "actors", anchor_id)
            edits = max(repeat, MIN_EDITS)
            result.edit_to_reload = _time_edits(anchor, [url], change_summary, edits, result)
            log(f"  edit-to-reload (summary) {result.edit_to_reload:.2f} s")
            # A new name: the actor's page and pages that print the name must all show it.
            base = url[: -len(f"actors/{anchor_id}/")]
            urls = [url, *(base + page for page in pages_naming(project, anchor_id))]
            result.reload_pages = len(urls)
            result.rename_to_reload = _time_edits(anchor, urls, change_name, edits, result)
            log(f"  edit-to-reload (name, {len(urls)} pages) {result.rename_to_reload:.2f} s")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ------------------------------------------------------------------- the run


def measure_size(result: SizeResult, work: Path, repeat: int, serve: bool,
                 log: Any, only: Sequence[str] = ()) -> None:
    size, seed = result.size, result.seed
    project = work / f"n{size}"
    log(f"N = {size}: writing the corpus in {project}")
    shutil.rmtree(project, ignore_errors=True)
    start = time.perf_counter()
    write_project(size, project, seed)
    result.write_corpus = time.perf_counter() - start
    content = [p for p in (project / "content").rglob("*") if p.is_file()]
    result.records = sum(1 for p in content if p.name not in ("glossary.yml",))
    result.files_bytes = sum(p.stat().st_size for p in content)
    steps = [measure_check, measure_generator, measure_full_and_floor]
    if serve:
        steps.append(measure_reload)
    steps.append(measure_dirty)
    if only:
        steps = [step for step in steps if step.__name__.removeprefix("measure_") in only]
    for step in steps:
        try:
            step(project, result, repeat, log)
        except Exception as exc:  # keep the other measures; say what failed and why
            lines = [line for line in str(exc).splitlines() if line.strip()]
            note = f"{step.__name__} failed: {type(exc).__name__}: " + " / ".join(
                lines[:1] + lines[-3:])
            log(f"  {note}")
            result.notes.append(note)


def _estimate(previous: SizeResult, size: int, serve: bool, repeat: int) -> float:
    """Seconds the next size would take, scaling the last one linearly (a lower bound)."""
    scale = size / previous.size
    full = previous.full_build or 0.0
    builds = (full + (previous.floor_build or 0.0) + (previous.generator_first or 0.0)
              + (previous.check_cold or 0.0) + (previous.check_warm or 0.0)) * repeat
    builds += (previous.docs_tree or 0.0) + (previous.write_corpus or 0.0)
    if serve:
        builds += full * (1 + repeat * 2)
    return builds * scale


def machine() -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return {
        "uname -a": " ".join(platform.uname()),
        "CPUs": str(os.cpu_count()),
        "Python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pydantic": version("pydantic"),
        "PyYAML": version("PyYAML"),
        "Jinja2": version("Jinja2"),
        "load average (1, 5, 15 min) at the end": ", ".join(
            f"{v:.2f}" for v in os.getloadavg()),
    }


def _fmt(value: float | None, unit: str = "s", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} {unit}".strip()


def _bytes(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,} B"


def _per_record(r: SizeResult) -> float | None:
    return None if r.full_build is None else 1000 * r.full_build / r.records


def _ratio(part: float | None, whole: float | None) -> str:
    return "n/a" if part is None or not whole else f"{part / whole:.1%}"


def table(results: list[SizeResult]) -> str:
    rows: list[tuple[str, list[str]]] = [
        ("records (files)", [str(r.records) for r in results]),
        ("content size", [f"{r.files_bytes / 1e6:.1f} MB" for r in results]),
        ("explainer check, cold", [_fmt(r.check_cold) for r in results]),
        ("explainer check, warm (1 file changed)", [_fmt(r.check_warm) for r in results]),
        ("generator `build()` in a fresh process", [_fmt(r.generator_first)
                                                     for r in results]),
        *((f"&nbsp;&nbsp;stage alone: {name}", [_fmt(r.stages.get(name)) for r in results])
          for name in ("load", "validate", "link", "render")),
        ("&nbsp;&nbsp;drawings (charts, maps, networks), in a serial render",
         [_fmt(r.drawings) if r.drawings is None or r.render_serial is None else
          f"{r.drawings:.2f} s of {r.render_serial:.2f} s ({r.drawing_calls})" for r in results]),
        ("&nbsp;&nbsp;peak memory of that process", [_fmt(r.generator_rss_mib, "MiB", 0)
                                                      for r in results]),
        ("full `mkdocs build --strict`", [_fmt(r.full_build) for r in results]),
        ("&nbsp;&nbsp;generator `build()`, taken in turns with it", [_fmt(r.generator_in_turn)
                                                                    for r in results]),
        ("&nbsp;&nbsp;generator work / full build, median of the rounds",
         ["n/a" if r.generator_share is None else f"{r.generator_share:.1%}" for r in results]),
        ("full build per record", [_fmt(_per_record(r), "ms") for r in results]),
        ("`explainer docs` (tree)", [_fmt(r.docs_tree) for r in results]),
        ("floor: `mkdocs build` of the tree, no plugin", [_fmt(r.floor_build)
                                                          for r in results]),
        ("&nbsp;&nbsp;full build / floor, median of the rounds",
         ["n/a" if r.floor_ratio is None else f"{r.floor_ratio:.2f}×" for r in results]),
        ("peak memory, full build", [_fmt(r.full_rss_mib, "MiB", 0) for r in results]),
        ("peak memory, floor build", [_fmt(r.floor_rss_mib, "MiB", 0) for r in results]),
        ("peak memory, explainer check", [_fmt(r.check_rss_mib, "MiB", 0) for r in results]),
        ("site files", [str(r.site_files or "n/a") for r in results]),
        ("anchor actor page HTML", [_bytes(r.anchor_page_bytes) for r in results]),
        ("median actor page HTML", [_bytes(r.actor_page_median_bytes) for r in results]),
        *((f"`{page}` HTML", [_bytes(r.view_page_bytes.get(page)) for r in results])
          for page in VIEW_PAGES),
        ("`mkdocs serve` start-up", [_fmt(r.serve_startup) for r in results]),
        ("edit-to-reload (`mkdocs serve --dirty`), summary", [_fmt(r.edit_to_reload)
                                                                for r in results]),
        ("edit-to-reload, new name (actor page + event pages)", [_fmt(r.rename_to_reload)
                                                                 for r in results]),
        ("pages checked for the new name", [str(r.reload_pages or "n/a") for r in results]),
        ("clean `mkdocs build --strict` (before the dirty build)", [_fmt(r.dirty_clean)
                                                                   for r in results]),
        ("one record changed: `mkdocs build --strict --dirty`, fresh process",
         [_fmt(r.dirty_build) for r in results]),
        ("&nbsp;&nbsp;generated files it rendered", [str(r.dirty_pages or "n/a")
                                                     for r in results]),
        ("&nbsp;&nbsp;dirty / clean", [_ratio(r.dirty_build, r.dirty_clean)
                                       for r in results]),
    ]
    head = "| measure | " + " | ".join(f"N = {r.size:,}" for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    return "\n".join([head, rule, *(f"| {name} | " + " | ".join(cells) + " |"
                                    for name, cells in rows)])


def ratios(results: list[SizeResult]) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, verdict) for every target of the issue."""
    by = {r.size: r for r in results}
    small, mid, big = by.get(1000), by.get(5000), by.get(20000)
    out: list[tuple[str, str, str, str]] = []

    def add(name: str, value: Any, target: float, fmt: str, missing: str) -> None:
        if callable(value):
            try:
                value = value()
            except (AttributeError, KeyError, TypeError, ZeroDivisionError):  # a measure is missing
                value = None
        if value is None:
            out.append((name, f"not measured ({missing})", fmt.format(target), "–"))
        else:
            verdict = "met" if value <= target else "**missed**"
            out.append((name, fmt.format(value), fmt.format(target), verdict))

    # Each as the median of the rounds' ratios (see measure_full_and_floor).
    for size in (1000, 5000, 20000):
        run_of_size = by.get(size)
        add(f"generator work / full build, {size // 1000}k",
            None if run_of_size is None else run_of_size.generator_share, 0.05, "{:.1%}",
            f"no {size // 1000}k run")
    add("full build / floor, 5k", lambda: mid.floor_ratio, 1.10, "{:.2f}×", "no 5k run")
    add("full build per record, 20k vs 1k",
        lambda: _per_record(big) / _per_record(small), 1.2, "{:.2f}×", "no 20k or 1k run")
    add("record page HTML, 20k vs 1k",
        lambda: big.anchor_page_bytes / small.anchor_page_bytes, 1.1, "{:.2f}×",
        "no 20k or 1k run")
    # A view shows more as a story grows, up to its cap (the map's 100 places, the
    # timeline's paging), which a 5k story passes: from there on the pages stay flat.
    add("view pages (home, timeline, map) HTML, 20k vs 5k",
        lambda: max(big.view_page_bytes[p] / mid.view_page_bytes[p] for p in VIEW_PAGES),
        1.1, "{:.2f}×", "no 20k or 5k run")
    add("explainer check, 20k, cold", lambda: big.check_cold, 3.0, "{:.2f} s", "no 20k run")
    add("explainer check, 20k, warm (1 file changed)", lambda: big.check_warm, 0.5,
        "{:.2f} s", "no 20k run")
    # The 2 GB, read strictly: 2 * 10**9 bytes (1,907 MiB).
    add("peak memory of the full build, 20k", lambda: big.full_rss_mib * 2**20 / 1e9, 2.0,
        "{:.2f} GB", "no 20k run")
    add("edit-to-reload, 5k", lambda: mid.edit_to_reload, 1.5, "{:.2f} s",
        "no 5k serve run")
    add("dirty build / clean build (one record changed), 5k",
        lambda: mid.dirty_build / mid.dirty_clean, 0.15, "{:.1%}", "no 5k run")
    add("dirty build / clean build (one record changed), 20k",
        lambda: big.dirty_build / big.dirty_clean, 0.10, "{:.1%}", "no 20k run")
    return out


def report(results: list[SizeResult], args: argparse.Namespace, command: str,
           skipped: list[str], started: dt.datetime, elapsed: float) -> str:
    lines = [
        START_MARK,
        "",
        f"Run of {started.strftime('%Y-%m-%d %H:%M')} UTC, {elapsed / 60:.1f} minutes in all;"
        f" load average at the start: {args.load_at_start}.",
        "",
        "### Machine",
        "",
        *(f"- {key}: `{value}`" for key, value in machine().items()),
        "",
        "### Command",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Each size: `python -m benchmarks.corpus --project --records N --seed {args.seed}`,"
        " then, with medians of " + f"{args.repeat} run(s):",
        "",
        "```sh",
        "explainer check --strict -f nN/mkdocs.yml                # cold, then warm",
        "python -m benchmarks.inprocess nN                        # generator.pipeline.build()",
        "explainer docs nN-tree -f nN/mkdocs.yml                  # the Markdown tree",
        "# then in rounds, one of each a round:",
        "python -m benchmarks.inprocess nN --first-only           # build() alone",
        "python -m mkdocs build --strict -f nN/mkdocs.yml -d nN/site   # full build",
        "python -m mkdocs build --strict -f nN-tree/mkdocs.yml    # floor (same theme, no plugin)",
        "python -m mkdocs serve --dirty -a 127.0.0.1:PORT -f nN/mkdocs.yml  # edit-to-reload",
        "python -m mkdocs build --strict -f nN/mkdocs.yml -d nN/site-dirty   # clean, then",
        "python -m mkdocs build --strict --dirty -f nN/mkdocs.yml -d nN/site-dirty  # 1 record",
        "```",
        "",
        "### Results (medians)",
        "",
        table(results),
        "",
        "### Targets",
        "",
        "| target | measured | goal | |",
        "|---|---:|---:|---|",
        *(f"| {name} | {value} | ≤ {target} | {verdict} |"
          for name, value, target, verdict in ratios(results)),
        "",
    ]
    notes = [*skipped, *(f"N = {r.size}: {note}" for r in results for note in r.notes)]
    if notes:
        lines += ["### Notes from the run", "", *(f"- {note}" for note in notes), ""]
    lines.append(END_MARK)
    return "\n".join(lines)


def write_results(path: Path, generated: str) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if START_MARK in text and END_MARK in text:
            before = text[: text.index(START_MARK)]
            after = text[text.index(END_MARK) + len(END_MARK):]
            path.write_text(before + generated + after, encoding="utf-8")
            return
    path.write_text("# Benchmark results\n\nWritten by `python -m benchmarks.run`; "
                    "see `benchmarks/run.py` for what each line measures.\n\n"
                    + generated + "\n", encoding="utf-8")


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=_sizes, default=[1000, 5000, 20000],
                        help="comma-separated record counts (default: 1000,5000,20000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve-sizes", type=_sizes, default=[1000, 5000],
                        help="sizes at which to measure edit-to-reload (default: 1000,5000)")
    parser.add_argument("--budget", type=float, default=None,
                        help="skip a size whose estimated time would pass this many seconds")
    parser.add_argument("--work", type=Path, default=None,
                        help="where to write the projects (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the projects afterwards")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the Markdown file to update (default: benchmarks/RESULTS.md)")
    parser.add_argument("--no-results", action="store_true", help="print only")
    parser.add_argument("--only", type=lambda text: text.split(","), default=[],
                        help="comma-separated measures to take (check, generator, "
                             "full_and_floor, reload, dirty; default: all)")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.run",
                          *(sys.argv[1:] if argv is None else argv)])
    started = dt.datetime.now(dt.UTC)
    args.load_at_start = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    clock = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - clock:7.1f} s] {message}", flush=True)

    work = args.work or Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    skipped: list[str] = []
    try:
        for size in sorted(args.sizes):
            serve = size in args.serve_sizes
            if args.budget is not None and results:
                estimate = _estimate(results[-1], size, serve, args.repeat)
                spent = time.perf_counter() - clock
                if spent + estimate > args.budget:
                    note = (f"N = {size} skipped: a linear estimate from N = "
                            f"{results[-1].size} is {estimate / 60:.0f} min, and "
                            f"{spent / 60:.0f} of the {args.budget / 60:.0f} min budget "
                            "were spent")
                    log(note)
                    skipped.append(note)
                    continue
            result = SizeResult(size, args.seed)
            results.append(result)
            try:
                measure_size(result, work, args.repeat, serve, log, args.only)
            except Exception as exc:  # keep what was measured, say what failed
                note = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0]}"
                log(f"N = {size} {note}")
                result.notes.append(note)
            if not args.keep:
                for suffix in ("", "-tree"):
                    shutil.rmtree(work / f"n{size}{suffix}", ignore_errors=True)
    finally:
        if results:
            generated = report(results, args, command, skipped, started,
                               time.perf_counter() - clock)
            print()
            print(generated)
            if not args.no_results:
                write_results(args.results, generated)
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
