"""The drawings of a page, from the linked site: what :mod:`timechart` and
:mod:`mapview` draw, and the links they carry.

Templates call these through :class:`generator.pages.render.Page`, which hands
itself over as a :class:`~generator.pages.parts.PageApi` (``p.timeline_chart``,
``p.place_map``); the drawing modules themselves know nothing of records.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ..core.dates import format_day
from ..core.geo import world
from ..core.models import Actor, Event, Place, RecordId
from ..outputs.mapview import MAP_CSS, PlaceMark, Shade, render_map
from ..outputs.timechart import CHART_CSS, Bin, Mark, month_bins, render_chart, render_histogram
from . import paging
from .parts import LaneMode, Md, PageApi

if TYPE_CHECKING:
    from ..core.link import Site

__all__ = ["CHART_LIMIT", "VIEWS_CSS", "LaneMode", "locator_map", "map_page", "timeline_chart",
           "timeline_year_pages"]

#: The drawings' styles, added to the site's stylesheet.
VIEWS_CSS = CHART_CSS + MAP_CSS
#: The map page draws at most this many places (those with the most events): more
#: markers than this crowd a map of a region, and it keeps the page's size bounded.
MAP_LIMIT = 100
#: Events listed under each place on the map page.
EVENTS_PER_PLACE = 5

#: Past this many events a chart counts them per period instead of drawing each.
CHART_LIMIT = paging.LIMIT
#: Lanes of the most active actors (or tags), before "Others".
LANES = 4



def _participants(site: Site, event: Event) -> list[RecordId]:
    return list(dict.fromkeys(rid for part in event.participants
                              if (rid := site.resolve(part.actor))))


def _lanes(site: Site, events: Sequence[tuple[RecordId, Event]], mode: LaneMode,
           ) -> tuple[list[str], Callable[[Event], tuple[str, ...]]]:
    """Lane labels in order, and the lanes of an event: the most active few, then others."""
    if mode == "none":
        return [""], lambda event: ()
    if mode == "actor":
        counts = Counter(a for _, event in events for a in _participants(site, event))
        top = sorted(counts, key=lambda a: (-counts[a], site.name(a).casefold(), a))[:LANES]
        names = {a: site.name(a) for a in top}
        seen = Counter(names.values())
        labels = {a: name if seen[name] == 1 else f"{name} ({a})" for a, name in names.items()}

        def actor_lanes(event: Event) -> tuple[str, ...]:
            return tuple(labels[a] for a in _participants(site, event) if a in labels)
        rest = "Other actors" if any(not actor_lanes(e) for _, e in events) else None
        return [*labels.values(), *([rest] if rest else [])], actor_lanes
    tag_counts = Counter(t for _, event in events for t in event.tags)
    top_tags = sorted(tag_counts, key=lambda t: (-tag_counts[t], t))[:LANES]
    tag_labels = {t: "#" + t for t in top_tags}

    def tag_lanes(event: Event) -> tuple[str, ...]:
        return tuple(tag_labels[t] for t in event.tags if t in tag_labels)
    rest = "Other tags" if any(not tag_lanes(e) for _, e in events) else None
    return [*tag_labels.values(), *([rest] if rest else [])], tag_lanes


def timeline_year_pages(site: Site) -> dict[int, str]:
    """The page listing each year's events, as the timeline pages them past the limit.

    The same walk as the timeline's own (``render._render_timeline``): the year labels
    of the events that are not expected, in time order, each slugged in turn.
    """
    hub = "timeline/index.md"
    if len(site.timeline) <= paging.LIMIT:
        return {}
    years: dict[int, str] = {}
    taken: set[str] = set()
    labels: dict[str, int] = {}
    for rid in site.timeline:
        event = site.typed(rid, Event)
        if event.status == "expected" or event.date.earliest is None:
            continue
        year = event.date.earliest[0]
        label = str(year) if year > 0 else f"{1 - year} BCE"
        if label not in labels:
            labels[label] = year
            years[year] = f"timeline/{paging.slug(label, taken)}.md"
    return years or {0: hub}


def timeline_chart(page: PageApi, event_ids: Iterable[str], *, lanes: LaneMode, title: str,
                   description: str, rows: int = 6) -> Md:
    """A chart of some events, or past :data:`CHART_LIMIT` a histogram linking to them."""
    site = page.site
    events = [(RecordId(rid), site.typed(rid, Event)) for rid in event_ids]
    as_of_text = format_day(site.as_of)
    if not events:
        return Md("")
    if len(events) > CHART_LIMIT:
        return _histogram(page, events, title=title, description=description)
    labels, lanes_of = _lanes(site, events, lanes)
    marks = [Mark(rid, event.title, page.html_href(rid), event.date, event.status,
                  lanes_of(event), " ".join(_participants(site, event)), " ".join(event.tags))
             for rid, event in events]
    # The drawing is HTML that escapes its own text (outputs.svgtext): Markdown leaves it alone.
    return Md(render_chart(marks, lanes=labels, as_of=site.as_of, as_of_text=as_of_text,
                           title=title, description=description, rows=rows))


def _histogram(page: PageApi, events: Sequence[tuple[RecordId, Event]], *, title: str,
               description: str) -> Md:
    site = page.site
    year_pages = timeline_year_pages(site)
    hub = "timeline/index.md"

    def href_of(year: int) -> str:
        return page.html_href_path(year_pages.get(year, hub))
    dated = [e for _, e in events if e.status != "expected" and e.date.earliest is not None]
    years = Counter(e.date.earliest[0] for e in dated if e.date.earliest)
    bins: list[Bin]
    if years and max(years) - min(years) < 3:
        months = Counter((e.date.earliest[0], e.date.earliest[1]) for e in dated
                         if e.date.earliest)
        bins = month_bins(dict(months), href_of)
    else:
        bins = [Bin((y, 1, 1), (y, 12, 31), str(y) if y > 0 else f"{1 - y} BCE", n, href_of(y))
                for y, n in sorted(years.items())]
    left = len(events) - len(dated)
    note = (f" {left:,} expected or undated events are listed apart." if left else "")
    return Md(render_histogram(bins, as_of=site.as_of, as_of_text=format_day(site.as_of),
                               title=title, description=f"{description} {len(events):,} events "
                               f"counted per period.{note}"))


# --- maps -------------------------------------------------------------------------------

# Found once per linked site (Site is not hashable: keyed by id, checked by a weak reference).
_STATES: dict[int, tuple[weakref.ref[Site], tuple[RecordId, ...]]] = {}


def _state_ids(site: Site) -> tuple[RecordId, ...]:
    cached = _STATES.get(id(site))
    if cached is not None and cached[0]() is site:
        return cached[1]
    found = tuple(sorted(e.id for e in site.entries.values()
                         if isinstance(e.model, Actor) and e.model.country_code))
    for key in [k for k, (ref, _) in _STATES.items() if ref() is None]:
        del _STATES[key]
    _STATES[id(site)] = (weakref.ref(site), found)
    return found


def _shades(page: PageApi) -> list[Shade]:
    """The story's states that have a country code: shaded on every map, linked."""
    site = page.site
    shades = []
    for rid in _state_ids(site):
        actor = site.typed(rid, Actor)  # a tracked read: the page depends on the state
        if actor.country_code and actor.country_code in world().countries:
            shades.append(Shade(actor.country_code, site.name(rid), page.html_href(rid)))
    return shades


def _place_mark(page: PageApi, rid: RecordId, current: bool = False) -> PlaceMark | None:
    place = page.site.typed(rid, Place)
    if place.coordinates is None:
        return None
    lat, lon = place.coordinates
    return PlaceMark(rid, place.name, page.html_href(rid), lon, lat,
                     len(page.site.events_at.get(rid, [])), current)


# Locator maps, per linked site: every event at a place draws the same one.
_LOCATORS: dict[int, tuple[weakref.ref[Site], dict[tuple[str, str, str], Md]]] = {}


def locator_map(page: PageApi, place_id: str, *, title: str) -> Md:
    """A small map that shows where one place is; nothing without coordinates.

    The map depends on the place, the states and the page's folder (its links are
    relative): the pages of one folder share it.
    """
    mark = _place_mark(page, RecordId(place_id), current=True)
    if mark is None:
        return Md("")
    shades = _shades(page)
    site = page.site
    cached = _LOCATORS.get(id(site))
    if cached is None or cached[0]() is not site:
        for key in [k for k, (ref, _) in _LOCATORS.items() if ref() is None]:
            del _LOCATORS[key]
        cached = _LOCATORS[id(site)] = (weakref.ref(site), {})
    wanted = (place_id, page.html_href(place_id) + "\x1f" + repr((mark, shades)), title)
    made = cached[1].get(wanted)
    if made is None:
        made = cached[1][wanted] = Md(render_map(
            [mark], shades, title=title,
            description=f"Where {mark.name} is, on a map of the region.", locator=True))
    return made


def _story_places(page: PageApi) -> tuple[list[RecordId], list[PlaceMark]]:
    """Every place, most events first, and the marks of those with coordinates."""
    site = page.site
    places = sorted((e.id for e in site.entries.values() if isinstance(e.model, Place)),
                    key=lambda i: (-len(site.events_at.get(i, [])), site.name(i).casefold(), i))
    return places, [m for rid in places if (m := _place_mark(page, rid)) is not None]


def _drawn_map(page: PageApi, drawn: Sequence[PlaceMark]) -> Md:
    return Md(render_map(list(drawn), _shades(page), title="Map of the places in the story",
                         description=f"{len(drawn)} places with coordinates, each linking to "
                         "its page; markers grow with the number of events there."))


def story_map(page: PageApi) -> Md:
    """The map of the story's places alone, for the home page ("" if none has coordinates)."""
    _, marks = _story_places(page)
    return _drawn_map(page, marks[:MAP_LIMIT]) if marks else Md("")


def map_page(page: PageApi) -> Md:
    """The map page's body: the map, the events at each place, the places left off."""
    site = page.site
    places, marks = _story_places(page)
    drawn, left = marks[:MAP_LIMIT], marks[MAP_LIMIT:]
    unplaced = [rid for rid in places if site.typed(rid, Place).coordinates is None]
    places_list = Md(page.href("places/index.md"))
    out: list[Md] = []
    if drawn:
        out.append(_drawn_map(page, drawn))
        out.append(Md(""))
    else:
        out.append(Md("No place has coordinates yet, so there is nothing to draw.\n"))
    if left:
        out.append(Md("The map shows the {} places with the most events, of {} with "
                      "coordinates; the [list of places]({}) has them all.\n").format(
                          len(drawn), len(marks), places_list))
    if drawn:
        out.append(Md("## Events at each place\n"))
        for mark in drawn:
            rid = RecordId(mark.id)
            here = site.events_at.get(rid, [])
            noun = "event" if len(here) == 1 else "events"
            line = Md("- **{}** ({} {})").format(page.link(rid), len(here), noun)
            if here:
                more = len(here) - EVENTS_PER_PLACE
                line += Md(": {}{}").format(
                    Md(", ").join(page.link(e) for e in here[:EVENTS_PER_PLACE]),
                    Md(", and [{} more]({})").format(more, Md(page.url(rid))) if more > 0
                    else Md(""))
            out.append(line)
        out.append(Md(""))
    if unplaced:
        out.append(Md("## Not on the map\n"))
        out.append(Md("These places have no coordinates yet:\n"))
        for rid in unplaced[:paging.LIMIT]:
            count = len(site.events_at.get(rid, []))
            noun = "event" if count == 1 else "events"
            out.append(Md("- {} ({} {})").format(page.link(rid), count, noun))
        if len(unplaced) > paging.LIMIT:
            out.append(Md("- and {} more, in the [list of places]({})").format(
                len(unplaced) - paging.LIMIT, places_list))
        out.append(Md(""))
    return Md("\n").join(out)

