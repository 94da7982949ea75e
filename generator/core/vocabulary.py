"""The content format's fixed vocabularies (content-format.md, v1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

RecordKind = Literal["actor", "event", "claim", "source", "place", "story"]

#: Content folder → record kind, in the order records are loaded and listed.
FOLDERS: Final[dict[str, RecordKind]] = {
    "actors": "actor",
    "events": "event",
    "claims": "claim",
    "sources": "source",
    "places": "place",
    "stories": "story",
}
FOLDER_OF: Final[dict[RecordKind, str]] = {kind: folder for folder, kind in FOLDERS.items()}

ActorKind = Literal["person", "organization", "state", "government-body", "armed-group", "media"]
EventStatus = Literal["confirmed", "reported", "alleged", "expected", "postponed", "cancelled"]
RelationStatus = Literal["confirmed", "reported", "alleged", "denied"]
Stance = Literal["denies", "disputes", "confirms", "retracts", "clarifies", "repeats"]
SourceKind = Literal[
    "news", "statement", "briefing", "state-media", "report", "social-post", "other"
]
PlaceKind = Literal["city", "region", "country", "facility", "other"]
ClaimStatus = Literal["retracted", "disputed", "confirmed", "unchallenged"]


@dataclass(frozen=True, slots=True)
class RelationType:
    label: str
    inverse: str


RELATION_TYPES: Final[dict[str, RelationType]] = {
    "member-of": RelationType("member of", "members"),
    "leads": RelationType("leads", "led by"),
    "part-of": RelationType("part of", "includes"),
    "spokesperson-for": RelationType("spokesperson for", "spokespeople"),
    "state-media-of": RelationType("state media of", "state media"),
    "allied-with": RelationType("allied with", "allied with"),
    "negotiates-with": RelationType("negotiates with", "negotiates with"),
    "supplies-arms-to": RelationType("supplies arms to", "receives arms from"),
    "at-war-with": RelationType("at war with", "at war with"),
    "opposes": RelationType("opposes", "opposed by"),
}

#: Past-tense verbs for a response's stance, for generated sentences.
STANCE_VERBS: Final[dict[str, str]] = {
    "denies": "denied",
    "disputes": "disputed",
    "confirms": "confirmed",
    "retracts": "retracted",
    "clarifies": "clarified",
    "repeats": "repeated",
}

ACTOR_KIND_PLURALS: Final[dict[str, str]] = {
    "person": "People",
    "organization": "Organisations",
    "state": "States",
    "government-body": "Government bodies",
    "armed-group": "Armed groups",
    "media": "Media",
}


#: Each listing page's title and introduction (its description too).
LISTINGS: Final[dict[RecordKind, tuple[str, str]]] = {
    "story": ("Stories", "The explainers, in reading order."),
    "actor": ("Actors", "People, organisations and states in the story, grouped by kind."),
    "event": ("Events", "Everything that happened or is expected, in time order, by year."),
    "claim": ("Claims", "Statements attributed to a speaker, grouped by whether they are "
                        "contested."),
    "source": ("Sources", "Where the facts on this site come from, grouped by kind, "
                          "newest first."),
    "place": ("Places", "Cities, regions, countries and facilities in the story."),
}
