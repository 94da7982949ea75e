"""The drawings of a page, from the linked site: what :mod:`timechart` and
:mod:`mapview` draw, and the links they carry.

Templates call these through :class:`generator.render.Page` (``p.timeline_chart``,
``p.place_map``); the drawing modules themselves know nothing of records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from . import paging
from .dates import format_day
from .models import Event, RecordId
from .timechart import CHART_CSS, Bin, Mark, month_bins, render_chart, render_histogram

if TYPE_CHECKING:
    from .link import Site
    from .render import Page

__all__ = ["CHART_LIMIT", "VIEWS_CSS", "LaneMode", "timeline_chart", "timeline_year_pages"]

#: The drawings' styles, added to the site's stylesheet.
VIEWS_CSS = CHART_CSS

#: Past this many events a chart counts them per period instead of drawing each.
CHART_LIMIT = paging.LIMIT
#: Lanes of the most active actors (or tags), before "Others".
LANES = 4

LaneMode = Literal["actor", "tag", "none"]


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


def timeline_chart(page: Page, event_ids: Iterable[str], *, lanes: LaneMode, title: str,
                   description: str, rows: int = 6) -> str:
    """A chart of some events, or past :data:`CHART_LIMIT` a histogram linking to them."""
    site = page.site
    events = [(RecordId(rid), site.typed(rid, Event)) for rid in event_ids]
    as_of_text = format_day(site.as_of)
    if not events:
        return ""
    if len(events) > CHART_LIMIT:
        return _histogram(page, events, title=title, description=description)
    labels, lanes_of = _lanes(site, events, lanes)
    marks = [Mark(rid, event.title, page.html_href(rid), event.date, event.status,
                  lanes_of(event), " ".join(_participants(site, event)), " ".join(event.tags))
             for rid, event in events]
    return render_chart(marks, lanes=labels, as_of=site.as_of, as_of_text=as_of_text,
                        title=title, description=description, rows=rows)


def _histogram(page: Page, events: Sequence[tuple[RecordId, Event]], *, title: str,
               description: str) -> str:
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
    return render_histogram(bins, as_of=site.as_of, as_of_text=format_day(site.as_of),
                            title=title, description=f"{description} {len(events):,} events "
                            f"counted per period.{note}")
