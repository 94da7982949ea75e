"""`mkdocs serve` under a burst of saves settles on the last one.

An editor (or a script) saves one record 50 times in 5 seconds: valid edits,
broken ones, a file cut short, an empty file, and finally a valid edit with a
marker. The server must stay up, and the page must end on the marker with no
error notice: never stuck on an intermediate version, never on an error.

Waits poll with a deadline; nothing here measures speed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_support import Served, serve_minimal

pytestmark = pytest.mark.slow

NOTICE = "The content has errors"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve_minimal(tmp_path, deadline=90.0) as running:
        yield running


def test_a_burst_of_saves_settles_on_the_last_one(
        served: Served) -> None:
    page = "actors/alice/"
    record = served.content / "actors/alice.yml"
    original = record.read_text(encoding="utf-8")
    marker = "Final-edit-marker-7f3a"
    broken = [original.replace("kind: person", "kind: persn"),  # a bad value
              original[: len(original) // 2],  # cut short mid-save
              "",  # truncated to nothing
              original + "name: twice\n",  # a duplicate key
              "name: [\n"]  # not YAML
    start = time.monotonic()
    for i in range(49):
        text = (broken[(i // 2) % len(broken)] if i % 2 else
                original.replace("A spokesperson for", f"Edit {i} of"))
        record.write_text(text, encoding="utf-8")
        time.sleep(max(0.0, start + (i + 1) * 0.1 - time.monotonic()))  # 50 saves in ~5 s
    record.write_text(original.replace("A spokesperson for", f"{marker}, spokesperson for"),
                      encoding="utf-8")

    def settled() -> bool:
        html = served.get(page)
        return marker in html and NOTICE not in html

    served.wait_for(settled, "the last edit, without an error notice")
    # It stays there: no rebuild of an earlier save lands after it.
    end = time.monotonic() + 5
    while time.monotonic() < end:
        assert served.server.poll() is None
        html = served.get(page)
        assert marker in html, "a stale page replaced the last edit"
        assert NOTICE not in html
        time.sleep(0.25)
    assert "Traceback" not in served.log.read_text()
