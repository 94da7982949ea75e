"""Unit tests of stage 4, render: the Markdown pages made from a linked site.

Pages are also turned into HTML with Python-Markdown and the extensions the
site uses, to check what a reader would see: escaped text shows literally and
never becomes HTML, links resolve, every footnote has its definition.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from html.parser import HTMLParser

import markdown
import pytest
from conftest import ContentFactory

from generator.core.dates import parse_edtf
from generator.core.link import Site, link
from generator.core.load import load_content
from generator.core.paths import page_path, tag_path
from generator.core.validate import validate
from generator.outputs.output import Rendered
from generator.pages.render import (
    SCRIPT,
    STYLESHEET,
    Md,
    Page,
)
from generator.pipeline import render

#: The Markdown extensions the generated pages rely on (generator/adapters/plugin.py).
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "toc"]


def _site(make_content: ContentFactory, files: Mapping[str, str | None] | None = None,
          **options: object) -> Site:
    settings = make_content(files, **options)
    validated = validate(load_content(settings), settings)
    site, problems = link(validated, settings)
    errors = [p.format() for p in [*validated.problems, *problems] if p.is_error]
    assert errors == []
    return site


def _render(make_content: ContentFactory, files: Mapping[str, str | None] | None = None,
            **options: object) -> Rendered:
    return render(_site(make_content, files, **options))


def _html(page: str) -> str:
    return markdown.markdown(page, extensions=EXTENSIONS)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parse_html(page: str) -> _Text:
    parser = _Text()
    parser.feed(_html(page))
    parser.close()
    return parser


def _text(page: str) -> str:
    """What a reader sees of a Markdown page, whitespace-normalised."""
    return " ".join("".join(_parse_html(page).parts).split())


def _lines(page: str, prefix: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith(prefix)]


# -------------------------------------------------------------------- paths


def test_page_paths(make_content: ContentFactory) -> None:
    site = _site(make_content, {"stories/extra.md": "---\ntitle: Extra\n---\nBody.\n"})
    assert page_path(site, "alice") == "actors/alice.md"
    assert page_path(site, "summit") == "events/summit.md"
    assert page_path(site, "alice-says") == "claims/alice-says.md"
    assert page_path(site, "report-one") == "sources/report-one.md"
    assert page_path(site, "capital") == "places/capital.md"
    assert page_path(site, "extra") == "stories/extra.md"
    # The home story is the home page.
    assert page_path(site, "overview") == "index.md"
    assert tag_path("arms-trade") == "tags/arms-trade.md"


@pytest.mark.parametrize(("page", "target", "url"), [
    ("events/summit.md", "alice", "../actors/alice.md"),
    ("actors/acme.md", "alice", "alice.md"),
    ("actors/index.md", "alice", "alice.md"),
    ("index.md", "alice", "actors/alice.md"),
    ("glossary.md", "capital", "places/capital.md"),
    ("claims/alice-says.md", "overview", "../index.md"),
    ("tags/talks.md", "report-one", "../sources/report-one.md"),
])
def test_relative_links_between_folders(make_content: ContentFactory, page: str, target: str,
                                        url: str) -> None:
    site = _site(make_content)
    assert Page(site, page).url(target) == url


def test_link_and_tag_markdown(make_content: ContentFactory) -> None:
    site = _site(make_content)
    page = Page(site, "events/summit.md")
    assert page.link("alice") == "[Alice Example](../actors/alice.md)"
    assert page.link("alice", "the spokesperson") == "[the spokesperson](../actors/alice.md)"
    assert page.links(["alice", "acme"]) == \
        "[Alice Example](../actors/alice.md), [Acme Ministry](../actors/acme.md)"
    assert page.tag("talks") == "[#talks](../tags/talks.md)"
    assert Page(site, "index.md").tag("talks") == "[#talks](tags/talks.md)"
    assert isinstance(page.link("alice"), Md)


#: The open data (export.py) and the page about it, in every build.
OPEN_DATA = {f"data/{name}" for name in (
    "index.md", "site.json", "relations.csv", "schema.json",
    *(f"{folder}.{ext}" for folder in ("actors", "events", "claims", "sources", "places",
                                       "stories") for ext in ("json", "csv")),
    *(f"schemas/{kind}.json" for kind in ("actor", "event", "claim", "source", "place",
                                          "story")))}


def test_rendered_files_and_hubs(make_content: ContentFactory) -> None:
    rendered = _render(make_content)
    assert set(rendered.files) == {
        "index.md", "actors/acme.md", "actors/alice.md", "actors/freedonia.md",
        "events/summit.md", "claims/alice-says.md", "sources/report-one.md",
        "places/capital.md", "actors/index.md", "events/index.md", "claims/index.md",
        "sources/index.md", "places/index.md", "glossary.md", "timeline/index.md",
        "network/index.md", "map/index.md", STYLESHEET,
        SCRIPT,
        *OPEN_DATA,
        "feed.xml", "expected.ics",  # publish.py; the calendar, empty: nothing expected
    }
    assert "index.md" not in rendered.record_pages
    assert "actors/alice.md" in rendered.record_pages
    assert [(h.title, h.path) for h in rendered.hubs] == [
        ("Home", "index.md"), ("Timeline", "timeline/index.md"), ("Network", "network/index.md"),
        ("Map", "map/index.md"), ("Actors", "actors/index.md"), ("Events", "events/index.md"),
        ("Claims", "claims/index.md"), ("Sources", "sources/index.md"),
        ("Places", "places/index.md"), ("Glossary", "glossary.md"), ("Data", "data/index.md"),
    ]
    assert list(rendered.files) == sorted(rendered.files)


def test_overview_is_the_home_page_without_a_home_story(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"stories/overview.md": "---\ntitle: Story\n---\nText.\n"},
                       site_name="My site")
    index = rendered.files["index.md"]
    assert index.startswith("# My site\n")
    assert "*As of 5 September 2023.*" in index
    assert "## Key actors" in index
    assert "stories/overview.md" in rendered.files
    assert "stories/index.md" in rendered.files


def test_rendering_is_deterministic(make_content: ContentFactory) -> None:
    site = _site(make_content)
    assert render(site).files == render(site).files


def test_every_relative_link_resolves_to_a_page(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson for [[acme]].
        country: freedonia
        tags: [talks]
        """})
    for path, page in rendered.files.items():
        if not path.endswith(".md"):
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", page):
            if target.startswith(("http://", "https://")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in rendered.files, (path, target)


# ----------------------------------------------------------- plain text is text

EVIL = ("Dr. *Evil* _x_ <script>alert(1)</script> [x](javascript:alert(1)) "
        "{{ 7*7 }} {% raw %} # `code`")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _evil_files() -> dict[str, str]:
    q = _quoted(EVIL)
    return {
        "actors/evil.yml": f"""\
            name: {q}
            kind: person
            summary: Someone.
            aliases: [{q}]
            positions:
              - title: {q}
                date: 2020/..
            image:
              url: https://example.org/evil.png
              credit: {q}
            """,
        "events/summit.yml": f"""\
            title: {q}
            date: 2023-07-25/2023-07-27
            summary: Leaders met.
            participants:
              - actor: evil
                role: {q}
            sources: [report-one]
            """,
        "claims/alice-says.yml": f"""\
            speaker: evil
            date: 2023-07-28
            text: It went well.
            quote: {q}
            about: [summit]
            sources: [report-one]
            """,
        "sources/report-one.yml": f"""\
            title: {q}
            kind: news
            date: 2023-07-28
            author: {q}
            """,
        "places/capital.yml": f"""\
            name: Capital City
            kind: city
            aliases: [{q}]
            """,
    }


@pytest.mark.parametrize("path", [
    "actors/evil.md", "events/summit.md", "claims/alice-says.md", "sources/report-one.md",
    "places/capital.md", "events/index.md", "actors/index.md", "sources/index.md",
])
def test_plain_text_is_escaped_and_shown_literally(make_content: ContentFactory,
                                                   path: str) -> None:
    rendered = _render(make_content, _evil_files())
    page = rendered.files[path]
    assert "<script" not in page
    parsed = _parse_html(page)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags
    for tag, attrs in parsed.tags:
        assert not (attrs.get("href") or "").startswith("javascript:"), (tag, attrs)
    text = _text(page)
    assert EVIL in text
    assert "49" not in text


def test_plain_text_never_adds_emphasis_or_code(make_content: ContentFactory) -> None:
    rendered = _render(make_content, _evil_files())
    page = rendered.files["events/summit.md"]
    parsed = _parse_html(page)
    # One heading, one bold date line: the title adds no emphasis, code or HTML.
    assert [t for t, _ in parsed.tags if t in ("em", "strong", "code", "script", "h1")] == [
        "h1", "strong"]
    assert _text(page).startswith(EVIL)


def test_every_occurrence_of_an_escaped_name_is_literal(make_content: ContentFactory) -> None:
    rendered = _render(make_content, _evil_files())
    # Name, alias, position title, image credit on the actor's own page.
    assert _text(rendered.files["actors/evil.md"]).count(EVIL) >= 4


def test_markdown_fields_are_not_templates(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: "Says {{ 7*7 }} and {% raw %}{{ site.settings.root }}{% endraw %} and {# c #}."
        """})
    text = _text(rendered.files["actors/acme.md"])
    assert "Says {{ 7*7 }} and {% raw %}{{ site.settings.root }}{% endraw %} and {# c #}." \
        in text
    assert "49" not in text


def test_raw_html_in_a_summary_is_shown_as_text(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: "A <b>bold</b> claim <img src=x onerror=alert(1)> and `<i>code</i>`."
        """})
    page = rendered.files["actors/acme.md"]
    parsed = _parse_html(page)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"b", "img", "i"}
    assert "A <b>bold</b> claim <img src=x onerror=alert(1)> and " in _text(page)
    # Code spans are escaped too (safety over looks): the reader sees the entity.
    assert "`&lt;i>code&lt;/i>`" in page


@pytest.mark.parametrize("summary", [
    pytest.param("\\\\`<script>alert(1)</script>`", id="escaped-backtick"),
    pytest.param("x `<img src=x onerror=alert(1)>", id="unclosed-backtick"),
])
def test_raw_html_cannot_hide_behind_code_lookalikes_in_a_summary(
        make_content: ContentFactory, summary: str) -> None:
    rendered = _render(make_content, {"actors/acme.yml": f"""\
        name: Acme Ministry
        kind: government-body
        summary: "{summary}"
        """})
    parsed = _parse_html(rendered.files["actors/acme.md"])
    assert not {t for t, _ in parsed.tags} & {"script", "img"}


@pytest.mark.parametrize("body", [
    pytest.param("```\n<script>alert(1)</script>\n```\n", id="fence"),
    pytest.param("`see\n\n<script>alert(1)</script>\n\nthis`\n", id="span-over-blank-line"),
    pytest.param("```\n<img src=x onerror=alert(1)>\n", id="unclosed-fence"),
])
def test_raw_html_cannot_hide_behind_code_lookalikes_in_a_story(
        make_content: ContentFactory, body: str) -> None:
    rendered = _render(make_content, {
        "stories/overview.md": "---\ntitle: What happened\nhome: true\n---\n" + body})
    parsed = _parse_html(rendered.files["index.md"])
    assert not {t for t, _ in parsed.tags} & {"script", "img"}


def test_indented_code_in_a_story_is_escaped_too(make_content: ContentFactory) -> None:
    # Only code spans are left alone: guessing where an indented block starts
    # (lists make that hard) must never let raw HTML through, so it is escaped.
    rendered = _render(make_content, {"stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        An example of the syntax:

            <b>x</b> [[alice]] {y}

        After.
        """})
    page = rendered.files["index.md"]
    assert "\n    &lt;b>x&lt;/b> [Alice Example](actors/alice.md) \\{y\\}\n" in page


def test_raw_html_is_rendered_when_the_owner_allows_it(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: "A <b>bold</b> claim."
        """}, allow_html=True)
    page = rendered.files["actors/acme.md"]
    assert "A <b>bold</b> claim." in page
    assert "b" in {t for t, _ in _parse_html(page).tags}


def test_attribute_lists_in_content_cannot_add_attributes(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: "Text {: onclick=alert(1) }"
        body: |
          A paragraph.
          {: onmouseover="alert(1)" }
        """})
    parsed = _parse_html(rendered.files["actors/acme.md"])
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), attrs


# ------------------------------------------------------------------ mentions


def test_mentions_become_links(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        [[alice]] spoke after [[summit|the *big* summit]] in [[capital]].
        """})
    index = rendered.files["index.md"]
    assert "[Alice Example](actors/alice.md) spoke after " \
           "[the *big* summit](events/summit.md) in [Capital City](places/capital.md)." in index


def test_mention_names_are_escaped(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"actors/acme.yml": """\
        name: Acme_Ministry *of* <Things>
        kind: government-body
        summary: A ministry.
        """})
    page = rendered.files["actors/alice.md"]
    assert r"[Acme\_Ministry \*of\* &lt;Things&gt;](acme.md)" in page
    assert "A spokesperson for Acme_Ministry *of* <Things>." in _text(page)


def test_mentions_inside_code_stay_literal(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        Write `[[alice]]` to link [[alice]].

        ``[[summit|x]]``
        """})
    index = rendered.files["index.md"]
    assert "Write `[[alice]]` to link [Alice Example](actors/alice.md)." in index
    assert "``[[summit|x]]``" in index


def test_mention_label_over_a_line_break(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        Then [[summit|the
        summit]] ended.
        """})
    assert "[the summit](events/summit.md)" in rendered.files["index.md"]


# --------------------------------------------------------------------- dates


@pytest.mark.parametrize(("date", "shown"), [
    ("2022~", "c. 2022"),
    ("2023-07-25/2023-07-27", "25–27 July 2023"),
    ("2023-09?", "September 2023 (uncertain)"),
    ("2023-09-XX", "September 2023"),
    ("2011-12/..", "since December 2011"),
])
def test_fuzzy_dates_are_shown_as_written(make_content: ContentFactory, date: str,
                                          shown: str) -> None:
    rendered = _render(make_content, {"events/summit.yml": f"""\
        title: The summit
        date: {date}
        summary: S.
        sources: [report-one]
        """})
    assert f"**{shown}**" in rendered.files["events/summit.md"]
    assert f"- {shown}: [The summit](summit.md)" in rendered.files["events/index.md"]


@pytest.mark.parametrize(("date", "phrase"), [
    ("2023-09-04", "on 4 September 2023"),
    ("2023-07", "in July 2023"),
    ("2022", "in 2022"),
    ("2022~", "around 2022"),
    ("2023-09-04~", "around 4 September 2023"),
    ("2023-09?", "in September 2023 (uncertain)"),
    ("2023-09-XX", "in September 2023"),
    ("2023-07-25/2023-07-27", "on 25–27 July 2023"),
    ("2011-12/..", "since December 2011"),
    ("../2023-08", "until August 2023"),
    ("2023-09-04T14:30:00Z", "on 4 September 2023, 14:30 UTC"),
    ("201X", "in the 2010s"),
])
def test_on_gives_the_date_with_its_preposition(make_content: ContentFactory, date: str,
                                                phrase: str) -> None:
    page = Page(_site(make_content), "events/summit.md")
    assert page.on(parse_edtf(date)) == phrase


def test_on_and_date_without_a_date(make_content: ContentFactory) -> None:
    page = Page(_site(make_content), "events/summit.md")
    assert page.on(None) == ""
    assert page.date(None) == ""
    assert page.as_of() == "5 September 2023"


# -------------------------------------------------------------------- badges


@pytest.mark.parametrize("status", ["expected", "alleged", "reported", "postponed",
                                    "cancelled"])
def test_event_status_badges(make_content: ContentFactory, status: str) -> None:
    rendered = _render(make_content, {"events/summit.yml": f"""\
        title: The summit
        date: 2023-12
        status: {status}
        summary: S.
        participants: [alice]
        sources: [report-one]
        """})
    badge = f'<span class="ex-badge ex-badge--{status}">{status}</span>'
    assert badge in rendered.files["events/summit.md"]
    assert badge in rendered.files["events/index.md"]
    assert badge in rendered.files["actors/alice.md"]


def test_confirmed_badge_only_on_the_event_page(make_content: ContentFactory) -> None:
    rendered = _render(make_content)
    badge = "ex-badge--confirmed"
    assert badge in rendered.files["events/summit.md"]
    assert badge not in rendered.files["events/index.md"]
    assert badge not in rendered.files["actors/alice.md"]


def test_expected_event_says_as_of(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"events/summit.yml": """\
        title: The summit
        date: 2023-12
        status: expected
        summary: S.
        sources: [report-one]
        """})
    assert "As of 5 September 2023, this event is expected in December 2023" in \
        rendered.files["events/summit.md"]


def _response(claim_id: str, speaker: str, stance: str) -> dict[str, str]:
    return {f"claims/{claim_id}.yml": f"""\
        speaker: {speaker}
        date: 2023-08-01
        text: Response {claim_id}.
        responds_to: alice-says
        stance: {stance}
        sources: [report-one]
        """}


@pytest.mark.parametrize(("speaker", "stance", "status", "admonition"), [
    ("acme", "denies", "disputed", '!!! warning "Disputed"'),
    ("acme", "disputes", "disputed", '!!! warning "Disputed"'),
    ("alice", "retracts", "retracted", '!!! danger "Retracted"'),
])
def test_claim_status_badges(make_content: ContentFactory, speaker: str, stance: str,
                             status: str, admonition: str) -> None:
    rendered = _render(make_content, _response("reply", speaker, stance))
    page = rendered.files["claims/alice-says.md"]
    badge = f'<span class="ex-badge ex-badge--{status}">{status}</span>'
    assert badge in page
    assert admonition in page
    assert badge in rendered.files["claims/index.md"]
    assert "## Thread" in page
    verb = {"denies": "denied", "disputes": "disputed", "retracts": "retracted"}[stance]
    assert f"**{verb}**: Response reply." in page


def test_open_and_confirmed_claims_have_no_badge(make_content: ContentFactory) -> None:
    rendered = _render(make_content, _response("reply", "acme", "confirms"))
    page = rendered.files["claims/alice-says.md"]
    assert "ex-badge" not in page
    assert "## Confirmed by a later claim" in rendered.files["claims/index.md"]


def test_retraction_by_another_speaker_is_not_a_retraction(
        make_content: ContentFactory) -> None:
    rendered = _render(make_content, _response("reply", "acme", "retracts"))
    page = rendered.files["claims/alice-says.md"]
    assert "ex-badge--retracted" not in page
    assert "Retracted" not in page


# ------------------------------------------------------------ titles at a date

SHOIGU = """\
    name: Sergei Shoigu
    kind: person
    summary: A minister.
    country: freedonia
    positions:
      - title: Minister of Defence
        of: freedonia
        date: 2012-11-06/2024-05-12
      - title: Secretary of the Security Council
        of: freedonia
        date: 2024-05-12/..
    """


def test_who_names_the_title_held_at_the_date(make_content: ContentFactory) -> None:
    site = _site(make_content, {"actors/shoigu.yml": SHOIGU})
    page = Page(site, "events/summit.md")
    assert page.who("alice", parse_edtf("2023-07-28")) == \
        "[Alice Example](../actors/alice.md), Spokesperson of Acme Ministry"
    assert page.who("shoigu", parse_edtf("2023-07")) == \
        "[Sergei Shoigu](../actors/shoigu.md), Minister of Defence of Freedonia"
    assert page.who("shoigu", parse_edtf("2025")) == \
        "[Sergei Shoigu](../actors/shoigu.md), Secretary of the Security Council of Freedonia"
    assert page.titles("shoigu", parse_edtf("2024-05-12")) == \
        "Minister of Defence of Freedonia and Secretary of the Security Council of Freedonia"
    # Before any position: the name alone.
    assert page.who("alice", parse_edtf("2019")) == "[Alice Example](../actors/alice.md)"
    assert page.who("acme", parse_edtf("2023")) == "[Acme Ministry](../actors/acme.md)"


def test_current_titles_use_as_of(make_content: ContentFactory) -> None:
    site = _site(make_content, {"actors/shoigu.yml": SHOIGU})
    page = Page(site, "actors/index.md")
    assert page.current_titles("shoigu") == "Minister of Defence of Freedonia"
    assert page.current_titles("acme") == ""


def test_event_page_names_participants_with_their_titles(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {
        "actors/shoigu.yml": SHOIGU,
        "events/summit.yml": """\
            title: The summit
            date: 2023-07-25/2023-07-27
            summary: S.
            participants:
              - actor: shoigu
                role: visitor
              - alice
            sources: [report-one]
            """,
    })
    page = rendered.files["events/summit.md"]
    assert "- [Sergei Shoigu](../actors/shoigu.md), Minister of Defence of Freedonia: visitor" \
        in page
    assert "- [Alice Example](../actors/alice.md), Spokesperson of Acme Ministry\n" in page
    actor = rendered.files["actors/shoigu.md"]
    # The actor's heading gives the title; a timeline line repeats it only when it differs.
    assert "[The summit](../events/summit.md) (visitor)[^report-one]" in actor


def test_claim_page_names_speaker_and_behalf(make_content: ContentFactory) -> None:
    page = _render(make_content).files["claims/alice-says.md"]
    assert page.startswith(
        "# The summit went well\n\n[Alice Example](../actors/alice.md), Spokesperson "
        "of Acme Ministry, said this on 28 July 2023:")  # she speaks for her own ministry


# ----------------------------------------------------------------- footnotes


def _footnote_refs(page: str) -> set[str]:
    return set(re.findall(r"\[\^([^\]]+)\](?!:)", page))


def _footnote_defs(page: str) -> set[str]:
    return set(re.findall(r"^\[\^([^\]]+)\]:", page, re.MULTILINE))


def test_footnote_citations_on_record_pages(make_content: ContentFactory) -> None:
    rendered = _render(make_content)
    page = rendered.files["events/summit.md"]
    assert "Leaders met in [Capital City](../places/capital.md).[^report-one]" in page
    assert _lines(page, "[^report-one]:") == [
        "[^report-one]: [Report one](../sources/report-one.md), 28 July 2023."]
    assert "## Sources" in page


def test_citation_names_the_publisher(make_content: ContentFactory) -> None:
    site = _site(make_content, {"sources/report-one.yml": """\
        title: Report one
        kind: news
        date: 2023-07-28
        publisher: acme
        """})
    page = Page(site, "events/summit.md")
    assert page.citation("report-one") == \
        "[Report one](../sources/report-one.md), Acme Ministry, 28 July 2023."


def test_cite_ignores_unknown_sources_and_defines_each_once(
        make_content: ContentFactory) -> None:
    page = Page(_site(make_content), "events/summit.md")
    assert page.footnotes() == ""
    assert page.cite(["report-one", "nowhere"]) == "[^report-one]"
    assert page.cite(["report-one"]) == "[^report-one]"
    assert page.footnotes().count("[^report-one]:") == 1


def test_every_cited_source_has_a_definition_on_every_page(
        make_content: ContentFactory) -> None:
    rendered = _render(make_content, {
        "events/summit.yml": """\
            title: The summit
            date: 2023-07-25/2023-07-27
            summary: S.
            status: expected
            sources: [report-one]
            """,
        "stories/overview.md": "---\ntitle: Story\n---\nText.\n",
    })
    pages = {path: page for path, page in rendered.files.items() if path.endswith(".md")}
    undefined = {path: sorted(_footnote_refs(page) - _footnote_defs(page))
                 for path, page in pages.items() if _footnote_refs(page) - _footnote_defs(page)}
    unused = {path: sorted(_footnote_defs(page) - _footnote_refs(page))
              for path, page in pages.items() if _footnote_defs(page) - _footnote_refs(page)}
    assert undefined == {}
    assert unused == {}


def test_no_sources_section_without_citations(make_content: ContentFactory) -> None:
    page = _render(make_content).files["actors/freedonia.md"]
    assert "## Sources" not in page
    assert "[^" not in page


# ------------------------------------------------------------------ glossary

GLOSSARY = """\
    Freedonia: A state of the story.
    ACME: A ministry of Freedonia.
    R&D: Research and development.
    """


def test_glossary_lines_only_for_terms_used_on_the_page(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"glossary.yml": GLOSSARY})
    alice = rendered.files["actors/alice.md"]
    assert _lines(alice, "*[") == ["*[Freedonia]: A state of the story."]
    assert _lines(rendered.files["claims/alice-says.md"], "*[") == []
    # 'Freedonia' inside 'Freedonians' is not the term.
    acme = _render(make_content, {"glossary.yml": GLOSSARY, "actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: Serves Freedonians; ACME is its short name.
        """}).files["actors/acme.md"]
    assert _lines(acme, "*[") == ["*[ACME]: A ministry of Freedonia."]


def test_glossary_page_defines_every_term(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"glossary.yml": GLOSSARY})
    page = rendered.files["glossary.md"]
    assert _lines(page, "**") == ["**ACME**", "**Freedonia**", "**R&D**"]
    assert sorted(_lines(page, "*[")) == [
        "*[ACME]: A ministry of Freedonia.",
        "*[Freedonia]: A state of the story.",
        "*[R&D]: Research and development.",
    ]


def test_glossary_term_with_special_characters_in_a_name(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"glossary.yml": GLOSSARY, "actors/acme.yml": """\
        name: R&D Ministry
        kind: government-body
        summary: A ministry.
        """})
    page = rendered.files["actors/acme.md"]
    assert "*[R&D]: Research and development." in page
    assert "abbr" in {t for t, _ in _parse_html(page).tags}


def test_glossary_definition_cannot_inject_html(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"glossary.yml": """\
        ACME: "<script>alert(1)</script> [x](javascript:alert(1))"
        """, "actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: ACME is short.
        """})
    for path in ("actors/acme.md", "glossary.md"):
        parsed = _parse_html(rendered.files[path])
        assert "script" not in {t for t, _ in parsed.tags}, path
        assert all(not (a.get("href") or "").startswith("javascript:") for _, a in parsed.tags)


# ------------------------------------------------------------------ listings

LISTING: dict[str, str] = {
    "actors/zed.yml": "name: zed Person\nkind: person\nsummary: Z.\n",
    "actors/beta.yml": "name: Beta Group\nkind: armed-group\nsummary: B.\n",
    "actors/media.yml": "name: A Paper\nkind: media\nsummary: P.\n",
    "events/old.yml": """\
        title: Old event
        date: 2022~
        summary: O.
        sources: [report-one]
        """,
    "events/later.yml": """\
        title: Later event
        date: 2023-09-04
        summary: L.
        sources: [report-one]
        """,
    "claims/zed-denies.yml": """\
        speaker: zed
        date: 2023-07-29
        text: Zed denies it.
        responds_to: alice-says
        stance: denies
        sources: [report-one]
        """,
}


def _headings(page: str) -> list[str]:
    """Section headings, without the footnotes' 'Sources' section."""
    headings = [line[3:] for line in _lines(page, "## ")]
    if headings and headings[-1] == "Sources" and _footnote_defs(page):
        headings.pop()
    return headings


def _items(page: str, heading: str) -> list[str]:
    section = page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ")]


def test_actors_are_listed_by_kind(make_content: ContentFactory) -> None:
    page = _render(make_content, LISTING).files["actors/index.md"]
    assert _headings(page) == ["People", "States", "Government bodies", "Armed groups",
                               "Media"]
    people = _items(page, "People")
    assert [re.sub(r"\]\(.*", "", i)[3:] for i in people] == ["Alice Example", "zed Person"]
    # Her summary already says she is a spokesperson: the title is not printed twice.
    assert people[0] == "- [Alice Example](alice.md): A spokesperson for [Acme Ministry](acme.md)."



def test_events_are_listed_by_year_in_time_order(make_content: ContentFactory) -> None:
    page = _render(make_content, LISTING).files["events/index.md"]
    assert _headings(page) == ["2022", "2023"]
    assert _items(page, "2022") == ["- c. 2022: [Old event](old.md)[^report-one]"]
    assert [i.split(": ", 1)[0] for i in _items(page, "2023")] == [
        "- 25–27 July 2023", "- 4 September 2023"]


def test_claims_are_listed_by_status(make_content: ContentFactory) -> None:
    files = {**LISTING, **_response("acme-confirms", "acme", "confirms")}
    files["claims/acme-confirms.yml"] = files["claims/acme-confirms.yml"].replace(
        "responds_to: alice-says", "responds_to: zed-denies")
    page = _render(make_content, files).files["claims/index.md"]
    assert _headings(page) == ["Disputed", "Confirmed by a later claim",
                               "Responses to earlier claims"]
    assert len(_items(page, "Disputed")) == 1
    assert "alice-says.md" in _items(page, "Disputed")[0]
    assert "zed-denies.md" in _items(page, "Confirmed by a later claim")[0]
    # A response is not "no recorded response": it answers an earlier claim.
    assert "acme-confirms.md" in _items(page, "Responses to earlier claims")[0]


def test_sources_and_places_listings(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"sources/report-two.yml": """\
        title: Report two
        kind: statement
        date: 2023-08-01
        publisher: acme
        """})
    sources = rendered.files["sources/index.md"]
    assert _headings(sources) == ["News", "Statement"]
    assert _items(sources, "Statement") == [
        "- [Report two](report-two.md), Acme Ministry, 1 August 2023."]
    places = rendered.files["places/index.md"]
    assert _items(places, "City") == ["- [Capital City](capital.md) ([Freedonia](../actors/"
                                      "freedonia.md))"]


def test_tag_pages(make_content: ContentFactory) -> None:
    rendered = _render(make_content, {"places/capital.yml": """\
        name: Capital City
        kind: city
        tags: [cities, talks]
        """, "sources/report-one.yml": """\
        title: Report one
        kind: news
        date: 2023-07-28
        tags: [talks]
        """})
    assert rendered.files["tags/index.md"].splitlines()[-2:] == [
        "- [#cities](cities.md) (1)", "- [#talks](talks.md) (2)"]
    talks = rendered.files["tags/talks.md"]
    assert sorted(_headings(talks)) == ["Places", "Sources"]
    assert "tags/talks.md" in rendered.record_pages
    assert "**Tags:** [#cities](../tags/cities.md) [#talks](../tags/talks.md)" in \
        rendered.files["places/capital.md"]


# --------------------------------------------------------------- reverse links


def test_record_pages_show_reverse_links(make_content: ContentFactory) -> None:
    rendered = _render(make_content)
    alice = rendered.files["actors/alice.md"]
    assert "- spokesperson for [Acme Ministry](acme.md)[^report-one]" in alice
    assert "- 25–27 July 2023: [The summit](../events/summit.md) (host)[^report-one]" in alice
    assert "- [What happened](../index.md)" in alice
    acme = rendered.files["actors/acme.md"]
    assert "- spokespeople [Alice Example](alice.md)[^report-one]" in acme
    source = rendered.files["sources/report-one.md"]
    assert _lines(source, "### ") == ["### Actors", "### Events", "### Claims"]
    place = rendered.files["places/capital.md"]
    assert "- 25–27 July 2023: [The summit](../events/summit.md)[^report-one]" in place
