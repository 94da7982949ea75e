"""Golden pages: the default content's generated Markdown, byte for byte.

``tests/golden/`` holds every file the pipeline generates from the repository's
``content/`` (as of the fixed date below), at the path it gets in the site.
After an intended change to the output, rewrite the folder with::

    make golden        # pytest tests/test_golden.py --update-golden

and review the diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, ROOT

from generator.adapters.console import plugin_options, read_mkdocs_yml
from generator.core.config import make_settings
from generator.pipeline import Result, build

GOLDEN = Path(__file__).resolve().parent / "golden"
MAX_DIFFS = 3
MAX_DIFF_LINES = 80


def default_options() -> dict[str, object]:
    """The explainer plugin's options as mkdocs.yml sets them, with a fixed as_of."""
    config = read_mkdocs_yml(ROOT / "mkdocs.yml")
    options = dict(plugin_options(config))
    options["as_of"] = AS_OF
    options["site_name"] = config["site_name"]
    return options


def build_default() -> Result:
    result = build(make_settings(ROOT, default_options()))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert result.rendered is not None
    return result


def generated_files() -> dict[str, bytes]:
    rendered = build_default().rendered
    assert rendered is not None
    return {path: text.encode("utf-8") for path, text in rendered.files.items()}


def golden_files() -> dict[str, bytes]:
    if not GOLDEN.is_dir():
        return {}
    return {path.relative_to(GOLDEN).as_posix(): path.read_bytes()
            for path in sorted(GOLDEN.rglob("*")) if path.is_file()}


def rewrite_golden(files: dict[str, bytes]) -> None:
    """Make tests/golden/ exactly ``files``: write them all, delete stale ones."""
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, data in files.items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _diff(rel: str, expected: bytes, actual: bytes) -> str:
    lines = list(difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"tests/golden/{rel}", tofile=f"generated/{rel}"))
    if not lines:  # same text, different bytes (line endings, trailing newline)
        return f"--- tests/golden/{rel}\n+++ generated/{rel}\n(bytes differ: " \
               f"{expected[-20:]!r} vs {actual[-20:]!r} at the end)\n"
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)\n"]
    return "".join(lines)


def compare(golden: dict[str, bytes], generated: dict[str, bytes]) -> list[str]:
    """Readable reasons why ``generated`` is not ``golden``; empty when equal."""
    report: list[str] = []
    missing = sorted(set(golden) - set(generated))
    extra = sorted(set(generated) - set(golden))
    changed = sorted(rel for rel in set(golden) & set(generated) if golden[rel] != generated[rel])
    if missing:
        report.append("golden pages no longer generated:\n" +
                      "\n".join(f"  - {rel}" for rel in missing))
    if extra:
        report.append("generated pages without a golden file:\n" +
                      "\n".join(f"  + {rel}" for rel in extra))
    if changed:
        report.append(f"{len(changed)} page(s) differ: {', '.join(changed)}")
        report += [_diff(rel, golden[rel], generated[rel]) for rel in changed[:MAX_DIFFS]]
        if len(changed) > MAX_DIFFS:
            report.append(f"(diffs of {len(changed) - MAX_DIFFS} more page(s) not shown)")
    return report


def in_golden(path: str) -> bool:
    """Every generated file but the open data (large, and repeating what the pages say):
    ``data/index.md`` is golden; the JSON, CSV and schemas are tested in test_export.py."""
    return not path.startswith("data/") or path.endswith(".md")


def test_golden_pages(request: pytest.FixtureRequest) -> None:
    generated = {path: data for path, data in generated_files().items() if in_golden(path)}
    if request.config.getoption("--update-golden"):
        rewrite_golden(generated)
    golden = golden_files()
    assert golden, "tests/golden/ is empty: run `make golden` to create it"
    problems = compare(golden, generated)
    assert not problems, (
        "the generated pages differ from tests/golden/; if the change is intended, "
        "run `make golden` and review the diff\n\n" + "\n\n".join(problems))


def test_golden_covers_every_record_page() -> None:
    """The golden set is the whole site: every record page, listing and asset."""
    golden = golden_files()
    for rel in ("index.md", "actors/kim-jong-un.md", "actors/sergei-shoigu.md",
                "events/shoigu-visit-to-pyongyang.md", "actors/index.md", "glossary.md",
                "assets/explainer.css"):
        assert rel in golden, rel
    for folder in ("actors", "events", "claims", "sources", "places"):
        for record in sorted((ROOT / "content" / folder).glob("*.yml")):
            assert f"{folder}/{record.stem}.md" in golden, record


def test_compare_reports_missing_extra_and_changed() -> None:
    golden = {"a.md": b"one\ntwo\n", "gone.md": b"x\n", "same.md": b"s\n"}
    generated = {"a.md": b"one\nthree\n", "new.md": b"y\n", "same.md": b"s\n"}
    text = "\n".join(compare(golden, generated))
    assert "- gone.md" in text
    assert "+ new.md" in text
    assert "-two" in text
    assert "+three" in text
    assert "same.md" not in text
    assert compare(golden, dict(golden)) == []


def test_compare_notices_byte_only_differences() -> None:
    assert compare({"a.md": b"x\n"}, {"a.md": b"x\r\n"})
    assert compare({"a.md": b"x\n"}, {"a.md": b"x"})


# ------------------------------------------------------------------ determinism

# Builds the default content in a fresh interpreter with a fake clock and prints
# a digest per generated file. The fake clock replaces datetime.datetime/date in
# the datetime module before the generator is imported.
_BUILD_SCRIPT = """
import datetime, hashlib, json, sys
year = int(sys.argv[1])
real_datetime, real_date = datetime.datetime, datetime.date

class FakeDatetime(real_datetime):
    @classmethod
    def now(cls, tz=None):
        return real_datetime(year, 1, 2, 3, 4, 5, tzinfo=tz)
    @classmethod
    def utcnow(cls):
        return real_datetime(year, 1, 2, 3, 4, 5)
    @classmethod
    def today(cls):
        return real_datetime(year, 1, 2, 3, 4, 5)

class FakeDate(real_date):
    @classmethod
    def today(cls):
        return real_date(year, 1, 2)

datetime.datetime, datetime.date = FakeDatetime, FakeDate

from pathlib import Path
from generator.core.config import default_as_of, make_settings
from generator.pipeline import build

root = Path(sys.argv[2])
options = json.loads(sys.argv[3])
result = build(make_settings(root, options))
files = result.rendered.files if result.rendered else {}
print(json.dumps({
    "clock": default_as_of({}),
    "build_day": default_as_of(),
    "order": list(files),
    "digests": {p: hashlib.sha256(t.encode()).hexdigest() for p, t in files.items()},
}))
"""


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}


def test_two_builds_are_identical() -> None:
    first = build_default().rendered
    second = build_default().rendered
    assert first is not None
    assert second is not None
    assert list(first.files) == list(second.files)
    assert first.files == second.files
    assert [(h.title, h.path) for h in first.hubs] == [(h.title, h.path) for h in second.hubs]
    assert first.record_pages == second.record_pages


@pytest.mark.parametrize(("epoch", "year", "hashseed"), [
    ("0", 1999, "1"),
    ("2000000000", 2031, "2"),
    (None, 2040, "3"),
])
def test_output_ignores_clock_and_source_date_epoch(epoch: str | None, year: int,
                                                    hashseed: str) -> None:
    """as_of is fixed, so neither the clock, SOURCE_DATE_EPOCH nor hash order matter."""
    options = default_options()
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    proc = subprocess.run(
        [sys.executable, "-c", _BUILD_SCRIPT, str(year), str(ROOT), json.dumps(options)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # the fake clock and SOURCE_DATE_EPOCH really reached the generator
    assert out["clock"] == f"{year}-01-02"
    assert out["build_day"] == {"0": "1970-01-01", "2000000000": "2033-05-18",
                                None: f"{year}-01-02"}[epoch]
    expected = generated_files()
    assert out["order"] == list(expected)
    assert out["digests"] == _digests(expected)
