"""The check cache: the same problems with or without it, after every kind of edit.

Each step edits the content, then checks it three ways: without a cache (the
truth), with a :class:`DiskCache` read by a new object (as a new ``explainer
check`` process would), and with one :class:`MemoryCache` kept across steps.
"""

from __future__ import annotations

import json
import os
import random
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from conftest import MINIMAL, ContentFactory, write_files

import generator
from generator.adapters.cli import main
from generator.core.config import Settings, make_settings
from generator.core.models import Event
from generator.pipeline import Result, check
from generator.speed.cache import CACHE_DIR, DiskCache, MemoryCache, QuickResult, fingerprint

Files = Mapping[str, str | bytes | None]


def _seen(result: Result) -> list[tuple[str, str, str | None, str | None]]:
    """Everything a check reports: each problem in full, in order, and the count of records."""
    return [(p.format(), p.code, p.value, p.hint) for p in result.problems] + [
        ("records", str(result.records), None, None)]


class Checker:
    """Checks one project three ways after each edit and insists they agree."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.memory = MemoryCache()
        self.quick = 0

    def edit(self, files: Files) -> list[str]:
        write_files(self.settings.content_dir, files)
        return self.check()

    def check(self) -> list[str]:
        truth = check(self.settings)
        disk = check(self.settings, cache=DiskCache.for_project(self.settings))
        memory = check(self.settings, cache=self.memory)
        assert _seen(disk) == _seen(truth)
        assert _seen(memory) == _seen(truth)
        assert disk.site is None
        assert memory.site is not None
        assert truth.site is not None
        assert list(memory.site.entries) == list(truth.site.entries)
        return [p.format() for p in truth.problems]


@pytest.fixture
def checker(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> Checker:
    checker = _counting(Checker(make_content()), monkeypatch)
    assert checker.check() == []
    return checker


def _counting(checker: Checker, monkeypatch: pytest.MonkeyPatch) -> Checker:
    """Counts the checks the disk cache answered the quick way (changed files only)."""
    quick = DiskCache.quick

    def counted(*args: object, **kwargs: object) -> QuickResult | None:
        result = quick(*args, **kwargs)  # type: ignore[arg-type]
        checker.quick += result is not None
        return result

    monkeypatch.setattr(DiskCache, "quick", counted)
    return checker


SUMMIT = textwrap.dedent(MINIMAL["events/summit.yml"])
CLAIM = textwrap.dedent(MINIMAL["claims/alice-says.yml"])


# ------------------------------------------------------------- edits in a file


def test_an_error_brought_in_then_fixed(checker: Checker) -> None:
    assert checker.edit({"events/summit.yml": SUMMIT.replace("place: capital",
                                                             "place: capitol")}) == [
        "content/events/summit.yml:4:8: error: unknown place 'capitol' in place; "
        "did you mean 'capital'?",
    ]
    # Another file's edit: the problem above is told again from the cache.
    assert checker.edit({"claims/alice-says.yml": CLAIM.replace("went well", "went fine")}) == [
        "content/events/summit.yml:4:8: error: unknown place 'capitol' in place; "
        "did you mean 'capital'?",
    ]
    assert checker.edit({"events/summit.yml": SUMMIT}) == []
    assert checker.quick >= 3  # the edits changed nothing the other files depend on


def test_a_mention_and_its_line_move_with_the_edit(checker: Checker) -> None:
    moved = SUMMIT.replace("summary: Leaders met in [[capital]].",
                           "summary: >-\n  Leaders met\n  in [[nowhere]].")
    assert checker.edit({"events/summit.yml": moved}) == [
        "content/events/summit.yml:5:6: error: unknown id 'nowhere' in [[nowhere]]",
    ]
    assert checker.edit({"events/summit.yml": "# a comment first\n" + moved}) == [
        "content/events/summit.yml:6:6: error: unknown id 'nowhere' in [[nowhere]]",
    ]
    assert checker.edit({"events/summit.yml": SUMMIT}) == []


def test_a_file_that_stops_loading_then_loads_again(checker: Checker) -> None:
    problems = checker.edit({"sources/report-one.yml": "title: [unclosed\n"})
    # It still declares its id: its citers are not told it is unknown.
    assert len(problems) == 1
    assert problems[0].startswith("content/sources/report-one.yml:2:1: error: invalid YAML")
    assert checker.edit({"sources/report-one.yml": MINIMAL["sources/report-one.yml"]}) == []


def test_an_invalid_record_is_reported_once(checker: Checker) -> None:
    problems = checker.edit({"places/capital.yml": "name: Capital City\nkind: town\n"})
    assert len(problems) == 1
    assert "not one of" in problems[0]
    assert checker.edit({"places/capital.yml": MINIMAL["places/capital.yml"]}) == []


def test_touched_and_rewritten_files(checker: Checker) -> None:
    path = checker.settings.content_dir / "events" / "summit.yml"
    os.utime(path)
    assert checker.check() == []
    path.write_bytes(path.read_bytes())
    assert checker.check() == []


def test_an_edit_of_the_same_size_in_the_same_instant(checker: Checker) -> None:
    """The content is compared when the time cannot tell (the file was just written)."""
    path = checker.settings.content_dir / "events" / "summit.yml"
    before = path.stat()
    path.write_text(path.read_text().replace("place: capital", "place: capitax"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert checker.check() == [
        "content/events/summit.yml:4:8: error: unknown place 'capitax' in place; "
        "did you mean 'capital'?",
    ]


# --------------------------------------------------------- across the files


def test_a_deleted_file_breaks_references_elsewhere(checker: Checker) -> None:
    problems = checker.edit({"places/capital.yml": None})
    assert "content/events/summit.yml:3:25: error: unknown id 'capital' in [[capital]]" \
        in problems
    assert checker.edit({"places/capital.yml": MINIMAL["places/capital.yml"]}) == []


def test_an_added_file_resolves_a_mention_elsewhere(checker: Checker) -> None:
    assert checker.edit({"claims/alice-says.yml": CLAIM.replace(
        "text: The summit went well.", "text: The summit went well, said [[bob]].")}) == [
        "content/claims/alice-says.yml:4:34: error: unknown id 'bob' in [[bob]]",
    ]
    assert checker.edit({"actors/bob.yml": "name: Bob\nkind: person\nsummary: Bob.\n"}) == []
    assert checker.edit({"actors/bob.yml": None}) == [
        "content/claims/alice-says.yml:4:34: error: unknown id 'bob' in [[bob]]",
    ]


def test_a_record_that_changes_kind(checker: Checker) -> None:
    place = textwrap.dedent(MINIMAL["places/capital.yml"])
    moved = place.replace("kind: city", "kind: state").replace(
        "coordinates: [10.5, 20.25]", "summary: Now a state.").replace("country: freedonia\n", "")
    problems = checker.edit({"places/capital.yml": None, "actors/capital.yml": moved})
    assert "content/events/summit.yml:4:8: error: 'capital' is an actor, but place must " \
        "name a place" in problems
    assert checker.edit({"actors/capital.yml": None,
                         "places/capital.yml": MINIMAL["places/capital.yml"]}) == []


def test_a_country_that_stops_being_a_state(checker: Checker) -> None:
    state = MINIMAL["actors/freedonia.yml"]
    problems = checker.edit({"actors/freedonia.yml": state.replace("kind: state",
                                                                   "kind: organization")})
    assert any("country 'freedonia' is an actor of kind 'organization'" in p for p in problems)
    assert checker.edit({"actors/freedonia.yml": state}) == []


def test_duplicate_ids_former_ids_loops_and_homes(checker: Checker) -> None:
    assert checker.edit({"events/alice.yml": SUMMIT}) == [
        "content/events/alice.yml:1:1: error: id 'alice' is already used by "
        "content/actors/alice.yml; ids must be unique across all record types",
    ]
    assert checker.edit({"events/alice.yml": None}) == []
    acme = MINIMAL["actors/acme.yml"]
    problems = checker.edit({"actors/acme.yml": acme + "formerly: [old-acme]\n",
                             "actors/freedonia.yml": MINIMAL["actors/freedonia.yml"]
                             + "formerly: [old-acme]\n"})
    assert any("already claimed by 'acme'" in p for p in problems)
    problems = checker.edit({"claims/alice-says.yml": CLAIM.replace("about: [summit]",
                                                                    "about: [old-acme]")})
    assert any("'old-acme' was renamed to 'acme'" in p for p in problems)
    looping = {
        "claims/a.yml": "speaker: alice\ndate: 2023-08-01\ntext: A.\nsources: [report-one]\n"
                        "responds_to: b\nstance: denies\n",
        "claims/b.yml": "speaker: alice\ndate: 2023-08-02\ntext: B.\nsources: [report-one]\n"
                        "responds_to: a\nstance: denies\n",
    }
    assert any("loops back on itself" in p for p in checker.edit(looping))
    assert not any("loops back" in p for p in checker.edit({"claims/b.yml": None}))
    second = "---\ntitle: Another\nhome: true\n---\nText.\n"
    assert any("only one story" in p for p in checker.edit({"stories/another.md": second}))
    assert not any("only one story" in p for p in checker.edit({"stories/another.md": None}))


def test_settings_change_empties_the_cache(make_content: ContentFactory) -> None:
    expected = {"events/next.yml": "title: Next\ndate: 2023-10\nstatus: expected\n"
                                   "summary: S.\nsources: [report-one]\n"}
    early = make_content(expected)
    Checker(early).check()
    late = make_content(as_of="2024-01-01")
    assert any("stale" in p for p in Checker(late).check())


def test_the_cache_is_keyed_on_code_and_settings(make_content: ContentFactory,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_content()
    key = fingerprint(settings)
    assert fingerprint(make_content(as_of="2024-01-01")) != key
    assert fingerprint(make_content(require_sources=False)) != key
    monkeypatch.setattr(generator.core, "__version__", "99")
    assert fingerprint(settings) != key


# ------------------------------------------------------------ memory cache


def test_memory_cache_returns_the_same_entries_for_unchanged_files(
        make_content: ContentFactory) -> None:
    settings = make_content()
    cache = MemoryCache()
    first = check(settings, cache=cache).site
    write_files(settings.content_dir, {"events/summit.yml": SUMMIT.replace("met", "gathered")})
    second = check(settings, cache=cache).site
    assert first is not None
    assert second is not None
    changed = [rid for rid, entry in second.entries.items() if entry is not first.entries[rid]]
    assert changed == ["summit"]
    summit = second.typed("summit", Event)
    assert summit.summary.startswith("Leaders gathered")


# ------------------------------------------------------- the files on disk


def _cache_files(settings: Settings) -> Iterator[Path]:
    yield from sorted((settings.root / CACHE_DIR).glob("*.json"))


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[]", b"null", b'{"key": 1}', b"\xff\xfe", b'{"key": "x", "files": []}',
])
def test_a_damaged_cache_is_ignored(checker: Checker, damage: bytes) -> None:
    checker.edit({"events/summit.yml": SUMMIT.replace("place: capital", "place: capitol")})
    for path in _cache_files(checker.settings):
        path.write_bytes(damage)
    assert len(checker.check()) == 1
    assert len(checker.check()) == 1  # and written afresh


def test_a_tampered_cache_cannot_break_the_check(checker: Checker) -> None:
    """Well-formed JSON with the right key but wrong values: each file is read again."""
    checker.edit({"events/summit.yml": SUMMIT.replace("place: capital", "place: capitol")})
    for path in _cache_files(checker.settings):
        data = json.loads(path.read_bytes())
        for name, value in data.items():
            if isinstance(value, dict):
                data[name] = {rel: [[None, {"x": 1}], "bad", 7] for rel in value}
            elif isinstance(value, list | str) and name != "key" and name != "generation":
                data[name] = [["not", "a", "problem"]]
        path.write_text(json.dumps(data))
    assert len(checker.check()) == 1
    for path in _cache_files(checker.settings):
        text = path.read_bytes()
        for cut in (1, len(text) // 2, len(text) - 1):
            path.write_bytes(text[:cut])
            assert len(checker.check()) == 1


def test_cache_is_written_atomically_and_ignored_by_git(checker: Checker) -> None:
    folder = checker.settings.root / CACHE_DIR
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_cache_that_cannot_be_written_is_no_error(make_content: ContentFactory) -> None:
    settings = make_content()
    (settings.root / CACHE_DIR).write_text("a file where the folder would be")
    assert Checker(settings).check() == []


# ------------------------------------------------------------------- the CLI


def _cli(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--content", str(project / "content"), "--format", "json", *args])
    return code, capsys.readouterr().out


def test_cli_no_cache(make_content: ContentFactory, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_content({"events/summit.yml": SUMMIT.replace("place: capital",
                                                                 "place: capitol")})
    monkeypatch.chdir(settings.root)
    without = _cli(settings.root, "--no-cache", capsys=capsys)
    assert not (settings.root / CACHE_DIR).exists()
    first = _cli(settings.root, capsys=capsys)
    assert (settings.root / CACHE_DIR).is_dir()
    again = _cli(settings.root, capsys=capsys)
    assert without == first == again
    assert without[0] == 1
    assert "capitol" in without[1]


# ------------------------------------------------------- random edits, many


def test_random_edits_of_a_generated_corpus(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Deletions, additions, duplicates and broken or fixed values, at random: always the same."""
    from benchmarks.corpus import AS_OF, generate

    files = generate(60, seed=3)
    settings = make_settings(tmp_path, {"as_of": AS_OF})
    checker = _counting(Checker(settings), monkeypatch)
    checker.edit(files)
    rng = random.Random(7)
    names = sorted(files)
    for _ in range(30):
        name = rng.choice(names)
        path = settings.content_dir / name
        text = path.read_text(encoding="utf-8") if path.exists() else files[name]
        action = rng.randrange(6)
        if action == 0:  # delete (its references elsewhere break), or bring back
            checker.edit({name: None if path.exists() else files[name]})
        elif action == 1:  # a reference to another record, to one that is not there
            other = rng.choice(names).rsplit("/", 1)[-1].split(".")[0]
            checker.edit({name: text.replace("\nsources: [", f"\nsources: [{other}-x, ", 1)})
        elif action == 2:  # a mention of another record
            other = rng.choice(names).rsplit("/", 1)[-1].split(".")[0]
            checker.edit({name: text.replace("summary: ", f"summary: [[{other}]] ", 1)})
        elif action == 3:  # a copy under another record type's folder: a duplicate id
            folder = rng.choice(["actors", "events", "claims", "sources", "places"])
            copy = f"{folder}/{name.rsplit('/', 1)[-1].split('.')[0]}.yml"
            checker.edit({copy: None if (settings.content_dir / copy).exists() else text})
        elif action == 4:  # broken YAML, or back to the original
            checker.edit({name: files[name] if text != files[name] else text + "\n  : [\n"})
        else:  # the original again
            checker.edit({name: files[name]})
    checker.edit(files)
    assert checker.quick > 0
