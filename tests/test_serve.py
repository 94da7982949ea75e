"""`mkdocs serve` on a free loopback port: edit, break and fix a record.

Every test runs twice: with a full rebuild per edit, and with ``--dirty``, where
MkDocs rebuilds only the pages the plugin says the edit changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import write_files
from serve_support import Served, serve_minimal

pytestmark = pytest.mark.slow


@pytest.fixture(params=["full", "dirty"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    with serve_minimal(tmp_path, dirty=request.param == "dirty") as running:
        yield running


def test_edit_break_and_fix_a_record(served: Served) -> None:
    page = "actors/alice/"
    record = served.content / "actors/alice.yml"
    original = record.read_text(encoding="utf-8")

    # 1. An edit shows up in the served page.
    record.write_text(original.replace("A spokesperson for", "The voice of"), encoding="utf-8")
    served.wait_for(lambda: "The voice of" in served.get(page), "the edited summary")

    # 2. A broken edit: the notice shows, the last good page stays, the terminal says where.
    record.write_text(original.replace("kind: person", "kind: persn"), encoding="utf-8")
    served.wait_for(lambda: "The content has errors" in served.get(page), "the error notice")
    html = served.get(page)
    assert "The voice of" in html  # the last good version
    assert "content/actors/alice.yml:2:7: error:" in html
    assert "content/actors/alice.yml:2:7: error:" in served.log.read_text()

    # 3. Fixing it recovers without a restart.
    # (a summary the page does not already show: "Spokesperson of" is in its title line)
    record.write_text(original.replace("A spokesperson for", "Speaking for"), encoding="utf-8")
    served.wait_for(lambda: "Speaking for" in served.get(page), "the fixed page")
    assert "The content has errors" not in served.get(page)


def test_a_new_record_appears_without_a_restart(served: Served) -> None:
    write_files(served.content, {"actors/bob.yml": """\
        name: Bob Example
        kind: person
        summary: Another person.
        """})
    served.wait_for(lambda: "Bob Example" in served.get("actors/bob/"), "the new page")
    assert "Bob Example" in served.get("actors/")


def test_a_rename_reaches_every_page_and_the_search_index(served: Served) -> None:
    record = served.content / "actors/alice.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("Alice Example", "Alicia Sample"),
                      encoding="utf-8")
    for page in ("actors/alice/", "events/summit/", "claims/alice-says/", "actors/"):
        served.wait_for(lambda page=page: "Alicia Sample" in served.get(page),  # type: ignore[misc]
                        f"the new name on {page}")
    served.wait_for(lambda: "Alicia Sample" in served.get("search/search_index.json"),
                    "the new name in the search index")
    # With --dirty, MkDocs' warning that pages may be stale is not shown: they are not.
    assert "A 'dirty' build is being performed" not in served.log.read_text()
    index = json.loads(served.get("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"actors/alice/", "events/summit/", "places/capital/", ""} <= locations
    texts = " ".join(doc["title"] + doc["text"] for doc in index["docs"])
    assert "Alicia Sample" in texts
    assert "Alice Example" not in texts
