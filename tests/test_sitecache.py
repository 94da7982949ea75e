"""``mkdocs build --dirty`` in a fresh process gives a clean build's site, byte for byte.

Each build here is a real ``mkdocs build`` in its own process. A random (but
seeded) sequence of edits is applied to a copy of the default project; after
each step the dirty site, built from the previous build's ``site/`` and
``.explainer-cache/``, is compared file for file with a clean build of the same
content. Then each reason for a full rebuild is shown with its info line.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_preview import EPOCH, site_files

from generator.adapters.sitecache import kept_files
from generator.core.config import Settings

pytestmark = pytest.mark.slow


def mkdocs_build(project: Path, site: Path, *, dirty: bool) -> str:
    """A build in a fresh process; its log."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
               "-d", str(site)] + (["--dirty"] if dirty else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH,
                               "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return done.stderr


def assert_same_bytes(dirty: Path, clean: Path) -> None:
    got, want = site_files(dirty), site_files(clean)
    assert sorted(got) == sorted(want), (
        f"only in the dirty build: {sorted(set(got) - set(want))[:5]}; "
        f"only in the clean one: {sorted(set(want) - set(got))[:5]}")
    different = sorted(path for path in want if got[path] != want[path])
    assert different == [], f"{len(different)} file(s) differ, such as {different[:5]}"


def changed_count(log: str) -> int:
    found = re.search(r"explainer: (\d+) of \d+ generated files changed", log)
    assert found, log
    return int(found.group(1))


# ------------------------------------------------------------------ the edits


def _yaml(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _dump(path: Path, data: dict[str, object]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def change_title(content: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((content / "sources").glob("*.yml")))
    data = _yaml(path)
    data["title"] = f"{data['title']} (edited {rng.randrange(1000)})"
    _dump(path, data)
    return f"changed {path.stem}"


def add_place(content: Path, rng: random.Random) -> str:
    source = sorted((content / "sources").glob("*.yml"))[0].stem
    name = f"zz-town-{rng.randrange(10_000)}"
    _dump(content / "places" / f"{name}.yml",
          {"name": name.replace("-", " ").title(), "kind": "city", "country": "russia",
           "sources": [source]})
    return f"added {name}"


def remove_added(content: Path, rng: random.Random) -> str:
    added = sorted((content / "places").glob("zz-town-*.yml"))
    if not added:
        return add_place(content, rng)
    path = rng.choice(added)
    path.unlink()
    return f"removed {path.stem}"


def rename_actor(content: Path, rng: random.Random) -> str:
    """A new id with ``formerly``: every reference follows, the old URL redirects."""
    old = rng.choice(["adrienne-watson", "john-kirby", "kcna"])
    if not (content / "actors" / f"{old}.yml").exists():
        old = next(p.stem for p in sorted((content / "actors").glob("*.yml")))
    new = f"{old}-renamed"
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in sorted(content.rglob("*")):
        if path.suffix in (".yml", ".md") and path.name != "glossary.yml":
            text = path.read_text(encoding="utf-8")
            if pattern.search(text):
                path.write_text(pattern.sub(new, text), encoding="utf-8")
    actor = content / "actors" / f"{old}.yml"
    data = _yaml(actor)
    data["formerly"] = [*list(data.get("formerly") or []), old]  # type: ignore[call-overload]
    _dump(content / "actors" / f"{new}.yml", data)
    actor.unlink()
    return f"renamed {old} to {new}"


def change_glossary(content: Path, rng: random.Random) -> str:
    path = content / "glossary.yml"
    path.write_text(path.read_text(encoding="utf-8")
                    + f"ZZT{rng.randrange(100)}: A term added by a test.\n", encoding="utf-8")
    return "glossary"


def change_settings(content: Path, rng: random.Random) -> str:
    config = content.parent / "mkdocs.yml"
    day = rng.choice(["2023-09-06", "2023-09-12", "2023-10-01"])
    text = re.sub(r"as_of: \S+", f"as_of: {day}", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    return f"as_of {day}"


EDITS = [change_title, add_place, remove_added, rename_actor, change_glossary,
         change_settings]


def test_random_edits_build_dirty_as_a_clean_build_does(default_project: Path,
                                                        tmp_path: Path) -> None:
    rng = random.Random(16)
    site = tmp_path / "site"
    mkdocs_build(default_project, site, dirty=False)
    content = default_project / "content"
    # Edits that change few pages first, so that most steps are truly incremental.
    steps = [[change_title], [add_place, change_title], [rename_actor, remove_added],
             [change_glossary], [rng.choice(EDITS), change_settings]]
    for n, edits in enumerate(steps):
        done = [edit(content, rng) for edit in edits]
        log = mkdocs_build(default_project, site, dirty=True)
        clean = tmp_path / f"clean-{n}"
        mkdocs_build(default_project, clean, dirty=False)
        assert_same_bytes(site, clean), done
        if change_settings in edits:
            assert "building every page: mkdocs.yml" in log
        else:
            assert "building every page" not in log, (done, log)
        if n == 0:
            assert 0 < changed_count(log) < 60, log  # a dirty build, not a full one (154)
        shutil.rmtree(clean)


def test_a_plain_build_stays_clean(default_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(default_project, site, dirty=False)
    (site / "stray.html").write_text("left over", encoding="utf-8")
    log = mkdocs_build(default_project, site, dirty=False)
    assert not (site / "stray.html").exists()
    assert "generated files changed" not in log
    assert kept(default_project, site)[0].is_file()


def kept(project: Path, site: Path) -> tuple[Path, Path]:
    return kept_files(Settings(root=project, content_dir=project / "content", as_of=""),
                      str(site))


def _damage(project: Path) -> None:
    kept(project, project / "site")[1].write_text("{not json", encoding="utf-8")


def _other_format(project: Path) -> None:
    path = kept(project, project / "site")[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format"] = -1
    path.write_text(json.dumps(data), encoding="utf-8")


def _edit_config(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: ", "site_name: Renamed - ", 1), encoding="utf-8")


def _edit_overrides(project: Path) -> None:
    main = project / "overrides/main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")


def _edit_docs(project: Path) -> None:
    (project / "docs/notes.md").write_text("# Notes\n\nWritten by hand.\n", encoding="utf-8")


def _edit_code(project: Path) -> None:
    manifest = kept(project, project / "site")[0]
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["inputs"]["code"] = "0" * 32  # as if built by other code
    manifest.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(("change", "reason"), [
    (_damage, "the kept build is damaged"),
    (_other_format, "the kept build is of another format"),
    (_edit_code, "the generator's code changed"),
    (_edit_config, "mkdocs.yml (or the site URL) changed"),
    (_edit_overrides, "the theme overrides changed"),
    (_edit_docs, "the hand-written pages in the docs folder changed"),
])
def test_a_changed_input_means_a_full_build_and_says_why(
        default_project: Path, tmp_path: Path, change: object, reason: str) -> None:
    site = tmp_path / "site"
    mkdocs_build(default_project, site, dirty=False)
    (site / "stray.html").write_text("left over", encoding="utf-8")
    assert callable(change)
    change(default_project)
    log = mkdocs_build(default_project, site, dirty=True)
    assert f"explainer: building every page: {reason}" in log
    assert not (site / "stray.html").exists()  # emptied, as a clean build does
    clean = tmp_path / "clean"
    mkdocs_build(default_project, clean, dirty=False)
    assert_same_bytes(site, clean)
    # …and the next dirty build uses what this one kept.
    again = mkdocs_build(default_project, site, dirty=True)
    assert "building every page" not in again
    assert changed_count(again) == 0


def test_a_missing_cache_means_a_full_build(default_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(default_project, site, dirty=False)
    shutil.rmtree(default_project / ".explainer-cache")
    log = mkdocs_build(default_project, site, dirty=True)
    assert "building every page: no earlier build is kept" in log


def test_a_page_missing_from_the_site_is_built_again(default_project: Path,
                                                     tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(default_project, site, dirty=False)
    (site / "places/vladivostok/index.html").unlink()
    log = mkdocs_build(default_project, site, dirty=True)
    assert changed_count(log) == 1
    clean = tmp_path / "clean"
    mkdocs_build(default_project, clean, dirty=False)
    assert_same_bytes(site, clean)
