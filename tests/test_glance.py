"""The story at a glance: claims that read whole, natural sentences, claim groups,
the chronology rule, tag pages, the home page's panels and real sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, ContentFactory
from test_golden import build_default
from test_render import _render, _site

from generator.core.chronology import RULE
from generator.core.titles import LONG_CLAIM, TITLE_LIMIT, claim_title
from generator.outputs.output import Rendered
from generator.pipeline import build, check, render

# ------------------------------------------------------------------ titles


@pytest.mark.parametrize(("text", "title"), [
    ("Short and whole.", "Short and whole"),
    ("First sentence. Second one.", "First sentence"),
    ("Met the U.S. envoy in Washington, D.C. on Monday. Then left.",
     "Met the U.S. envoy in Washington, D.C. on Monday"),
    ("Julian E. Barnes reported it. Later more.", "Julian E. Barnes reported it"),
    ("Is it true? Nobody knows.", "Is it true?"),
])
def test_titles_end_at_a_sentence(text: str, title: str) -> None:
    assert claim_title(text) == title


def test_a_long_sentence_is_cut_at_its_last_clause_within_the_limit() -> None:
    text = ("US information indicates that Kim Jong Un wants the discussions to go on, "
            "including through meetings at leader level in Russia and, later, elsewhere.")
    # The comma after "and" is past the limit: the last boundary within it is the first comma.
    assert claim_title(text) == ("US information indicates that Kim Jong Un wants the "
                                 "discussions to go on")
    assert len(claim_title(text)) <= TITLE_LIMIT


def test_only_a_very_long_sentence_without_boundary_gets_an_ellipsis() -> None:
    under = " ".join(["word"] * 39)  # 194 characters, no boundary
    assert len(under) < LONG_CLAIM
    assert claim_title(under) == under
    over = " ".join(["word"] * 60)
    assert claim_title(over).endswith("…")
    assert len(claim_title(over)) <= TITLE_LIMIT


def test_a_headline_is_the_title() -> None:
    assert claim_title("A long text. With more.", "Watson urges a halt.") == "Watson urges a halt"


# ----------------------------------------------------- every page of the sites

WORDY = {
    "actors/white-house.yml": """\
        name: White House
        name_in_text: the White House
        kind: government-body
        summary: The US president's office.
        """,
    "actors/nsc.yml": """\
        name: National Security Council
        name_in_text: the National Security Council
        kind: government-body
        summary: A council.
        """,
    "actors/kirby.yml": """\
        name: John Kirby
        kind: person
        summary: A spokesman.
        positions:
          - title: Coordinator for Strategic Communications
            of: nsc
            date: 2022/..
        """,
    "claims/long-one.yml": """\
        speaker: kirby
        on_behalf_of: white-house
        date: 2023-08-30
        text: >-
          Russia has been negotiating quietly with North Korea for munitions and other
          supplies for its war in Ukraine, and those negotiations, which began last year,
          are moving forward.
        sources: [report-one]
        """,
    "claims/nsc-one.yml": """\
        speaker: kirby
        on_behalf_of: nsc
        date: 2023-08-30
        text: The talks are advancing.
        responds_to: long-one
        stance: repeats
        sources: [report-one]
        """,
    "stories/notes.md": """\
        ---
        title: Notes
        ---
        Kirby spoke ([[long-one]]). Then again ([[nsc-one]]).
        """,
}

_LINK_TEXT = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?!http)[^)]*\)")
_H1 = re.compile(r"^# (.+)$", re.MULTILINE)


def _readable_problems(files: dict[str, str], long_titles: set[str]) -> list[str]:
    found = []
    for path, text in files.items():
        if not path.endswith(".md"):
            continue
        prose = re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL)  # drawings: network's own
        for label in [*_LINK_TEXT.findall(prose), *_H1.findall(prose)]:
            if label.rstrip().endswith("…") and label.rstrip() not in long_titles:
                found.append(f"{path}: cut: {label}")
        for slip in (".).", "..)", "for White House", "for National Security Council",
                     "of White House", "of National Security Council"):
            if slip in prose:
                at = prose.index(slip)
                found.append(f"{path}: {slip!r} in …{prose[max(0, at - 60):at + 20]}…")
    return found


def _sites(make_content: ContentFactory) -> dict[str, tuple[Rendered, set[str]]]:
    default = build_default()
    assert default.rendered is not None
    assert default.site is not None
    sites = {"default": (default.rendered, default.site)}
    for name, files in (("minimal", None), ("wordy", WORDY)):
        site = _site(make_content, files)
        sites[name] = (render(site), site)
    out = {}
    for name, (rendered, site) in sites.items():
        long_titles = {site.name(rid) for rid, e in site.entries.items()
                       if e.model.kind == "claim" and len(site.name(rid)) and
                       len(" ".join(e.model.text.split())) >= LONG_CLAIM}  # type: ignore[attr-defined]
        out[name] = (rendered, long_titles)
    return out


def test_no_page_cuts_a_claim_or_slips_in_its_english(make_content: ContentFactory) -> None:
    problems = []
    for name, (rendered, long_titles) in _sites(make_content).items():
        problems += [f"{name}: {p}" for p in _readable_problems(rendered.files, long_titles)]
    assert problems == []


def test_the_check_finds_what_it_looks_for() -> None:
    # The page check above must be able to fail.
    files = {"a.md": "# A claim cut short…\n\nSee [the two countries share a…](x.md).).\n"
                     "speaking for White House."}
    assert len(_readable_problems(files, set())) == 4


# ------------------------------------------------------------- natural English


def test_claim_byline_reads_as_a_sentence(make_content: ContentFactory) -> None:
    files = _render(make_content, WORDY).files
    page = files["claims/long-one.md"]
    assert ("[John Kirby](../actors/kirby.md), Coordinator for Strategic Communications of "
            "the National Security Council, speaking for [the White House]"
            "(../actors/white-house.md), said this on 30 August 2023:") in page
    # Speaking for the body he holds a title in: said once.
    nsc = files["claims/nsc-one.md"]
    assert "Communications of the National Security Council, repeated" in nsc
    assert "speaking for" not in nsc.split("\n\n")[1]


def test_running_text_links_to_claims_end_whole(make_content: ContentFactory) -> None:
    story = _render(make_content, WORDY).files["stories/notes.md"]
    assert "([Russia has been negotiating quietly with North Korea for munitions and other " \
           "supplies for its war in Ukraine](../claims/long-one.md))." in story
    assert "([The talks are advancing](../claims/nsc-one.md))." in story


def test_listings_show_the_whole_claim(make_content: ContentFactory) -> None:
    listing = _render(make_content, WORDY).files["claims/index.md"]
    assert ("[Russia has been negotiating quietly with North Korea for munitions and other "
            "supplies for its war in Ukraine, and those negotiations, which began last year, "
            "are moving forward](long-one.md)") in listing


def test_relations_and_timelines_use_names_in_text(make_content: ContentFactory) -> None:
    files = dict(WORDY)
    files["actors/nsc.yml"] = ("name: National Security Council\nname_in_text: the National "
                               "Security Council\nkind: government-body\nsummary: A council.\n"
                               "relations:\n  - type: part-of\n    to: white-house\n"
                               "    sources: [report-one]\n")
    nsc = _render(make_content, files).files["actors/nsc.md"]
    assert "- part of [the White House](white-house.md)[^report-one]" in nsc


# ----------------------------------------------------------------- claim groups


def test_a_repeated_claim_is_not_without_response(make_content: ContentFactory) -> None:
    listing = _render(make_content, WORDY).files["claims/index.md"]
    repeated = listing.split("## Repeated by a later claim\n", 1)[1].split("\n## ", 1)[0]
    assert "long-one.md" in repeated
    assert "[repeated](nsc-one.md) by [John Kirby](../actors/kirby.md) on 30 August 2023" \
        in repeated
    answers = listing.split("## Responses to earlier claims\n", 1)[1].split("\n## ", 1)[0]
    assert "nsc-one.md" in answers
    assert "repeats [John Kirby's claim of 30 August 2023]" in answers
    unanswered = listing.split("## No recorded response", 1)[1].split("\n## ", 1)[0]
    assert "long-one.md" not in unanswered
    assert "nsc-one.md" not in unanswered


# ------------------------------------------------------------------- chronology

CHRONO = {
    "events/meeting.yml": """\
        title: Expected meeting
        date: 2023-09?
        status: expected
        summary: M.
        sources: [report-one]
        """,
    "events/report.yml": """\
        title: Report of the meeting
        date: 2023-09-04
        summary: R.
        sources: [report-one]
        """,
    "events/asof.yml": """\
        title: On the day
        date: 2023-09-05
        summary: D.
        sources: [report-one]
        """,
}


def test_expected_events_are_placed_no_earlier_than_as_of(make_content: ContentFactory) -> None:
    site = _site(make_content, CHRONO, as_of="2023-09-05")
    order = [rid for rid in site.timeline if rid in CHRONO_IDS]
    # Its earliest day (1 September) is before the report, but it has not happened as of
    # 5 September; on that day, what happened comes before what is expected.
    assert order == ["report", "asof", "meeting"]
    assert site.neighbours("report")[1] == "asof"
    assert site.neighbours("meeting") == ("asof", None)


CHRONO_IDS = {"meeting", "report", "asof"}


def test_a_stale_expected_event_keeps_its_earliest_day(make_content: ContentFactory) -> None:
    site = _site(make_content, CHRONO, as_of="2023-11-05")
    order = [rid for rid in site.timeline if rid in CHRONO_IDS]
    assert order == ["meeting", "report", "asof"]


def test_the_timeline_page_states_the_rule(make_content: ContentFactory) -> None:
    page = _render(make_content, CHRONO).files["timeline/index.md"]
    assert RULE in page


# -------------------------------------------------------------------- tag pages


def test_tag_pages_are_grouped_by_type_in_time_order(make_content: ContentFactory) -> None:
    files = {name: text + "tags: [talks]\n" for name, text in CHRONO.items()}
    page = _render(make_content, files, as_of="2023-09-05").files["tags/talks.md"]
    events = page.split("## Events\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in events.splitlines() if line.startswith("- ")]
    assert [re.search(r"/(\w+)\.md", line).group(1) for line in lines] == [  # type: ignore[union-attr]
        "report", "asof", "meeting"]
    assert lines[0].startswith("- 4 September 2023: [Report of the meeting]")
    assert 'ex-badge--expected">expected</span>' in lines[2]


# ----------------------------------------------------------------------- panels


def test_the_overview_shows_every_panel(make_content: ContentFactory) -> None:
    files = {**CHRONO, "stories/overview.md": "---\ntitle: Just a story\n---\nText.\n"}
    home = _render(make_content, files, as_of="2023-09-05").files["index.md"]
    for kind, title in (("facts", "At a glance, as of 5 September 2023"),
                        ("latest", "Latest developments"), ("next", "What comes next")):
        assert f'<div class="ex-panel ex-panel--{kind}" markdown>\n\n### {title}' in home
    facts = home.split("ex-panel--facts", 1)[1].split("</div>", 1)[0]
    assert "**Status**\n:   4 events on record, 1 still expected" in facts
    assert "next expected in September 2023 (uncertain) ([Expected meeting]" in facts


def test_a_home_story_places_panels_where_it_says(make_content: ContentFactory) -> None:
    story = ("---\ntitle: Home\nhome: true\n---\nIntro.\n\n::: panel next\n\n## Then\n\n"
             "    ::: panel latest\n")
    home = _render(make_content, {**CHRONO, "stories/overview.md": story}).files["index.md"]
    assert home.index("Intro.") < home.index("ex-panel--next") < home.index("## Then")
    assert "ex-panel--facts" not in home  # it placed its panels: none is added
    assert "    ::: panel latest" in home  # an indented code block: text, not a panel


def test_a_home_story_without_panels_gets_the_key_facts(make_content: ContentFactory) -> None:
    home = _render(make_content).files["index.md"]
    assert "ex-panel--facts" in home
    assert home.index("ex-panel--facts") < home.index("spoke after")


def test_an_unknown_panel_is_a_located_error(make_content: ContentFactory) -> None:
    story = "---\ntitle: Home\nhome: true\n---\nIntro.\n\n  ::: panel disputd\n::: panel\n"
    settings = make_content({"stories/overview.md": story})
    problems = [p for p in check(settings).problems if p.code == "unknown-panel"]
    assert [p.format() for p in problems] == [
        "content/stories/overview.md:7:3: error: unknown panel 'disputd'; "
        "did you mean 'disputed'?",
        "content/stories/overview.md:8:1: error: '::: panel' needs a panel name; "
        "panels are: key-facts, timeline, map, latest, disputed, next"]


def test_timeline_and_map_panels_draw_the_views(make_content: ContentFactory) -> None:
    """A home story places the views' timeline strip and map like any other panel."""
    story = "---\ntitle: Home\nhome: true\n---\n::: panel timeline\n\n::: panel map\n"
    settings = make_content({"stories/overview.md": story})
    result = build(settings)
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    home = result.rendered.files["index.md"]
    assert "### The story on a time axis" in home
    assert 'class="ex-chart"' in home
    assert "### Where it happens" in home
    assert "ex-map" in home
    assert home.index("time axis") < home.index("Where it happens")


# ---------------------------------------------------------------- real sources


def test_every_default_source_has_a_url_publisher_and_date() -> None:
    sources = sorted((ROOT / "content" / "sources").glob("*.yml"))
    assert sources
    for path in sources:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert str(data.get("url", "")).startswith(("http://", "https://")), path.name
        assert data.get("publisher"), path.name
        assert data.get("date"), path.name


def test_every_default_url_comes_from_the_seed_list() -> None:
    seed = next((p for p in (ROOT.parent / "shared" / "seed" / "sources.md",
                             Path("/work/shared/seed/sources.md")) if p.is_file()),
                Path("/work/shared/seed/sources.md"))
    if not seed.is_file():
        pytest.skip("the seed is not on this machine")
    listed = seed.read_text(encoding="utf-8")
    for path in sorted((ROOT / "content" / "sources").glob("*.yml")):
        url = yaml.safe_load(path.read_text(encoding="utf-8"))["url"]
        assert url in listed, f"{path.name}: {url} is not in seed/sources.md"


def test_default_content_passes_a_strict_check() -> None:
    from generator.adapters.cli import main
    assert main(["check", "--strict", "--content", str(ROOT / "content")]) == 0



# ---------------------------------------------------------------- hover previews


def test_a_glossary_term_in_a_record_link_keeps_its_tooltip() -> None:
    import markdown

    md = markdown.Markdown(extensions=["abbr", "attr_list", "generator.pages.previews"])
    html = md.convert('[NSC](x.md){data-preview=""} and [Kirby](y.md){data-preview=""}\n\n'
                      "*[NSC]: National Security Council\n")
    assert '<a href="x.md"><abbr title="National Security Council">NSC</abbr></a>' in html
    assert 'data-preview=""' in html.split(" and ", 1)[1]  # a plain name keeps its preview


def test_the_default_site_previews_record_links_only() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "!ENV", ""))
    assert "navigation.instant.preview" not in config["theme"]["features"]
    preview = next(e for e in config["markdown_extensions"]
                   if isinstance(e, dict) and "material.extensions.preview" in e)
    targets = preview["material.extensions.preview"]["targets"]["include"]
    assert sorted(targets) == ["actors/*", "claims/*", "events/*", "places/*", "sources/*",
                               "stories/*"]


def test_a_role_the_title_already_says_is_not_repeated(make_content: ContentFactory) -> None:
    files = {**WORDY, "events/briefing.yml": """\
        title: Briefing
        date: 2023-08-30
        summary: B.
        participants:
          - actor: kirby
            role: coordinator for strategic communications
          - actor: white-house
            role: host
        sources: [report-one]
        """}
    page = _render(make_content, files).files["events/briefing.md"]
    assert "- [John Kirby](../actors/kirby.md), Coordinator for Strategic Communications of " \
           "the National Security Council\n" in page
    assert "- [White House](../actors/white-house.md): host\n" in page


def test_the_json_schema_names_every_panel_a_home_story_may_place() -> None:
    import json

    from generator.pages.panels import PANELS

    story = json.loads((ROOT / "schemas" / "story.json").read_text(encoding="utf-8"))
    home = story["properties"]["home"]["description"]
    assert "::: panel NAME" in home
    for name in PANELS:
        assert re.search(rf"\b{re.escape(name)}\b", home), name
