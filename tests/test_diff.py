"""``explainer diff BASE``: records, fields, problems and pages that a content change touches.

The golden files in ``tests/golden_diff/`` are the summary of one scripted
change to the default content. After an intended change to the output (or to
the default content), rewrite them with::

    pytest tests/test_diff.py --update-golden

and review their diff like any other change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import AS_OF, MINIMAL, ContentFactory, write_files

from generator.adapters.cli import main
from generator.adapters.diff import (
    MAX_LISTED,
    Diff,
    RecordChange,
    compare,
    read_side,
    to_json,
    to_markdown,
)

GOLDEN = Path(__file__).resolve().parent / "golden_diff"

#: The scripted change: an actor's summary and one of its positions, an event's
#: date, a new event, and a claim that nothing refers to is removed.
SHOIGU_SUMMARY = (
    "  Russia's Minister of Defence from 2012 to 2024. His July 2023 trip to",
    "  Russia's Minister of Defence from 2012 to 2024, and a close ally of\n"
    "  [[vladimir-putin]]. His July 2023 trip to",
)
SHOIGU_POSITION = ("date: 1994-01/2012-05", "date: 1991-11/2012-05")
MEETING_DATE = ("date: 2023-09?", "date: 2023-09-13")
NEW_EVENT = {"events/kim-visits-vostochny-cosmodrome.yml": """\
    title: Expected visit to the Vostochny Cosmodrome
    date: 2023-09?
    status: expected
    participants: [kim-jong-un]
    summary: >-
      [[kim-jong-un]] is expected to see Russia's new space launch site.
    sources: [nyt-kim-vladivostok-trip]
    """}
REMOVED_CLAIM = "claims/nyt-kim-likely-to-visit-vladivostok.yml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path}: update the scripted change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def scripted_change(content: Path) -> None:
    edit(content / "actors/sergei-shoigu.yml", *SHOIGU_SUMMARY)
    edit(content / "actors/sergei-shoigu.yml", *SHOIGU_POSITION)
    edit(content / "events/kim-putin-vladivostok-meeting.yml", *MEETING_DATE)
    write_files(content, NEW_EVENT)
    removed = content / REMOVED_CLAIM
    assert removed.is_file()
    assert not any(REMOVED_CLAIM.split("/")[1][:-4] in p.read_text(encoding="utf-8")
                   for p in content.rglob("*.*") if p != removed), "the claim is referenced"
    removed.unlink()


@pytest.fixture
def changed_project(default_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default site in tmp, its content copied to base-content/, then changed."""
    shutil.copytree(default_project / "content", default_project / "base-content")
    scripted_change(default_project / "content")
    monkeypatch.chdir(default_project)
    monkeypatch.delenv("SITE_URL", raising=False)
    return default_project


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def check_golden(name: str, text: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run pytest {__file__} --update-golden"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"the summary differs from tests/golden_diff/{name}; if the change is intended, "
        f"run `pytest tests/test_diff.py --update-golden` and review the diff")


# ------------------------------------------------------------------- golden


def test_markdown_summary_is_golden(changed_project: Path, request: pytest.FixtureRequest,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diff", "base-content"], capsys)
    assert code == 0, err
    check_golden("summary.md", out, request)
    assert "records: 1 added, 0 renamed, 2 changed, 1 removed" in err


def test_json_summary_is_golden(changed_project: Path, request: pytest.FixtureRequest,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "base-content", "--format", "json"], capsys)
    assert code == 0
    check_golden("summary.json", out, request)


def test_golden_summary_says_what_the_change_did(changed_project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The golden files are reviewed by people; this pins what matters in them."""
    _, out, _ = run(["diff", "base-content", "--format", "json"], capsys)
    data = json.loads(out)
    changes = {(r["change"], r["type"], r["id"]): r for r in data["records"]}
    assert set(changes) == {
        ("changed", "actor", "sergei-shoigu"),
        ("changed", "event", "kim-putin-vladivostok-meeting"),
        ("added", "event", "kim-visits-vostochny-cosmodrome"),
        ("removed", "claim", "nyt-kim-likely-to-visit-vladivostok"),
    }
    shoigu = changes["changed", "actor", "sergei-shoigu"]
    assert shoigu["name"] == "Sergei Shoigu"
    assert [f["field"] for f in shoigu["fields"]] == ["summary", "positions"]
    meeting = changes["changed", "event", "kim-putin-vladivostok-meeting"]
    assert meeting["fields"] == [{"field": "date", "old": "2023-09?", "new": "2023-09-13"}]
    pages = data["pages"]
    assert pages["added"] == ["events/kim-visits-vostochny-cosmodrome.md"]
    assert pages["removed"] == ["claims/nyt-kim-likely-to-visit-vladivostok.md"]
    # A changed actor changes every page that shows it, not only its own.
    for page in ("actors/sergei-shoigu.md", "actors/index.md", "actors/kim-jong-un.md",
                 "events/kim-putin-vladivostok-meeting.md", "timeline/index.md"):
        assert page in pages["changed"], page
    # Russia's page shows Kim Jong Un, whose dot in its network grew smaller with the
    # claim about him removed; the United States' shows no actor the change touched.
    assert "actors/united-states.md" not in pages["changed"]
    assert data["summary"]["pages"] == {k: len(v) for k, v in pages.items()}
    assert data["problems"] == []

    _, md, _ = run(["diff", "base-content"], capsys)
    assert "- changed **Sergei Shoigu** (`sergei-shoigu`): `summary`; `positions`" in md
    assert "`date`: `2023-09?` → `2023-09-13`" in md
    assert "- removed `claims/nyt-kim-likely-to-visit-vladivostok.md`" in md


def test_json_is_deterministic(changed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(["diff", "base-content", "--format", "json"], capsys)[1]
    second = run(["diff", "base-content", "--format", "json"], capsys)[1]
    assert first == second


def test_no_change(changed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "content"], capsys)
    assert code == 0
    assert "**Records:** none changed. **Pages:** none change. **Problems:** none." in out
    assert "### Records" not in out


def test_output_file_and_preview_links(changed_project: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "base-content", "-o", "diff.md",
                        "--preview-url", "https://octo.github.io/explainer/pr-preview/pr-7"],
                       capsys)
    assert code == 0
    assert out == ""
    text = (changed_project / "diff.md").read_text(encoding="utf-8")
    preview = "https://octo.github.io/explainer/pr-preview/pr-7/"
    assert f"- changed [`actors/sergei-shoigu.md`]({preview}actors/sergei-shoigu/)" in text
    assert f"- changed [`actors/index.md`]({preview}actors/)" in text
    # removed pages are not in the preview: no link
    assert "- removed `claims/nyt-kim-likely-to-visit-vladivostok.md`" in text


# ---------------------------------------------------------------- small sites


def project(make_content: ContentFactory, files: Mapping[str, str | None] | None = None,
            ) -> Path:
    """MINIMAL content (changed by ``files``) with a mkdocs.yml; returns the root."""
    root = make_content(files).root
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - explainer:\n      as_of: {AS_OF}\n", encoding="utf-8")
    return root


def base_copy(root: Path) -> str:
    shutil.copytree(root / "content", root / "base")
    return "base"


def test_problems_in_the_new_content_exit_1(make_content: ContentFactory,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    write_files(root / "content", {
        "events/summit.yml": "title: The summit\ndate: [broken\n",
        "actors/bob.yml": "name: Bob\nkind: person\nsummary: Hi [[nobody]].\n",
    })
    monkeypatch.chdir(root)
    code, out, _ = run(["diff", base], capsys)
    assert code == 1
    assert "- changed **summit** (`summit`): does not load — 1 error" in out
    assert "- added **Bob** (`bob`) — 1 error" in out
    assert "**Pages:** not compared." in out
    assert "Pages not compared: the new content has errors" in out
    assert "### Problems in the new content" in out
    assert "content/events/summit.yml:3:1: error: invalid YAML" in out
    assert "content/actors/bob.yml:3:13: error: unknown id 'nobody'" in out
    data = json.loads(run(["diff", base, "--format", "json"], capsys)[1])
    assert data["pages"] is None
    summit = next(r for r in data["records"] if r["id"] == "summit")
    assert summit["loads"] is False
    assert summit["errors"] == 1
    # the records that refer to the summit do not: it still declares its id
    assert data["summary"]["errors"] == 2
    assert {p["path"] for p in data["problems"]} == {
        "content/actors/bob.yml", "content/events/summit.yml"}


def test_problems_are_bounded(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    write_files(root / "content", {
        f"actors/bad-{i}.yml": "name: Bad\nkind: person\nsummary: See [[nobody]].\n"
        for i in range(8)})
    monkeypatch.chdir(root)
    code, out, _ = run(["diff", base], capsys)
    assert code == 1
    assert "8 errors and 0 warnings; the first 5:" in out
    assert out.count("error: ") == 5


def test_renamed_record_and_glossary(make_content: ContentFactory,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    acme = textwrap.dedent(MINIMAL["actors/acme.yml"]) + "formerly: [acme]\n"
    files: dict[str, str | None] = {
        "actors/acme.yml": None,
        "actors/acme-ministry.yml": acme,
        "glossary.yml": "ACME: A ministry of Freedonia, renamed.\nFDN: Freedonia.\n",
    }
    for rel in ("actors/alice.yml", "claims/alice-says.yml", "actors/acme-ministry.yml"):
        text = files.get(rel) or textwrap.dedent(MINIMAL[rel])
        files[rel] = text.replace("acme\n", "acme-ministry\n").replace(
            "[[acme]]", "[[acme-ministry]]").replace("formerly: [acme-ministry]",
                                                     "formerly: [acme]")
    write_files(root / "content", files)
    monkeypatch.chdir(root)
    code, out, err = run(["diff", base], capsys)
    assert code == 0, out + err
    assert ("- renamed **Acme Ministry** (`acme-ministry`), formerly `acme`: "
            "`formerly`: +`acme`") in out
    assert ("- changed **Alice Example** (`alice`): `summary`: `A spokesperson for [[acme]].` "
            "→ `A spokesperson for [[acme-ministry]].`; `positions`; `relations`") in out
    assert "- changed **The summit went well** (`alice-says`): " \
           "`on_behalf_of`: `acme` → `acme-ministry`" in out
    assert "### Glossary\n\n- added `FDN`\n- changed `ACME`\n" in out
    data = json.loads(run(["diff", base, "--format", "json"], capsys)[1])
    renamed = next(r for r in data["records"] if r["change"] == "renamed")
    assert renamed["renamed_from"] == "acme"
    assert renamed["fields"] == [{"field": "formerly", "added": ["acme"], "removed": []}]
    assert data["summary"]["records"]["removed"] == 0
    assert "actors/acme-ministry.md" in data["pages"]["added"]
    assert "actors/acme.md" in data["pages"]["removed"]


def test_story_body_and_list_fields(make_content: ContentFactory,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    story = textwrap.dedent(MINIMAL["stories/overview.md"]).replace("spoke after", "talked after")
    event = textwrap.dedent(MINIMAL["events/summit.yml"]).replace(
        "sources: [report-one]", "sources: [report-one]\ntags: [summits, freedonia]\n"
                                 "status: reported")
    write_files(root / "content", {"stories/overview.md": story, "events/summit.yml": event})
    monkeypatch.chdir(root)
    _, out, _ = run(["diff", base], capsys)
    assert "- changed **What happened** (`overview`): `body`" in out
    assert "`tags`: +`summits`, +`freedonia`; `status`: _none_ → `reported`" in out
    assert "- changed `index.md`" in out


def test_empty_base_folder(make_content: ContentFactory,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    (root / "empty").mkdir()
    monkeypatch.chdir(root)
    code, out, _ = run(["diff", "empty", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["records"]["added"] == len(MINIMAL) - 1  # all but the glossary
    assert data["pages"]["removed"] == []
    assert "actors/alice.md" in data["pages"]["added"]
    assert "index.md" in data["pages"]["changed"]  # an overview without a home story before


def test_base_with_errors_is_not_rendered(make_content: ContentFactory,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    write_files(root / base, {"actors/acme.yml": "name: [\n"})
    monkeypatch.chdir(root)
    code, out, _ = run(["diff", base], capsys)
    assert code == 0  # only the new side's errors count
    assert "- changed **Acme Ministry** (`acme`): does not load" not in out
    assert "- changed **Acme Ministry** (`acme`)" in out
    assert "Pages not compared: the base content has errors, so it is not rendered." in out
    assert "**Problems:** none." in out


def test_usage_errors(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    code, _, err = run(["diff", "origin/main"], capsys)
    assert code == 2
    assert "not in a git repository" in err
    assert main(["diff"]) == 2
    assert main(["diff", "base", "--format", "html"]) == 2
    capsys.readouterr()


def test_long_lists_are_bounded() -> None:
    from generator.core.config import make_settings
    records = [RecordChange("added", "actor", f"a-{i:03}", f"A {i}", f"content/actors/a-{i}.yml")
               for i in range(MAX_LISTED + 7)]
    pages = {"added": [f"actors/a-{i:03}.md" for i in range(MAX_LISTED + 3)],
             "changed": ["actors/index.md"], "removed": []}
    diff = Diff({"folder": "base"}, records, [], [], pages)
    text = to_markdown(diff, make_settings(Path.cwd(), {"as_of": AS_OF}))
    assert text.count("- added **A ") == MAX_LISTED
    assert "- … and 7 more records" in text
    assert text.count("- added `actors/a-") == MAX_LISTED
    assert "- … and 4 more pages" in text  # 3 more added, and the changed listing
    assert f"**Records:** {MAX_LISTED + 7} added." in text
    assert f"**Pages:** {MAX_LISTED + 4} change." in text


def test_content_text_cannot_inject_markup(make_content: ContentFactory,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    base = base_copy(root)
    write_files(root / "content", {
        "actors/evil.yml": """\
            name: "<img src=x onerror=alert(1)> [click](https://evil.example) @octocat **b**"
            kind: person
            summary: Evil.
            """,
        "places/capital.yml": textwrap.dedent(MINIMAL["places/capital.yml"]).replace(
            "kind: city", "kind: city\naliases: ['a `tick`']").replace(
            "name: Capital City", "name: 'Capital ``City'"),
    })
    monkeypatch.chdir(root)
    _, out, _ = run(["diff", base], capsys)
    line = next(x for x in out.splitlines() if "`evil`" in x)
    assert "<img" not in line
    assert "[click](" not in line
    assert "@octocat" not in line  # no mention: a word joiner follows the @
    assert "\\*\\*b\\*\\*" in line
    assert "`name`: `Capital City` → ```Capital ``City```" in out
    assert "`aliases`: +`` a `tick` ``" in out


# ------------------------------------------------------------------------ git


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env,
                          timeout=60, check=True)
    return proc.stdout


def git_project(make_content: ContentFactory) -> Path:
    root = project(make_content)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    return root


def test_git_ref(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
    root = git_project(make_content)
    write_files(root / "content", {
        "actors/acme.yml": "name: Acme Ministry\nkind: government-body\nsummary: Renamed.\n",
        "actors/bob.yml": "name: Bob Example\nkind: person\nsummary: New.\n",
        "glossary.yml": None,
    })
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")
    head_1 = git(root, "rev-parse", "HEAD~1").strip()
    monkeypatch.chdir(root)
    code, out, err = run(["diff", "HEAD~1", "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["base"] == {"ref": "HEAD~1", "commit": head_1}
    assert [(r["change"], r["id"]) for r in data["records"]] == [
        ("added", "bob"), ("changed", "acme")]
    assert data["records"][1]["fields"] == [
        {"field": "summary", "old": "A ministry.", "new": "Renamed."}]
    assert data["glossary"] == [{"change": "removed", "term": "ACME"}]
    assert "glossary.md" in data["pages"]["removed"]
    # the same with a commit id, from another folder, and the working tree counts
    (root / "content/actors/bob.yml").unlink()
    monkeypatch.chdir(root.parent)
    code, out, _ = run(["diff", head_1, "-f", str(root / "mkdocs.yml")], capsys)
    assert code == 0
    assert f"Compared with `{head_1}` at `{head_1[:12]}`." in out
    assert "bob" not in out
    assert "- changed **Acme Ministry** (`acme`): `summary`" in out


def test_git_ref_before_the_content_existed(make_content: ContentFactory,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = project(make_content)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "mkdocs.yml")
    git(root, "commit", "-q", "-m", "settings only")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    monkeypatch.chdir(root)
    code, out, _ = run(["diff", "HEAD~1", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {r["change"] for r in data["records"]} == {"added"}
    assert data["summary"]["glossary"]["added"] == 1


def test_git_content_in_a_subfolder_with_symlinks(make_content: ContentFactory,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The content folder's path inside the repository comes from the settings."""
    root = project(make_content)
    site = root / "site-src"
    site.mkdir()
    (root / "content").rename(site / "content")
    (root / "mkdocs.yml").rename(site / "mkdocs.yml")
    (site / "content/actors/alias.yml").symlink_to("acme.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    edit(site / "content/actors/acme.yml", "A ministry.", "A big ministry.")
    monkeypatch.chdir(site)
    code, out, _ = run(["diff", "HEAD", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    # acme changed, and so did its alias: the link was materialised as a link
    assert [(r["change"], r["id"]) for r in data["records"]] == [
        ("changed", "acme"), ("changed", "alias")]


def test_bad_git_ref_is_a_usage_error(make_content: ContentFactory,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = git_project(make_content)
    monkeypatch.chdir(root)
    for ref in ("no-such-branch", "HEAD~5", "--output=x", "HEAD:content"):
        code, out, err = run(["diff", "--", ref], capsys)
        assert code == 2, ref
        assert out == ""
        assert "is neither a folder nor a commit" in err or "is not a git ref" in err
    assert not (root / "x").exists()


def test_sides_directly(make_content: ContentFactory) -> None:
    """The library API: read two sides and compare them without the CLI."""
    settings = make_content()
    old = read_side(settings)
    assert old.files is not None
    assert ("actor", "alice") in old.records
    new = read_side(settings)
    diff = compare(old, new, {"folder": "same"})
    assert diff.records == []
    assert diff.pages == {"added": [], "changed": [], "removed": []}
    assert to_json(diff, settings)["summary"]["records"] == {
        "added": 0, "renamed": 0, "changed": 0, "removed": 0}
