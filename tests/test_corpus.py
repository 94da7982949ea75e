"""The synthetic corpus of the benchmarks (``benchmarks/corpus.py``).

It must follow the content format to the letter (``explainer check --strict``
finds nothing), keep a real story's proportions, hold every date form of the
format's table, and be the same bytes for the same size and seed.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks import corpus
from benchmarks.corpus import AS_OF, counts, generate, write_content, write_project
from benchmarks.run import SizeResult, ratios, table
from generator.core.config import make_settings
from generator.core.dates import parse_edtf
from generator.core.vocabulary import RELATION_TYPES
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent

#: The shapes of the content format's date table, plus seasons and X years.
FORMS = {
    "day": r"-?\d{4}-\d\d-\d\d",
    "month": r"\d{4}-(0[1-9]|1[0-2])",
    "year": r"\d{4}",
    "approximate": r"[^/]+~",
    "uncertain": r"[^/]+\?",
    "approximate and uncertain": r"[^/]+%",
    "day unspecified": r"\d{4}-\d\d-XX",
    "interval of days": r"\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d",
    "span of months": r"\d{4}-\d\d/\d{4}-\d\d",
    "open end": r"[^/]+/\.\.",
    "open start": r"\.\./[^/]+",
    "season": r"\d{4}-2[1-4]",
    "X year": r"\d\d(\d|X)X",
}


def load_all(files: dict[str, str]) -> Iterator[tuple[str, Any]]:
    """(path, data) of every YAML record and story front matter, all scalars as text."""
    for path, text in files.items():
        if path.endswith(".md"):
            text = text.split("---\n")[1]
        yield path, yaml.load(text, Loader=yaml.BaseLoader)


def dates(value: Any) -> Iterator[str]:
    """Every value under a ``date`` key, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "date" and isinstance(item, str):
                yield item
            else:
                yield from dates(item)
    elif isinstance(value, list):
        for item in value:
            yield from dates(item)


def folder_counts(files: dict[str, str]) -> Counter[str]:
    return Counter(path.split("/")[0] for path in files if "/" in path)


@pytest.fixture(scope="module")
def files_300() -> dict[str, str]:
    return generate(300, seed=1)


# ----------------------------------------------------------------- validity


def strict_problems(tmp_path: Path, n: int, seed: int = 1) -> list[str]:
    write_content(n, tmp_path / "content", seed)
    result = check(make_settings(tmp_path, {"as_of": AS_OF}))
    return [p.format() for p in result.problems]


def test_a_corpus_of_300_passes_a_strict_check_with_no_problem(tmp_path: Path) -> None:
    assert strict_problems(tmp_path, 300) == []


@pytest.mark.slow
def test_a_corpus_of_1000_passes_a_strict_check_with_no_problem(tmp_path: Path) -> None:
    assert strict_problems(tmp_path, 1000) == []


def test_other_seeds_and_tiny_sizes_pass_too(tmp_path: Path) -> None:
    for i, (n, seed) in enumerate([(1, 1), (40, 7), (120, 99)]):
        assert strict_problems(tmp_path / str(i), n, seed) == [], (n, seed)


# -------------------------------------------------------------- proportions


@pytest.mark.parametrize("n", [300, 1000])
def test_proportions_are_those_of_a_real_story(n: int) -> None:
    found = folder_counts(generate(n, seed=1))
    expected = {"actors": n / 8, "events": 3 * n / 8, "claims": n / 4, "sources": n / 4,
                "places": n / 40}
    for folder, wanted in expected.items():
        assert abs(found[folder] - wanted) <= 0.2 * wanted, (folder, found[folder], wanted)
    assert 3 <= found["stories"] <= 12


def test_counts_grow_with_n() -> None:
    assert counts(1000).actors == 125
    assert counts(1000).events == 375
    assert counts(20_000).total > 20_000


def test_one_story_is_the_home_page(files_300: dict[str, str]) -> None:
    homes = [path for path, data in load_all(files_300)
             if path.startswith("stories/") and data.get("home") == "true"]
    assert len(homes) == 1


def test_tags_and_glossary(files_300: dict[str, str]) -> None:
    tags: set[str] = set()
    for _, data in load_all(files_300):
        tags.update(data.get("tags") or [])
    assert 20 <= len(tags) <= 30
    glossary = yaml.safe_load(files_300["glossary.yml"])
    assert len(glossary) >= 20
    prose = "\n".join(files_300.values())
    for term in glossary:
        assert re.search(rf"\b{re.escape(term)}\b", prose.replace(files_300["glossary.yml"], ""))


# ---------------------------------------------------------------- coverage


def test_every_date_form_of_the_spec_table_occurs(files_300: dict[str, str]) -> None:
    written = [d for _, data in load_all(files_300) for d in dates(data)]
    for name, pattern in FORMS.items():
        assert any(re.fullmatch(pattern, d) for d in written), f"no {name} date"
    for text in written:
        parse_edtf(text)  # each one parses


def test_every_relation_type_stance_status_and_kind_occurs(files_300: dict[str, str]) -> None:
    records = dict(load_all(files_300))
    relations = [r for p, d in records.items() if p.startswith("actors/")
                 for r in d.get("relations") or []]
    assert {r["type"] for r in relations} == set(RELATION_TYPES)
    assert all(r["sources"] for r in relations)
    assert {r.get("status", "confirmed") for r in relations} == {
        "confirmed", "reported", "alleged", "denied"}
    claims = {p: d for p, d in records.items() if p.startswith("claims/")}
    assert {d["stance"] for d in claims.values() if "stance" in d} == {
        "denies", "disputes", "confirms", "retracts", "clarifies", "repeats"}
    events = [d for p, d in records.items() if p.startswith("events/")]
    assert {e.get("status", "confirmed") for e in events} == {
        "confirmed", "reported", "alleged", "expected", "postponed", "cancelled"}
    participants = [p for e in events for p in e.get("participants") or []]
    assert any(isinstance(p, str) for p in participants)
    assert any(isinstance(p, dict) and "role" in p for p in participants)
    assert any(e.get("related") for e in events)
    assert any(e.get("previously") for e in events)
    sources = [d for p, d in records.items() if p.startswith("sources/")]
    assert {s["kind"] for s in sources} == {
        "news", "statement", "briefing", "state-media", "report", "social-post", "other"}
    assert all(s["url"].startswith("https://example.org/") for s in sources if "url" in s)
    assert any("publisher" in s for s in sources)
    assert len({s["language"] for s in sources if "language" in s}) >= 5
    actors = [d for p, d in records.items() if p.startswith("actors/")]
    positions = [pos for a in actors for pos in a.get("positions") or []]
    assert any(pos["date"].endswith("/..") for pos in positions)
    assert any(not pos["date"].endswith("/..") for pos in positions)
    assert any(d.get("about") for d in claims.values())


def test_expected_events_are_dated_after_as_of(files_300: dict[str, str]) -> None:
    as_of = parse_edtf(AS_OF).earliest
    expected = [d for p, d in load_all(files_300)
                if p.startswith("events/") and d.get("status") == "expected"]
    assert expected
    for event in expected:
        latest = parse_edtf(event["date"]).latest
        assert latest is None or as_of is None or latest > as_of


def test_positions_are_consecutive_spans(files_300: dict[str, str]) -> None:
    for path, data in load_all(files_300):
        spans = [p["date"].split("/") for p in data.get("positions") or []]
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end == start, path


def test_responses_are_dated_after_what_they_answer(files_300: dict[str, str]) -> None:
    claims = {p.removeprefix("claims/").removesuffix(".yml"): d
              for p, d in load_all(files_300) if p.startswith("claims/")}
    responses = [d for d in claims.values() if "responds_to" in d]
    assert len(responses) >= 6
    for claim in responses:
        answered = claims[claim["responds_to"]]
        latest = parse_edtf(answered["date"]).latest
        earliest = parse_edtf(claim["date"]).earliest
        assert latest is not None
        assert earliest is not None
        assert earliest > latest, (claim["date"], answered["date"])
        if claim["stance"] == "retracts":
            assert claim["speaker"] == answered["speaker"]


def test_mentions_aliases_and_scripts(files_300: dict[str, str]) -> None:
    text = "\n".join(files_300.values())
    assert re.search(r"\[\[[a-z0-9-]+\]\]", text)
    assert re.search(r"\[\[[a-z0-9-]+\|[^\]]+\]\]", text)
    stories = "\n".join(t for p, t in files_300.items() if p.startswith("stories/"))
    assert "[[" in stories
    aliases = [a for _, d in load_all(files_300) for a in d.get("aliases") or []]
    for script in (r"[\uac00-\ud7af]", r"[\u0400-\u04ff]", r"[\u4e00-\u9fff]",
                   r"[\u0600-\u06ff]"):
        assert any(re.search(script, a) for a in aliases), script


def test_dates_and_numbers_are_written_unquoted(files_300: dict[str, str]) -> None:
    text = "\n".join(t for p, t in files_300.items() if p.startswith("events/"))
    assert re.search(r"^date: \d{4}-\d\d-\d\d$", text, re.MULTILINE)
    assert re.search(r"^date: \d{4}$", text, re.MULTILINE)


# -------------------------------------------------------------- determinism


def test_the_same_size_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    write_content(250, tmp_path / "a", seed=5)
    write_content(250, tmp_path / "b", seed=5)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes()
         for p in sorted((tmp_path / "a").rglob("*")) if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes()
         for p in sorted((tmp_path / "b").rglob("*")) if p.is_file()}
    assert a == b


def test_the_bytes_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    trees = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--records", "120", str(out)],
                       cwd=ROOT, capture_output=True, env=env, check=True)
        trees.append({p.relative_to(out): p.read_bytes()
                      for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]


def test_another_seed_gives_another_corpus() -> None:
    assert generate(250, seed=5) != generate(250, seed=6)


def test_the_anchor_actor_is_the_same_person_at_every_size() -> None:
    anchor = corpus.anchor_actor(3)
    for n in (10, 300, 2000):
        files = generate(n, seed=3)
        data = yaml.load(files[f"actors/{anchor}.yml"], Loader=yaml.BaseLoader)
        assert data["kind"] == "person"


def test_generation_does_not_use_the_global_random_state() -> None:
    import random

    random.seed(1)
    first = generate(60, seed=2)
    random.seed(2)
    assert generate(60, seed=2) == first


# ---------------------------------------------------------------- the CLI


def test_the_command_writes_a_content_folder_and_refuses_a_full_one(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "benchmarks.corpus", "--records", "60", str(tmp_path / "c")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "c" / "actors").is_dir()
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert again.returncode == 2
    assert "not empty" in again.stderr
    forced = subprocess.run([*cmd, "--force"], cwd=ROOT, capture_output=True, text=True,
                            env=env, check=False)
    assert forced.returncode == 0, forced.stderr


def test_write_project_writes_a_minimal_site(tmp_path: Path) -> None:
    project = write_project(30, tmp_path / "p", seed=1)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs"
    assert config["theme"]["name"] == "material"
    assert config["plugins"][0] == "search"
    assert config["plugins"][1]["explainer"]["as_of"] == AS_OF
    assert set(config["validation"].values()) == {"warn"}
    assert (project / "docs").is_dir()
    assert not any((project / "docs").iterdir())


@pytest.mark.slow
def test_a_project_of_200_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    project = write_project(200, tmp_path / "p", seed=1)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(project / "site")],
        cwd=project, capture_output=True, text=True, env=env, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    anchor = corpus.anchor_actor(1)
    assert (project / "site" / "actors" / anchor / "index.html").is_file()


# ------------------------------------------------------------ the harness


def test_the_report_shows_missing_measures_as_not_measured() -> None:
    small = SizeResult(1000, records=1000, full_build=10.0, anchor_page_bytes=1000)
    big = SizeResult(20_000, records=20_000, full_build=240.0, anchor_page_bytes=1050,
                     check_cold=2.0, check_warm=0.4, full_rss_mib=1024.0)
    rows = {name: (value, verdict) for name, value, _, verdict in ratios([small, big])}
    assert rows["full build per record, 20k vs 1k"] == ("1.20×", "met")
    assert rows["record page HTML, 20k vs 1k"] == ("1.05×", "met")
    assert rows["peak memory of the full build, 20k"] == ("1.07 GB", "met")  # 1 GiB
    assert rows["generator work / full build, 5k"][0].startswith("not measured")
    assert "n/a" in table([small, big])


def test_the_shares_are_the_medians_of_the_rounds_ratios() -> None:
    """The generator's share and the floor ratio come from builds taken in turns: a
    slow round moves both sides of its own ratio, not the other rounds'."""
    mid = SizeResult(5000, records=5000, generator_in_turn=2.5, generator_share=0.046,
                     full_build=60.0, floor_build=55.0, floor_ratio=1.12)
    small = SizeResult(1000, records=1000, generator_share=0.081)
    rows = {name: (value, verdict) for name, value, _, verdict in ratios([small, mid])}
    assert rows["generator work / full build, 5k"] == ("4.6%", "met")
    assert rows["generator work / full build, 1k"] == ("8.1%", "**missed**")
    assert rows["generator work / full build, 20k"][0] == "not measured (no 20k run)"
    # The ratio of the rounds, not of the medians (60 / 55 = 1.09).
    assert rows["full build / floor, 5k"] == ("1.12×", "**missed**")
