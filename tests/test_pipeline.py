"""The whole pipeline on small content: check() and build(), page paths, hubs, overview."""

from __future__ import annotations

import re

import pytest
from conftest import AS_OF, ROOT, ContentFactory

from generator.core.config import make_settings
from generator.outputs.network import NETWORK_CSS
from generator.pipeline import Result, build, check

RECORD_PAGES = {
    "actors/alice.md", "actors/acme.md", "actors/freedonia.md", "events/summit.md",
    "claims/alice-says.md", "sources/report-one.md", "places/capital.md",
}
LISTINGS = {"actors/index.md", "events/index.md", "claims/index.md", "sources/index.md",
            "places/index.md"}

#: MINIMAL without a home story, plus an expected event and a disputed claim.
NO_HOME = {
    "stories/overview.md": None,
    "events/next-summit.yml": """\
        title: The next summit
        date: 2023-10
        status: expected
        summary: Leaders are expected to meet again.
        sources: [report-one]
        """,
    "events/earlier-talks.yml": """\
        title: Earlier talks
        date: 2023-03-01
        summary: Officials met.
        sources: [report-one]
        """,
    "claims/freedonia-denies.yml": """\
        speaker: freedonia
        date: 2023-07-29
        text: The summit did not go well.
        responds_to: alice-says
        stance: denies
        sources: [report-one]
        """,
}


def built(result: Result) -> dict[str, str]:
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert result.rendered is not None
    return result.rendered.files


def section(page: str, heading: str) -> str:
    """The text under a ``## heading``, up to the next heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^#|\Z)", page, re.M | re.S)
    assert match, f"no '## {heading}' section in:\n{page}"
    return match.group(1)


# ------------------------------------------------------------------ check/build


def test_check_minimal(make_content: ContentFactory) -> None:
    result = check(make_content())
    assert result.problems == []
    assert result.ok
    assert result.site is not None
    assert result.rendered is None  # check never renders
    assert set(result.site.entries) == {
        "alice", "acme", "freedonia", "summit", "alice-says", "report-one", "capital",
        "overview"}


def test_build_minimal_has_no_problem(make_content: ContentFactory) -> None:
    result = build(make_content())
    assert result.problems == []
    assert result.ok
    assert result.rendered is not None


def test_page_paths(make_content: ContentFactory) -> None:
    files = built(build(make_content()))
    assert set(files) >= RECORD_PAGES
    assert set(files) >= LISTINGS
    assert {"index.md", "glossary.md", "assets/explainer.css"} <= set(files)
    # the home story is the home page, not a page of its own
    assert files["index.md"].startswith("# What happened\n")
    assert "stories/overview.md" not in files
    assert not any(path.startswith("tags/") for path in files)  # MINIMAL has no tags
    assert list(files) == sorted(files)


def test_tag_pages(make_content: ContentFactory) -> None:
    files = built(build(make_content({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met.
        tags: [trade, diplomacy]
        sources: [report-one]
        """})))
    assert {"tags/index.md", "tags/trade.md", "tags/diplomacy.md"} <= set(files)
    assert "[#trade](trade.md) (1)" in files["tags/index.md"]
    assert "[The summit](../events/summit.md)" in files["tags/trade.md"]
    assert "[#trade](../tags/trade.md)" in files["events/summit.md"]


def test_no_glossary_no_glossary_page(make_content: ContentFactory) -> None:
    files = built(build(make_content({"glossary.yml": None})))
    assert "glossary.md" not in files


def test_stylesheet_is_the_package_asset(make_content: ContentFactory) -> None:
    files = built(build(make_content()))
    css = (ROOT / "generator/pages/assets/explainer.css").read_text(encoding="utf-8")
    assert files["assets/explainer.css"].startswith(css)
    assert files["assets/explainer.css"].endswith(NETWORK_CSS)


def test_pages_end_with_one_newline(make_content: ContentFactory) -> None:
    for path, text in built(build(make_content())).items():
        if path.endswith(".md"):
            assert text.endswith("\n"), path
            assert not text.endswith("\n\n"), path
            assert "\n\n\n" not in text, path


def test_no_rendering_when_there_are_errors(make_content: ContentFactory) -> None:
    result = build(make_content({"actors/bob.yml": """\
        name: Bob
        kind: persn
        summary: Someone.
        """}))
    assert not result.ok
    assert result.rendered is None
    assert [p.format() for p in result.problems if p.is_error] == [
        "content/actors/bob.yml:2:7: error: 'kind' is 'persn', which is not one of: person, "
        "organization, state, government-body, armed-group, media; did you mean 'person'?"]


def test_warnings_do_not_stop_rendering(make_content: ContentFactory) -> None:
    result = build(make_content({"sources/report-one.yml": """\
        title: Report one
        kind: news
        date: 2023-07-28
        pages: 3
        """}))
    assert result.ok
    assert [p.code for p in result.problems] == ["unknown-field"]
    assert result.rendered is not None
    assert "sources/report-one.md" in result.rendered.files


def test_all_problems_are_reported_at_once(make_content: ContentFactory) -> None:
    result = check(make_content({
        "actors/bob.yml": "name: Bob\nkind: persn\nsummary: S.\n",
        "places/town.yml": "name: Town\nkind: village\n",
    }))
    assert {p.location.path for p in result.problems if p.is_error} == {
        "content/actors/bob.yml", "content/places/town.yml"}


# ---------------------------------------------------------------- hubs and nav


def test_hubs_are_never_record_pages(make_content: ContentFactory) -> None:
    result = build(make_content({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met.
        tags: [trade]
        sources: [report-one]
        """}))
    files = built(result)
    assert result.rendered is not None
    hubs = [(hub.title, hub.path) for hub in result.rendered.hubs]
    paths = [path for _, path in hubs]
    assert not set(paths) & result.rendered.record_pages
    assert not set(paths) & RECORD_PAGES
    assert "tags/trade.md" not in paths
    assert set(paths) <= set(files)
    assert len(paths) == len(set(paths))
    assert hubs[0] == ("Home", "index.md")
    for title, path in [("Actors", "actors/index.md"), ("Events", "events/index.md"),
                        ("Claims", "claims/index.md"), ("Sources", "sources/index.md"),
                        ("Places", "places/index.md"), ("Glossary", "glossary.md"),
                        ("Tags", "tags/index.md")]:
        assert (title, path) in hubs


def test_record_pages_are_every_record_page(make_content: ContentFactory) -> None:
    result = build(make_content({"stories/second.md": """\
        ---
        title: A second story
        ---
        About [[acme]].
        """}))
    built(result)
    assert result.rendered is not None
    pages = result.rendered.record_pages
    assert RECORD_PAGES | {"stories/second.md"} <= pages
    assert "index.md" not in pages  # the home story is the home page, a hub
    assert not pages & LISTINGS
    assert pages <= set(result.rendered.files)


def test_default_content_hubs_and_record_pages() -> None:
    settings = make_settings(ROOT, {"as_of": AS_OF})
    result = build(settings)
    files = built(result)
    assert result.rendered is not None
    hubs = {hub.path for hub in result.rendered.hubs}
    assert not hubs & result.rendered.record_pages
    for folder in ("actors", "events", "claims", "sources", "places"):
        for record in (ROOT / "content" / folder).glob("*.yml"):
            assert f"{folder}/{record.stem}.md" in result.rendered.record_pages
    assert "stories/shoigu-in-pyongyang.md" in result.rendered.record_pages
    # every generated page is either a hub or a record (or tag) page
    pages = {path for path in files if path.endswith(".md")}
    assert pages == hubs | result.rendered.record_pages


# -------------------------------------------------------------------- overview


def test_overview_without_home_story(make_content: ContentFactory) -> None:
    files = built(build(make_content(NO_HOME, site_name="Freedonia explained")))
    page = files["index.md"]
    assert page.startswith("# Freedonia explained\n")
    assert "*As of 5 September 2023.*" in page
    actors = section(page, "Key actors")
    for name in ("[Alice Example](actors/alice.md)", "[Acme Ministry](actors/acme.md)",
                 "[Freedonia](actors/freedonia.md)"):
        assert name in actors
    assert '<div class="grid cards ex-cards" markdown>' in actors  # shown as cards
    assert actors.index("Alice Example") < actors.index("Freedonia")  # most connected first
    assert "### At a glance, as of 5 September 2023" in page  # the key facts panel
    latest = panel(page, "latest")
    assert "[The summit](events/summit.md)" in latest
    assert "[Earlier talks](events/earlier-talks.md)" in latest
    assert latest.index("The summit") < latest.index("Earlier talks")  # newest first
    assert "next-summit" not in latest
    coming = panel(page, "next")
    assert "[The next summit](events/next-summit.md)" in coming
    assert "ex-badge--expected" in coming
    disputed = panel(page, "disputed")
    assert "[The summit went well](claims/alice-says.md)" in disputed
    assert "ex-badge--disputed" in disputed
    # The denial is not disputed itself: it shows only as the answer under the claim.
    assert disputed.count("freedonia-denies") == 1
    assert "    - " in disputed.split("freedonia-denies", 1)[0].rsplit("\n", 1)[1]
    assert "stories/overview.md" not in files


def panel(page: str, kind: str) -> str:
    """The text of one of the home page's panels."""
    return page.split(f'<div class="ex-panel ex-panel--{kind}" markdown>', 1)[1] \
        .split("</div>", 1)[0]


def test_overview_title_defaults(make_content: ContentFactory) -> None:
    files = built(build(make_content(NO_HOME)))
    assert files["index.md"].startswith("# Overview\n")


def test_overview_without_open_questions(make_content: ContentFactory) -> None:
    files = built(build(make_content({"stories/overview.md": None})))
    page = files["index.md"]
    assert "## Key actors" in page
    assert "### Latest developments" in page
    assert "ex-panel--disputed" not in page  # nothing disputed, nothing expected: no box
    assert "ex-panel--next" not in page


def test_overview_sources_are_footnotes(make_content: ContentFactory) -> None:
    page = built(build(make_content(NO_HOME)))["index.md"]
    assert "[^report-one]" in page
    assert "[^report-one]: [Report one](sources/report-one.md), 28 July 2023." in page


# ------------------------------------------------------------ text on the pages


def test_every_citation_mark_has_its_footnote(make_content: ContentFactory) -> None:
    """A '[^id]' without a '[^id]: ...' definition shows as raw text on the page."""
    for settings in (make_content(NO_HOME), make_settings(ROOT, {"as_of": AS_OF})):
        missing = {}
        for path, text in built(build(settings)).items():
            marks = set(re.findall(r"\[\^([\w-]+)\](?!:)", text))
            defined = set(re.findall(r"^\[\^([\w-]+)\]:", text, re.M))
            if marks - defined:
                missing[path] = sorted(marks - defined)
        assert not missing, f"citation marks without footnotes: {missing}"


def test_place_listing_has_one_item_per_place(make_content: ContentFactory) -> None:
    files = built(build(make_content({
        "places/capital.yml": """\
            name: Capital City
            kind: city
            summary: The capital.
            """,
        "places/port.yml": """\
            name: Port Town
            kind: city
            summary: The port.
            """,
        "places/hills.yml": """\
            name: The Hills
            kind: region
            """,
    })))
    page = files["places/index.md"]
    assert re.search(r"^- \[Capital City\]\(capital\.md\): The capital\.$", page, re.M), page
    assert re.search(r"^- \[Port Town\]\(port\.md\): The port\.$", page, re.M), page
    assert re.search(r"^- \[The Hills\]\(hills\.md\)$", page, re.M), page
    assert re.search(r"\n\n## Region\n", page), page


def test_story_listing_has_one_item_per_story(make_content: ContentFactory) -> None:
    files = built(build(make_content({
        "stories/first.md": "---\ntitle: First story\nsummary: The first.\norder: 1\n---\nA.\n",
        "stories/second.md": "---\ntitle: Second story\nsummary: The second.\norder: 2\n---\nB.\n",
    })))
    page = files["stories/index.md"]
    assert re.search(r"^- \[First story\]\(first\.md\): The first\.$", page, re.M), page
    assert re.search(r"^- \[Second story\]\(second\.md\): The second\.$", page, re.M), page
    assert page.index("First story") < page.index("Second story")


def test_titles_at_the_date(make_content: ContentFactory) -> None:
    files = built(build(make_content({"actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson.
        positions:
          - title: Spokesperson
            of: acme
            date: 2020/2023-08-01
          - title: Minister
            of: acme
            date: 2023-08-02/..
        """})))
    event = files["events/summit.md"]
    assert "[Alice Example](../actors/alice.md), Spokesperson of Acme Ministry" in event
    assert "Minister" not in event
    actor = files["actors/alice.md"]
    assert "*Person* · Minister of Acme Ministry" in actor
    # Not the title in the heading: the timeline says which one she held then.
    assert "(host, as Spokesperson of Acme Ministry)" in actor


@pytest.mark.parametrize("path", ["events/summit.md", "claims/alice-says.md"])
def test_speaker_appositive_is_closed_by_a_comma(make_content: ContentFactory,
                                                 path: str) -> None:
    """'Alice Example, Spokesperson of Acme Ministry, said: …', as the spec's
    'Sergei Shoigu, then Russia's Defence Minister, visited …'."""
    files = built(build(make_content({"claims/acme-agrees.yml": """\
        speaker: alice
        date: 2023-07-30
        text: It went very well.
        responds_to: alice-says
        stance: repeats
        sources: [report-one]
        """, "events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met.
        participants:
          - actor: alice
            role: host
        sources: [report-one]
        """})))
    page = files[path]
    assert "[Alice Example](../actors/alice.md), Spokesperson of Acme Ministry, said:" in page
    assert "Spokesperson of Acme Ministry, **repeated**:" in page
    assert "Spokesperson (Acme Ministry) said:" not in page
