"""A real ``mkdocs build --strict``, and checks on the HTML it writes.

These run MkDocs in a subprocess, exactly as ``make build`` does, on copies of
the site in a temporary folder: nothing is written into the repository.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, MINIMAL, ROOT, write_files

from generator.core.dates import day_key, format_day

pytestmark = pytest.mark.slow

RECORD_FOLDERS = ("actors", "events", "claims", "sources", "places")

#: The strict link validation of the repository's mkdocs.yml.
VALIDATION = """\
    validation:
      omitted_files: warn
      absolute_links: warn
      unrecognized_links: warn
      anchors: warn
      not_found: warn
    """


# ----------------------------------------------------------------- helpers


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def mkdocs_build(project: Path, *, strict: bool = True) -> Build:
    """``python -m mkdocs build [--strict]`` of ``project/mkdocs.yml`` into ``project/site``."""
    site = project / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
           "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)  # the default site_url, http://127.0.0.1:8000/
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def copy_default_project(target: Path) -> Path:
    for name in ("content", "docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def page_of(site: Path, url_path: str) -> Path:
    """The HTML file of a directory URL such as ``actors/kim-jong-un/``."""
    return site / url_path / "index.html" if url_path else site / "index.html"


def read(path: Path) -> str:
    assert path.is_file(), f"{path} was not built"
    return path.read_text(encoding="utf-8")


def article(page_html: str) -> str:
    """The page's content, without the theme's header, sidebars and footer."""
    start = page_html.find('<article class="md-content__inner')
    end = page_html.find("</article>", start)
    if start == -1:  # the plain mkdocs theme
        start = page_html.find('role="main"')
        end = page_html.find("<footer", start)
    assert start != -1, "no page content found"
    return page_html[start:end]


def text_of(fragment: str) -> str:
    """Visible text: tags removed, entities decoded, whitespace collapsed."""
    inline = re.sub(r"</?(?:a|abbr|span|strong|em|code|sup|b|i)\b[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


class _NavLinks(HTMLParser):
    """(href, text) of every link inside ``<nav class="... md-nav--primary">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nav elements open inside the primary nav
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (values.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth:
            self._href, self._text = values.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def primary_nav(page_html: str) -> list[tuple[str, str]]:
    parser = _NavLinks()
    parser.feed(page_html)
    return parser.links


def resolve(page: Path, site: Path, href: str) -> str:
    """A directory URL on ``page`` as a path from the site root: ``actors/x/``, or ``""``."""
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return "" if target == "." else target + "/"


def record_urls(content: Path) -> dict[str, str]:
    """URL path of every record of a content folder → its file, worked out from the files."""
    urls: dict[str, str] = {}
    for folder in RECORD_FOLDERS:
        for path in sorted((content / folder).glob("*.yml")):
            urls[f"{folder}/{path.stem}/"] = f"{folder}/{path.name}"
    for path in sorted((content / "stories").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        home = (yaml.safe_load(front) or {}).get("home") is True
        urls["" if home else f"stories/{path.stem}/"] = f"stories/{path.name}"
    return urls


def claims_of(content: Path) -> Iterator[tuple[str, Mapping[str, object]]]:
    for path in sorted((content / "claims").glob("*.yml")):
        yield path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))


# --------------------------------------------------------- the default site


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once for the HTML checks of this module."""
    project = copy_default_project(tmp_path_factory.mktemp("default"))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build.site


def test_default_project_builds_strictly(default_project: Path) -> None:
    build = mkdocs_build(default_project)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    assert (build.site / "index.html").is_file()
    assert (build.site / "actors/sergei-shoigu/index.html").is_file()
    assert (build.site / "events/shoigu-visit-to-pyongyang/index.html").is_file()
    assert not (ROOT / "content" / "site").exists()


def test_every_record_has_a_page(default_site: Path) -> None:
    urls = record_urls(ROOT / "content")
    assert len(urls) > 50
    missing = [f"{source} → {url or '/'}" for url, source in urls.items()
               if not page_of(default_site, url).is_file()]
    assert not missing, "records without a page:\n" + "\n".join(missing)


def test_listing_and_hub_pages_exist(default_site: Path) -> None:
    for url in ("", "actors/", "events/", "claims/", "sources/", "places/", "stories/",
                "tags/", "glossary/", "about/"):
        assert page_of(default_site, url).is_file(), url
    assert (default_site / "assets/explainer.css").is_file()
    assert "assets/explainer.css" in read(default_site / "index.html")


def test_sidebar_lists_hubs_but_no_record_page(default_site: Path) -> None:
    record_pages = {url for url in record_urls(ROOT / "content") if url}
    page = default_site / "actors/kim-jong-un/index.html"
    links = primary_nav(read(page))
    titles = [text for _, text in links]
    for hub in ("Home", "Actors", "Events", "Claims", "Sources", "Places", "Stories",
                "Tags", "Glossary", "About"):
        assert hub in titles, f"{hub} missing from the sidebar: {titles}"
    targets = {resolve(page, default_site, href) for href, _ in links}
    assert "actors/" in targets
    assert "events/" in targets
    in_nav = sorted(targets & record_pages)
    assert not in_nav, f"record pages in the sidebar: {in_nav}"
    assert "actors/kim-jong-un/" not in targets
    # the same on the home page and a listing page
    for url in ("", "events/"):
        other = page_of(default_site, url)
        assert not {resolve(other, default_site, h) for h, _ in primary_nav(read(other))} \
            & record_pages


def test_participant_shows_title_held_at_the_date(default_site: Path) -> None:
    """Shoigu was Minister of Defence in July 2023; he changed post in May 2024."""
    page = text_of(article(read(default_site / "events/shoigu-visit-to-pyongyang/index.html")))
    assert "Sergei Shoigu, Minister of Defence" in page
    assert "Secretary of the Security Council" not in page


def test_expected_event_has_badge(default_site: Path) -> None:
    page = article(read(default_site / "events/kim-putin-vladivostok-meeting/index.html"))
    assert re.search(r'<span class="ex-badge ex-badge--expected">\s*expected\s*</span>', page)
    assert f"As of {_day(AS_OF)}" in text_of(page)


def test_claim_threads_link_both_ways(default_site: Path) -> None:
    """A denied or disputed claim shows 'disputed' and links to the response, and back."""
    content = ROOT / "content"
    challenges = [(cid, str(claim["responds_to"])) for cid, claim in claims_of(content)
                  if claim.get("stance") in ("denies", "disputes")]
    assert challenges, "the default content has no disputed claim"
    for response, target in challenges:
        target_page = article(read(default_site / f"claims/{target}/index.html"))
        response_page = article(read(default_site / f"claims/{response}/index.html"))
        assert "ex-badge--disputed" in target_page, target
        assert "Disputed" in text_of(target_page), target
        assert f'href="../{response}/"' in target_page, f"{target} does not link to {response}"
        assert f'href="../{target}/"' in response_page, f"{response} does not link to {target}"
        assert "ex-badge--disputed" in response_page, response


def test_glossary_terms_are_abbreviations(default_site: Path) -> None:
    glossary = yaml.safe_load((ROOT / "content/glossary.yml").read_text(encoding="utf-8"))
    home = article(read(default_site / "index.html"))
    event = article(read(default_site / "events/shoigu-visit-to-pyongyang/index.html"))
    assert "<abbr title=" in home
    assert "<abbr title=" in event
    assert re.search(r'<abbr title="Korean Central News Agency[^"]*">KCNA</abbr>', event)
    for term in glossary:
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text_of(home)):
            assert re.search(rf'<abbr title="[^"]+">{re.escape(term)}</abbr>', home), term
    glossary_page = text_of(article(read(default_site / "glossary/index.html")))
    for term in glossary:
        assert term in glossary_page


def test_footnotes_link_to_source_pages(default_site: Path) -> None:
    """Every footnote on every page cites a source page that exists."""
    checked = 0
    for page in sorted(default_site.rglob("index.html")):
        content = article(read(page))
        for source_id, note in re.findall(r'<li id="fn:([^"]+)">(.*?)</li>', content, re.S):
            hrefs = [resolve(page, default_site, h) for h in re.findall(r'href="([^"]+)"', note)]
            assert f"sources/{source_id}/" in hrefs, f"{page}: footnote {source_id}: {hrefs}"
            assert page_of(default_site, f"sources/{source_id}/").is_file()
            checked += 1
    assert checked > 100


def test_no_unresolved_footnote_markers(default_site: Path) -> None:
    """A citation mark without its footnote shows as raw '[^source-id]' text."""
    broken = {}
    for page in sorted(default_site.rglob("index.html")):
        raw = re.findall(r"\[\^[\w-]+\]", text_of(article(read(page))))
        if raw:
            broken[page.relative_to(default_site).as_posix()] = sorted(set(raw))[:3]
    assert not broken, f"pages showing raw citation marks: {broken}"


def test_no_broken_internal_links(default_site: Path) -> None:
    broken = []
    for page in sorted(default_site.rglob("*.html")):
        for href in re.findall(r'href="([^"]+)"', read(page)):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", href):
                continue
            path = href.split("#")[0].split("?")[0]
            # site_url is http://127.0.0.1:8000/, so absolute paths start at the site root
            base = default_site if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(default_site)} → {href}")
    assert not broken, "broken links:\n" + "\n".join(broken[:20])


def test_home_page_says_as_of(default_site: Path) -> None:
    assert f"As of {_day(AS_OF)}" in text_of(article(read(default_site / "index.html")))


def test_listing_items_are_separate(default_site: Path) -> None:
    """Each actor, place and story starts its own item on its listing page."""
    urls = [url for url in record_urls(ROOT / "content") if url]
    for folder in ("actors", "places", "stories"):
        page = article(read(default_site / folder / "index.html"))
        for url in urls:
            if url.startswith(f"{folder}/"):
                rid = url.split("/")[1]
                # (record links carry Material's data-preview attribute before href)
                assert re.search(rf'<li><a (?:data-preview="" )?href="{rid}/">', page), \
                    f"{folder}/index.html: {rid} is not an item of its own"


def _day(iso: str) -> str:
    return format_day(day_key(iso))


# ------------------------------------------------------ small projects in tmp


def minimal_mkdocs_yml(theme: str = "material", extra_options: str = "") -> str:
    return textwrap.dedent(f"""\
        site_name: Minimal explainer
        docs_dir: docs
        theme: {theme}
        plugins:
          - search
          - explainer:
              as_of: {AS_OF}
        {extra_options}""") + textwrap.dedent(VALIDATION)


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """MINIMAL content, a small mkdocs.yml, and docs/ with one page written by hand."""
    write_files(tmp_path / "content", MINIMAL)
    write_files(tmp_path, {
        "mkdocs.yml": minimal_mkdocs_yml(),
        "docs/notes.md": """\
            # Editor's notes

            Written by hand: [[alice]] and [[summit|the summit]]; ACME is a ministry.
            """,
    })
    return tmp_path


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_minimal_project_builds_strictly(minimal_project: Path, theme: str) -> None:
    write_files(minimal_project, {"mkdocs.yml": minimal_mkdocs_yml(theme)})
    build = mkdocs_build(minimal_project)
    assert build.returncode == 0, build.output
    site = build.site
    for url in ("", "actors/alice/", "actors/acme/", "events/summit/", "claims/alice-says/",
                "sources/report-one/", "places/capital/", "actors/", "glossary/", "notes/"):
        assert page_of(site, url).is_file(), url
    home = text_of(article(read(site / "index.html")))
    assert "What happened" in home
    assert f"As of {_day(AS_OF)}" in home
    notes = article(read(site / "notes/index.html"))
    assert 'href="../actors/alice/"' in notes
    assert 'href="../events/summit/"' in notes
    assert '<abbr title="A ministry of Freedonia.">ACME</abbr>' in notes
    if theme == "material":
        links = primary_nav(read(site / "actors/alice/index.html"))
        targets = {resolve(site / "actors/alice/index.html", site, h) for h, _ in links}
        assert "notes/" in targets
        assert "actors/" in targets
        assert not targets & {"actors/alice/", "events/summit/", "claims/alice-says/"}


def test_content_error_stops_the_build(minimal_project: Path) -> None:
    write_files(minimal_project / "content", {"actors/alice.yml": """\
        name: Alice Example
        kind: persn
        summary: A spokesperson.
        """})
    for strict in (False, True):
        build = mkdocs_build(minimal_project, strict=strict)
        assert build.returncode != 0, build.output
        assert re.search(r"content/actors/alice\.yml:2:7: error: 'kind' is 'persn'",
                         build.output), build.output
        assert "Traceback" not in build.output
        assert not (build.site / "actors/alice/index.html").exists()


def test_warning_fails_only_strict_builds(minimal_project: Path) -> None:
    write_files(minimal_project / "content", {"places/capital.yml": """\
        name: Capital City
        kind: city
        country: freedonia
        population: 100000
        """})
    lenient = mkdocs_build(minimal_project, strict=False)
    assert lenient.returncode == 0, lenient.output
    assert re.search(r"content/places/capital\.yml:4:1: warning: unknown field 'population'",
                     lenient.output), lenient.output
    assert (lenient.site / "places/capital/index.html").is_file()
    strict = mkdocs_build(minimal_project, strict=True)
    assert strict.returncode != 0, strict.output
    assert "unknown field 'population'" in strict.output


def test_swapping_content_needs_no_config_change(tmp_path: Path) -> None:
    """The repository's mkdocs.yml, unchanged, builds another story's content folder."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    write_files(tmp_path / "content", MINIMAL)
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert (build.site / "actors/alice/index.html").is_file()
    assert not (build.site / "actors/kim-jong-un").exists()
    home = text_of(article(read(build.site / "index.html")))
    assert "What happened" in home
    # and the minimal project's config has the same plugin shape as the repository's
    ours = yaml.safe_load(minimal_mkdocs_yml())
    repo_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- explainer:" in repo_text
    assert [p if isinstance(p, str) else next(iter(p)) for p in ours["plugins"]] == \
        ["search", "explainer"]
