"""The home page at a glance: panels made from the records.

Panels (by name):

- ``key-facts``: what the story is about, who, where, when, and where it stands
  as of the site's ``as_of`` day;
- ``disputed``: claims that stand disputed or retracted, each with its answers;
- ``next``: the expected events;
- ``latest``: the latest developments (events that are not expected), newest first;
- ``timeline``: every event on a time axis (the views' chart, one lane);
- ``map``: the story's places on a map (the views' map).

The overview (no home story) shows them all. A home story places them in its
body, each on a line of its own::

    ::: panel key-facts

A line indented four spaces or more is code, not a panel. A home story that
places none gets ``key-facts`` before its text. An unknown name
is an error at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.models import Actor, Claim, Event, Place, RecordId, Story
from ..core.panel_lines import PANELS, placed_panels
from .parts import Md, PageApi

if TYPE_CHECKING:
    from ..core.link import Site

__all__ = ["PANELS", "panel", "placed_panels", "story_with_panels"]

LATEST_SIZE = 5
KEY_SIZE = 5


def story_with_panels(page: PageApi, story: Story, body: str, md: Callable[[str], Md]) -> Md:
    """A story's body as Markdown, each panel line replaced by its panel."""
    parts: list[Md] = []
    at = 0
    placed = placed_panels(body)
    for start, end, name in placed:
        parts.append(md(body[at:start]))
        parts.append(Md("\n\n{}\n\n").format(panel(page, name)))
        at = end
    parts.append(md(body[at:]))
    text = Md("").join(parts)
    if story.home and not placed:
        text = Md("{}\n\n{}").format(panel(page, "key-facts"), text)
    return text


def panel(page: PageApi, name: str) -> Md:
    """One panel as Markdown ("" for a panel with nothing to show)."""
    return {"key-facts": key_facts, "timeline": timeline_strip, "map": story_map,
            "disputed": disputed, "next": coming_next, "latest": latest}[name](page)


def _box(kind: str, title: str, body: Md) -> Md:
    # A block that Markdown reads inside (md_in_html), with a heading of its own.
    return Md('<div class="ex-panel ex-panel--{}" markdown>\n\n### {}\n\n{}\n\n</div>').format(
        Md(kind), title, Md(body.strip()))


# ------------------------------------------------------------------ data


def main_events(site: Site, size: int = 2) -> list[RecordId]:
    """The events the story is most about: the most claims and mentions about them."""
    def weight(rid: RecordId) -> int:
        return len(site.claims_about.get(rid, [])) + len(site.mentioned_in.get(rid, [])) \
            + len(site.related_from.get(rid, []))
    events = [rid for rid in site.timeline if site.typed(rid, Event).status != "expected"]
    ranked = sorted(events, key=lambda rid: -weight(rid))  # stable: time order on ties
    return [rid for rid in ranked[:size] if weight(rid) > 0]


def key_actors(site: Site, size: int = KEY_SIZE) -> list[RecordId]:
    """The most connected people and states (then other actors)."""
    def degree(rid: RecordId) -> int:
        return (len(site.relations.get(rid, [])) + len(site.appearances.get(rid, []))
                + len(site.claims_by.get(rid, [])) + len(site.claims_about.get(rid, [])))
    actors = [e.id for e in site.entries.values() if isinstance(e.model, Actor)
              and degree(e.id) > 0]
    return sorted(actors, key=lambda a: (-degree(a), site.name(a).casefold()))[:size]


def key_places(site: Site, size: int = 3) -> list[RecordId]:
    places = [e.id for e in site.entries.values() if isinstance(e.model, Place)
              and site.events_at.get(e.id)]
    return sorted(places, key=lambda p: (-len(site.events_at[p]), site.name(p).casefold()))[:size]


def disputed_claims(site: Site) -> list[RecordId]:
    claims = [e.id for e in site.entries.values() if isinstance(e.model, Claim)
              and site.claim_status(e.id) in ("disputed", "retracted")]
    return sorted(claims, key=lambda c: site.typed(c, Claim).date.sort_key())


def expected_events(site: Site) -> list[RecordId]:
    return [rid for rid in site.timeline if site.typed(rid, Event).status == "expected"]


def latest_events(site: Site, size: int = LATEST_SIZE) -> list[RecordId]:
    past = [rid for rid in site.timeline if site.typed(rid, Event).status != "expected"]
    return past[-size:][::-1]


# ---------------------------------------------------------------- panels


def key_facts(page: PageApi) -> Md:
    site = page.site
    rows: list[tuple[str, Md | str]] = []
    what = main_events(site)
    if what:
        rows.append(("What", Md("; ").join(_event_with_date(page, e) for e in what)))
    who = key_actors(site)
    if who:
        rows.append(("Who", Md("; ").join(_actor_with_title(page, a) for a in who)))
    where = key_places(site)
    if where:
        rows.append(("Where", Md(", ").join(page.link(p) for p in where)))
    when = _when(page)
    if when:
        rows.append(("When", when))
    rows.append(("Status", _status(page)))
    lines = Md("\n\n").join(Md("**{}**\n:   {}").format(label, text) for label, text in rows)
    return _box("facts", f"At a glance, as of {page.as_of()}", lines)


def timeline_strip(page: PageApi) -> Md:
    """Every event on one time axis, linking to the timeline page ("" without events)."""
    chart = page.timeline_chart(
        page.site.timeline, lanes="none", rows=4, title="The story on a time axis",
        description="Every event on a time axis; each mark links to its event. The "
                    "timeline page has the full chart and list.")
    if not chart:
        return Md("")
    return Md("### The story on a time axis\n\n{}\n\n[The whole timeline]({})").format(
        chart, Md(page.href("timeline/index.md")))


def story_map(page: PageApi) -> Md:
    """The story's places on a map, linking to the map page ("" without coordinates)."""
    drawn = page.story_map()
    if not drawn:
        return Md("")
    return Md("### Where it happens\n\n{}\n\n[The map and its places]({})").format(
        drawn, Md(page.href("map/index.md")))


def _event_with_date(page: PageApi, event_id: RecordId) -> Md:
    event = page.site.typed(event_id, Event)
    return Md("{} ({}){}").format(page.link(event_id), page.date(event.date),
                                  page.badge(event.status))


def _actor_with_title(page: PageApi, actor_id: RecordId) -> Md:
    titles = page.current_titles(actor_id)
    return Md("{}, {}").format(page.link(actor_id), titles) if titles else page.link(actor_id)


def _when(page: PageApi) -> Md:
    site = page.site
    parts = []
    latest = latest_events(site, 1)
    if latest:
        event = site.typed(latest[0], Event)
        parts.append(Md("latest development {} ({})").format(page.on(event.date),
                                                             page.link(latest[0])))
    coming = expected_events(site)
    if coming:
        event = site.typed(coming[0], Event)
        parts.append(Md("next expected {} ({})").format(page.on(event.date), page.link(coming[0])))
    return Md(_upper_first(Md("; ").join(parts))) if parts else Md("")


def _status(page: PageApi) -> str:
    site = page.site
    events = [site.typed(rid, Event) for rid in site.timeline]
    claims = [e.id for e in site.entries.values() if isinstance(e.model, Claim)]
    expected = sum(1 for e in events if e.status == "expected")
    contested = len(disputed_claims(site))
    unconfirmed = sum(1 for e in events if e.status in ("reported", "alleged"))
    text = (f"{_count(len(events), 'event')} on record"
            f"{f', {expected} still expected' if expected else ''}"
            f"{f', {unconfirmed} reported or alleged but not confirmed' if unconfirmed else ''}; "
            f"{_count(len(claims), 'claim')}, {contested} of them disputed or retracted.")
    return text


def disputed(page: PageApi) -> Md:
    site = page.site
    claims = disputed_claims(site)
    if not claims:
        return Md("")
    lines = []
    for cid in claims:
        lines.append(Md("- {}").format(page.claim_line(cid)))
        for answer in site.responses.get(cid, []):
            reply = site.typed(answer, Claim)
            lines.append(Md("    - {}, {} **{}** it: {}{}").format(
                _upper_first(page.on(reply.date)), page.link_in_text(reply.speaker),
                page.stance(reply.stance), page.whole_claim(answer), page.cite(reply.sources)))
    return _box("disputed", "What is disputed", Md("\n").join(lines))


def coming_next(page: PageApi) -> Md:
    site = page.site
    events = expected_events(site)
    if not events:
        return Md("")
    lines = []
    for rid in events:
        event = site.typed(rid, Event)
        lines.append(Md("- {}: {}{}. {}{}").format(
            page.date(event.date), page.link(rid), page.badge(event.status),
            page.inline(event.summary), page.cite(event.sources)))
    return _box("next", "What comes next", Md("\n").join(lines))


def latest(page: PageApi) -> Md:
    site = page.site
    events = latest_events(site)
    if not events:
        return Md("")
    lines = Md("\n").join(Md("- {}").format(page.event_line(e)) for e in events)
    more = Md("\n\n[The whole timeline]({})").format(Md(page.href("timeline/index.md")))
    return _box("latest", "Latest developments", lines + more)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
