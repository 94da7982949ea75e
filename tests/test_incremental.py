"""Incremental builds (``generator/speed/incremental.py``) equal clean builds, edit after edit.

Each test edits a copy of the content, builds it incrementally (reusing the
previous build) and from scratch, and compares every output: pages, structured
data, descriptions, hubs. Some tests also check that an edit re-renders only the
pages it affects, which is the point of it all.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_content
from generator.core.config import Settings, make_settings
from generator.pipeline import Result, build
from generator.speed.incremental import Incremental
from generator.speed.track import EVERYTHING, Tracking, changed_keys

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2023-09-05"


def _settings(root: Path, **options: object) -> Settings:
    return make_settings(root, {"as_of": AS_OF, **options})


def assert_same_output(incremental: Result, clean: Result) -> None:
    assert [p.format() for p in incremental.problems] == [p.format() for p in clean.problems]
    if not clean.ok:
        assert not incremental.ok
        return
    assert incremental.rendered is not None
    assert clean.rendered is not None
    got, want = incremental.rendered, clean.rendered
    assert list(got.files) == list(want.files)
    for path, text in want.files.items():
        assert got.files[path] == text, f"{path} differs from a clean build"
    assert got.jsonld == want.jsonld
    assert got.descriptions == want.descriptions
    assert got.hubs == want.hubs
    assert got.record_pages == want.record_pages


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


class Session:
    """An incremental builder and a way to compare it with a clean build."""

    def __init__(self, root: Path, **options: object) -> None:
        self.root = root
        self.settings = _settings(root, **options)
        self.incremental = Incremental()
        self.first = build(self.settings, self.incremental)

    def rebuild(self) -> set[str]:
        """Build both ways, compare, and return the pages rendered anew."""
        result = build(self.settings, self.incremental)
        assert_same_output(result, build(self.settings))
        return set(self.incremental.rendered)

    def content(self, rel: str) -> Path:
        return self.root / "content" / rel


# ----------------------------------------------------------------- the tracker


class _Owner:
    def __init__(self) -> None:
        self.index: dict[str, list[int]] = {"a": [1]}


def test_tracking_notes_reads_only_while_a_page_renders() -> None:
    owner, tracking = _Owner(), Tracking()
    plain = owner.index
    tracking.view(owner, "index", "idx", default=list)
    with tracking.page() as noted:
        assert owner.index is not plain  # a view, only while the page renders
        assert owner.index["missing"] == []
        assert "a" in owner.index
        assert owner.index.get("b") is None
    assert owner.index is plain
    assert noted == {("idx", "missing"), ("idx", "a"), ("idx", "b")}
    assert "missing" not in plain  # a default is not stored
    with tracking.page() as noted:
        list(owner.index.items())
    assert noted == {("idx", EVERYTHING)}


def test_a_page_inside_a_page_counts_for_both() -> None:
    owner, tracking = _Owner(), Tracking()
    tracking.view(owner, "index", "idx")
    with tracking.page() as outer:
        with tracking.page() as inner:
            owner.index.get("a")
        owner.index.get("b")
    assert inner == {("idx", "a")}
    assert outer == {("idx", "a"), ("idx", "b")}


def test_changed_keys_finds_added_removed_and_changed_values() -> None:
    old = {"same": [1], "gone": [2], "changed": [3]}
    new = {"same": [1], "changed": [4], "added": [5]}
    assert changed_keys("i", old, new) == {("i", "gone"), ("i", "changed"), ("i", "added"),
                                           ("i", EVERYTHING)}
    assert changed_keys("i", old, dict(old)) == set()


# ------------------------------------------------------- edits of the real story


def test_a_rebuild_without_changes_renders_nothing(project: Path) -> None:
    session = Session(project)
    assert session.first.ok
    assert len(session.incremental.rendered) > 50  # the first build renders everything
    assert session.rebuild() == set()


def test_a_summary_edit_rerenders_its_page_and_not_unrelated_ones(project: Path) -> None:
    session = Session(project)
    path = session.content("sources/kcna-kim-shoigu-talks.yml")
    if not path.exists():  # the story's files may be renamed; any source will do
        path = sorted(session.content("sources").iterdir())[0]
    edit_yaml(path, lambda d: d.update(title=d["title"] + " (updated)"))
    rendered = session.rebuild()
    assert f"sources/{path.stem}.md" in rendered
    assert "places/vladivostok.md" not in rendered
    assert len(rendered) < len(session.first.rendered.files) / 3  # type: ignore[union-attr]


EDITS: list[tuple[str, Callable[[Session], None]]] = []


def edit(name: str) -> Callable[[Callable[[Session], None]], Callable[[Session], None]]:
    def register(fn: Callable[[Session], None]) -> Callable[[Session], None]:
        EDITS.append((name, fn))
        return fn
    return register


@edit("rename an actor that many pages name")
def _rename_actor(s: Session) -> None:
    edit_yaml(s.content("actors/sergei-shoigu.yml"), lambda d: d.update(name="S. K. Shoigu"))


@edit("move an event to another year (timeline, neighbours, listings)")
def _move_event(s: Session) -> None:
    path = sorted(s.content("events").iterdir())[0]
    edit_yaml(path, lambda d: d.update(date="2021-03-04"))


@edit("deny a claim (its status, chips, the claims listing)")
def _deny_claim(s: Session) -> None:
    claim = sorted(s.content("claims").iterdir())[0]
    original = yaml.safe_load(claim.read_text(encoding="utf-8"))
    source = sorted(s.content("sources").iterdir())[0].stem
    speaker = "kim-jong-un" if original["speaker"] != "kim-jong-un" else "vladimir-putin"
    s.content("claims/zz-denial.yml").write_text(yaml.safe_dump({
        "speaker": speaker, "date": "2023-09-04", "text": "That is not true.",
        "stance": "denies", "responds_to": claim.stem, "sources": [source]}), encoding="utf-8")


@edit("give an actor a new title on the day of the events (titles on the day)")
def _new_position(s: Session) -> None:
    def change(d: dict[str, Any]) -> None:
        d.setdefault("positions", []).append(
            {"title": "Special Envoy", "of": "russia", "date": "2023-07/2023-09"})
    edit_yaml(s.content("actors/sergei-shoigu.yml"), change)


@edit("add a relation (both actors, the ego networks, the network page)")
def _new_relation(s: Session) -> None:
    source = sorted(s.content("sources").iterdir())[0].stem

    def change(d: dict[str, Any]) -> None:
        d.setdefault("relations", []).append(
            {"type": "allied-with", "to": "north-korea", "sources": [source]})
    edit_yaml(s.content("actors/wagner-group.yml"), change)


@edit("tag an event with a new tag (tag pages and index)")
def _new_tag(s: Session) -> None:
    path = sorted(s.content("events").iterdir())[1]
    edit_yaml(path, lambda d: d.update(tags=[*d.get("tags", []), "brand-new-tag"]))


@edit("add and then delete a record")
def _add_delete(s: Session) -> None:
    source = sorted(s.content("sources").iterdir())[0].stem
    new = s.content("places/zz-new-place.yml")
    new.write_text(yaml.safe_dump({"name": "Nowhere", "kind": "city", "country": "russia",
                                   "sources": [source]}), encoding="utf-8")
    s.rebuild()
    new.unlink()


@edit("rename a record, keeping its old id (redirects, every link to it)")
def _rename_id(s: Session) -> None:
    old = s.content("actors/wagner-group.yml")
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["formerly"] = ["wagner-group"]
    old.unlink()
    s.content("actors/wagner-pmc.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for folder in ("actors", "events", "claims", "sources", "places", "stories"):
        for path in s.content(folder).iterdir():
            text = path.read_text(encoding="utf-8")
            if "wagner-group" in text:
                path.write_text(text.replace("wagner-group", "wagner-pmc"), encoding="utf-8")


@edit("break a record, then mend it")
def _break_and_mend(s: Session) -> None:
    path = s.content("actors/vladimir-putin.yml")
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("kind:", "kind: [", 1), encoding="utf-8")
    result = build(s.settings, s.incremental)
    assert not result.ok
    path.write_text(good.replace("Vladimir Putin", "Vladimir V. Putin"), encoding="utf-8")


@edit("change a glossary definition (every page's tooltips)")
def _glossary(s: Session) -> None:
    def change(d: dict[str, Any]) -> None:
        first = sorted(d)[0]
        d[first] = d[first] + " Edited."
    edit_yaml(s.content("glossary.yml"), change)


@edit("edit a story's body (mentions)")
def _story_body(s: Session) -> None:
    path = sorted(s.content("stories").iterdir())[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nSee also [[russia]].\n",
                    encoding="utf-8")


@pytest.mark.parametrize("name", [name for name, _ in EDITS])
def test_each_kind_of_edit_gives_a_clean_builds_output(project: Path, name: str) -> None:
    session = Session(project)
    dict(EDITS)[name](session)
    session.rebuild()


def test_all_edits_in_a_row(project: Path) -> None:
    session = Session(project)
    for _, change in EDITS:
        change(session)
        session.rebuild()


def test_a_settings_change_rerenders_everything(project: Path) -> None:
    session = Session(project)
    session.settings = _settings(project, site_name="Another name", as_of="2023-09-01")
    assert len(session.rebuild()) == len(session.incremental.rendered) > 50


# ----------------------------------------------------- random edits of a corpus


def _mutate(root: Path, rng: random.Random) -> None:
    """One random edit of a random record: a field copied from another record of its
    kind, an item dropped from a list, a record removed, or a record duplicated."""
    records = sorted(p for p in (root / "content").rglob("*.yml") if p.name != "glossary.yml")
    path = rng.choice(records)
    choice = rng.randrange(6)
    if choice == 0:
        path.unlink()
        return
    if choice == 1:
        shutil.copy(path, path.with_name(f"zz-copy-{rng.randrange(1000)}.yml"))
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if choice in (2, 3):  # a value from a sibling record
        sibling = yaml.safe_load(rng.choice(sorted(path.parent.glob("*.yml"))).read_text(
            encoding="utf-8"))
        shared = sorted(set(data) & set(sibling) - {"kind"})
        if shared:
            key = rng.choice(shared)
            data[key] = sibling[key]
    else:  # drop an item of a list
        lists = sorted(k for k, v in data.items() if isinstance(v, list) and v)
        if lists:
            key = rng.choice(lists)
            data[key].pop(rng.randrange(len(data[key])))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "content"
    write_content(160, folder, seed=3)
    return folder


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), edits=st.integers(1, 4))
def test_random_edits_of_a_corpus_give_a_clean_builds_output(
        corpus: Path, tmp_path_factory: pytest.TempPathFactory, seed: int, edits: int) -> None:
    root = tmp_path_factory.mktemp("edited")
    shutil.copytree(corpus, root / "content")
    session = Session(root)
    rng = random.Random(seed)
    for _ in range(edits):
        _mutate(root, rng)
        session.rebuild()
