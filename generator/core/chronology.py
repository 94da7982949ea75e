"""Where each event stands in time, fuzzy and expected dates included.

The rule (shown on the timeline page as :data:`RULE`, and used for the timeline,
the events listing and every event's previous and next event):

1. Events go by the earliest day their date can mean (an open start first).
2. An expected event has not happened as of the site's ``as_of`` day, so it
   cannot be earlier than that day: it goes by the later of its earliest day
   and ``as_of``. (A stale one, whose date has passed, keeps its earliest day.)
3. On the same day, what was reported comes before what is expected; other
   ties keep the order the records were read in (as the content format asks).
"""

from __future__ import annotations

from .dates import DayKey
from .models import Event

RULE = ("Events are in order of the earliest day their date can mean. An expected event "
        "has not happened yet, so it is placed no earlier than the day this site is "
        "written from. On the same day, what was reported comes before what is "
        "expected.")


def event_key(event: Event, as_of: DayKey) -> tuple[DayKey, int]:
    """The sort key of an event under the rule above (a stable sort keeps other ties)."""
    date = event.date
    placed = date.sort_key()
    expected = event.status == "expected"
    if expected and not date.ends_before(as_of) and placed < as_of:
        placed = as_of
    return placed, 1 if expected else 0
