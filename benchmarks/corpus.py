"""A synthetic content folder of any size, for benchmarks and scale tests.

    python -m benchmarks.corpus --records 1000 OUT [--seed 1] [--project] [--force]

writes a content folder (``actors/``, ``events/``, … ``glossary.yml``) that
follows ``content-format.md`` and passes ``explainer check --strict`` with no
problem. ``--project`` writes a buildable project instead: ``OUT/content``,
an empty ``OUT/docs`` and a minimal ``OUT/mkdocs.yml`` (see :func:`write_project`).

The output depends only on ``--records`` and ``--seed``: every random choice
comes from one ``random.Random(seed)``, nothing reads the clock, and the same
arguments give byte-identical files.

Proportions follow a real story: for N records about N/8 actors, 3N/8 events,
N/4 claims and N/4 sources, plus about N/40 places, a few stories (one of them
the home page), a vocabulary of 30 tags and a glossary of 21 terms used in the
prose. Every EDTF form of the format's table occurs (and seasons and ``X``
years), every relation type and every stance; claim threads never loop and a
response is always dated after what it answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.dates import parse_edtf
from generator.core.vocabulary import RELATION_TYPES

AS_OF = "2024-06-30"
_AS_OF_DAY = dt.date(2024, 6, 30)
_FIRST_DAY = dt.date(2014, 1, 1)
_LAST_EXPECTED = dt.date(2026, 6, 30)
RECORD_FOLDERS = ("actors", "events", "claims", "sources", "places", "stories")

#: The forms of the content format's date table, with seasons and X years: name → example.
DATE_FORMS: dict[str, str] = {
    "day": "2023-09-04",
    "month": "2023-07",
    "year": "2022",
    "approximate": "2022~",
    "uncertain": "2023-09?",
    "approximate-uncertain": "2023-09%",
    "day-unspecified": "2023-09-XX",
    "interval": "2023-07-25/2023-07-27",
    "span": "2012-11/2024-05",
    "open-end": "2011-12/..",
    "open-start": "../2023-08",
    "season": "2001-21",
    "year-unspecified": "201X",
}

_EVENT_FORMS = {
    "day": 40, "month": 12, "year": 3, "approximate": 5, "uncertain": 5,
    "approximate-uncertain": 2, "day-unspecified": 5, "interval": 10, "span": 5,
    "open-end": 3, "open-start": 2, "season": 3, "year-unspecified": 1,
}
_CLAIM_FORMS = {
    "day": 70, "month": 8, "year": 2, "approximate": 5, "uncertain": 6,
    "approximate-uncertain": 2, "day-unspecified": 5,
}
_SOURCE_FORMS = {"day": 85, "month": 8, "year": 3, "approximate": 2, "day-unspecified": 2}

TAGS = (
    "arms-trade", "diplomacy", "sanctions", "nuclear-programme", "missile-tests", "energy",
    "trade", "border-disputes", "human-rights", "cyber", "espionage", "elections", "protests",
    "refugees", "naval-incidents", "aviation", "space", "food-security", "shipping",
    "mercenaries", "propaganda", "treaties", "summits", "military-exercises", "intelligence",
    "economy", "technology", "maritime", "ceasefire", "prisoners",
)

GLOSSARY = {
    "UN": "United Nations",
    "UNSC": "United Nations Security Council",
    "NATO": "North Atlantic Treaty Organization",
    "EU": "European Union",
    "IAEA": "International Atomic Energy Agency",
    "ICBM": "intercontinental ballistic missile",
    "SRBM": "short-range ballistic missile",
    "MLRS": "multiple launch rocket system",
    "NSC": "National Security Council",
    "MFA": "Ministry of Foreign Affairs",
    "MoD": "Ministry of Defence",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "ASEAN": "Association of Southeast Asian Nations",
    "G7": "Group of Seven",
    "G20": "Group of Twenty",
    "WTO": "World Trade Organization",
    "ICC": "International Criminal Court",
    "DMZ": "demilitarised zone",
    "EEZ": "exclusive economic zone",
    "UAV": "unmanned aerial vehicle (drone)",
    "SIPRI": "Stockholm International Peace Research Institute",
}

_TOPICS = (
    "arms deal", "ceasefire", "trade agreement", "sanctions package", "naval exercise",
    "grain corridor", "prisoner exchange", "energy pipeline", "border treaty",
    "artillery shells", "missile programme", "port access", "fishing rights", "loan",
    "satellite launch", "air defence systems", "election monitoring", "refugee returns",
    "drone deliveries", "oil shipments", "cyber attack", "peace plan", "summit",
)
_ROLES = ("host", "visitor", "signatory", "mediator", "observer", "organiser", "delegation")
_POSITION_TITLES = (
    "Minister of Defence", "Foreign Minister", "Spokesperson", "Ambassador", "Chairman",
    "Director", "Chief of the General Staff", "Deputy Prime Minister", "Correspondent",
    "Commander", "President", "Prime Minister", "Special Envoy", "Editor-in-chief",
)
_LANGUAGES = ("en", "en", "en", "ko", "ru", "zh", "ja", "ar", "fr", "de", "uk", "en-GB",
              "zh-Hant", "pt-BR")
_SYLLABLES = ("Al", "Bor", "Cor", "Dal", "Es", "Fen", "Gal", "Hal", "Ir", "Jor", "Kas", "Lor",
              "Mar", "Nor", "Or", "Pal", "Quen", "Ros", "Sar", "Tal", "Ul", "Val", "Wes", "Zar")
_ENDINGS = ("dia", "avia", "mark", "land", "stan", "onia", "ova", "ia", "ay", "eth")
_CYRILLIC = dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    ["а", "б", "к", "д", "е", "ф", "г", "х", "и", "й", "к", "л", "м", "н", "о", "п", "к",
     "р", "с", "т", "у", "в", "в", "кс", "ы", "з"], strict=True))
_GREEK = dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    ["α", "β", "κ", "δ", "ε", "φ", "γ", "η", "ι", "ι", "κ", "λ", "μ", "ν", "ο", "π", "κ",
     "ρ", "σ", "τ", "ου", "β", "ου", "ξ", "υ", "ζ"], strict=True))

# (latin, native) name parts; "family_first" cultures write the family name first.
_CULTURES: tuple[dict[str, Any], ...] = (
    {"family_first": True,
     "family": [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"),
                ("Kang", "강"), ("Cho", "조"), ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"),
                ("Han", "한"), ("Oh", "오")],
     "given": [("Min-jun", "민준"), ("Seo-yeon", "서연"), ("Ji-ho", "지호"), ("Ha-eun", "하은"),
               ("Do-yun", "도윤"), ("Su-bin", "수빈"), ("Jae-won", "재원"), ("Yu-na", "유나"),
               ("Sung-ho", "성호"), ("Hye-jin", "혜진"), ("Tae-hyun", "태현"), ("Eun-ji", "은지")]},
    {"family_first": False, "feminine": {"Anna", "Olga", "Elena", "Natalia", "Irina", "Maria"},
     "family": [("Petrov", "Петров"), ("Ivanov", "Иванов"), ("Sokolov", "Соколов"),
                ("Volkov", "Волков"), ("Morozov", "Морозов"), ("Lebedev", "Лебедев"),
                ("Kozlov", "Козлов"), ("Novikov", "Новиков"), ("Popov", "Попов"),
                ("Orlov", "Орлов"), ("Belov", "Белов"), ("Zaitsev", "Зайцев")],
     "given": [("Ivan", "Иван"), ("Sergei", "Сергей"), ("Anna", "Анна"), ("Olga", "Ольга"),
               ("Dmitry", "Дмитрий"), ("Mikhail", "Михаил"), ("Elena", "Елена"),
               ("Pavel", "Павел"), ("Natalia", "Наталья"), ("Andrei", "Андрей"),
               ("Irina", "Ирина"), ("Maria", "Мария")]},
    {"family_first": True,
     "family": [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
                ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
                ("Xu", "徐"), ("Sun", "孙")],
     "given": [("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
               ("Yang", "洋"), ("Jun", "军"), ("Xiu", "秀"), ("Qiang", "强"), ("Hui", "慧"),
               ("Tao", "涛"), ("Ming", "明")]},
    {"family_first": False, "native_family_first": True,
     "family": [("Sato", "佐藤"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"), ("Tanaka", "田中"),
                ("Watanabe", "渡辺"), ("Ito", "伊藤"), ("Yamamoto", "山本"),
                ("Nakamura", "中村"), ("Kobayashi", "小林"), ("Kato", "加藤"),
                ("Yoshida", "吉田"), ("Yamada", "山田")],
     "given": [("Hiroshi", "博"), ("Yuki", "雪"), ("Kenji", "健二"), ("Akiko", "明子"),
               ("Takeshi", "武"), ("Naoko", "直子"), ("Satoshi", "聡"), ("Emi", "恵美"),
               ("Daisuke", "大輔"), ("Yoko", "洋子"), ("Makoto", "誠"), ("Keiko", "恵子")]},
    {"family_first": False,
     "family": [("Haddad", "حداد"), ("Khalil", "خليل"), ("Mansour", "منصور"),
                ("Nasser", "ناصر"), ("Saleh", "صالح"), ("Hamdan", "حمدان"), ("Aziz", "عزيز"),
                ("Rahman", "رحمن"), ("Darwish", "درويش"), ("Yousef", "يوسف"),
                ("Qasim", "قاسم"), ("Farouk", "فاروق")],
     "given": [("Omar", "عمر"), ("Layla", "ليلى"), ("Karim", "كريم"), ("Yasmin", "ياسمين"),
               ("Tariq", "طارق"), ("Nadia", "نادية"), ("Samir", "سمير"), ("Huda", "هدى"),
               ("Faisal", "فيصل"), ("Rania", "رانيا"), ("Walid", "وليد"), ("Salma", "سلمى")]},
    {"family_first": False,
     "family": [(name, "") for name in ("Smith", "Johnson", "Brown", "Taylor", "Wilson",
                                        "Clarke", "Walker", "Wright", "Hughes", "Green",
                                        "Hall", "Wood")],
     "given": [(name, "") for name in ("James", "Mary", "John", "Patricia", "Robert", "Linda",
                                       "Michael", "Sarah", "David", "Karen", "Thomas",
                                       "Emily")]},
)

#: Actor kinds and their share of the actors.
_ACTOR_KINDS = (("state", 0.08), ("media", 0.08), ("government-body", 0.14),
                ("organization", 0.10), ("armed-group", 0.05), ("person", 0.55))
_MIN_ACTORS = {"state": 3, "media": 2, "government-body": 2, "organization": 1,
               "armed-group": 1, "person": 5}


# ------------------------------------------------------------------ sizes


@dataclass(frozen=True)
class Counts:
    actors: int
    events: int
    claims: int
    sources: int
    places: int
    stories: int

    @property
    def total(self) -> int:
        return (self.actors + self.events + self.claims + self.sources + self.places
                + self.stories)


def counts(n: int) -> Counts:
    """Record counts for a corpus of about ``n`` records (places and stories come on top)."""
    actors = max(sum(_MIN_ACTORS.values()), round(n / 8))
    events = max(len(DATE_FORMS), round(3 * n / 8))
    claims = max(12, round(n / 4))
    sources = max(5, n - actors - events - claims)
    return Counts(actors, events, claims, sources, places=max(3, round(n / 40)),
                  stories=min(12, 3 + n // 2000))


# ------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """Writes as an editor would: dates and numbers unquoted, Markdown as ``|`` blocks."""


# Scalars are read as the text the editor typed (content-format.md), so only the
# resolvers that would make a value look like null or a boolean are kept:
# 2023-09-04 and 2022 are written plain, "yes" and "null" are quoted.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Flow(list[str]):
    """A short list of ids, written ``[a, b]``."""


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88,
                     default_flow_style=False)


# ------------------------------------------------------------------ dates


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _season(day: dt.date) -> tuple[int, int]:
    """EDTF season (year, 21-24) of a day; January and February are last year's winter."""
    if day.month in (1, 2):
        return day.year - 1, 24
    return day.year, 21 + (day.month - 3) // 3 if day.month < 12 else 24


def _month_text(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def edtf_from(rng: random.Random, day: dt.date, form: str) -> str:
    """An EDTF string of the given form around ``day`` (its earliest day is at most ``day``)."""
    if form == "day":
        return day.isoformat()
    if form == "month":
        return _month_text(day)
    if form == "year":
        return str(day.year)
    if form == "approximate":
        return rng.choice((f"{day.year}~", f"{_month_text(day)}~", f"{day.isoformat()}~"))
    if form == "uncertain":
        return rng.choice((f"{_month_text(day)}?", f"{day.isoformat()}?", f"{day.year}?"))
    if form == "approximate-uncertain":
        return rng.choice((f"{_month_text(day)}%", f"{day.year}%"))
    if form == "day-unspecified":
        return f"{_month_text(day)}-XX"
    if form == "interval":
        return f"{day.isoformat()}/{(day + dt.timedelta(days=rng.randint(1, 6))).isoformat()}"
    if form == "span":
        end = day + dt.timedelta(days=rng.randint(40, 900))
        return f"{_month_text(day)}/{_month_text(end)}"
    if form == "open-end":
        return f"{_month_text(day)}/.."
    if form == "open-start":
        return f"../{_month_text(day)}"
    if form == "season":
        year, season = _season(day)
        return f"{year}-{season}"
    if form == "year-unspecified":
        return f"{str(day.year)[:3]}X"
    raise ValueError(form)


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _latest(text: str) -> dt.date | None:
    latest = parse_edtf(text).latest
    return None if latest is None else dt.date(*latest)


def _earliest(text: str) -> dt.date | None:
    earliest = parse_edtf(text).earliest
    return None if earliest is None else dt.date(*earliest)


# -------------------------------------------------------------- the corpus


def slug(text: str, limit: int = 60) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(value) > limit:
        value = value[:limit].rsplit("-", 1)[0]
    return value or "record"


def _transliterate(text: str, table: dict[str, str]) -> str:
    out = "".join(table.get(ch.lower(), ch) for ch in text)
    return out[:1].upper() + out[1:]


@dataclass
class _Actor:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None


@dataclass
class _Claim:
    id: str
    speaker: str
    date: str
    latest: dt.date


class Corpus:
    """Builds every file of the content folder in memory: ``files`` maps path → text."""

    def __init__(self, n: int, seed: int = 1) -> None:
        self.n = n
        self.seed = seed
        self.rng = random.Random(seed)
        self.counts = counts(n)
        self.files: dict[str, str] = {}
        self._used: set[str] = set()
        self.actors: list[_Actor] = []
        self.by_kind: dict[str, list[_Actor]] = {kind: [] for kind, _ in _ACTOR_KINDS}
        self.places: list[tuple[str, str]] = []
        self.events: list[tuple[str, str]] = []
        self.claims: list[tuple[str, str]] = []
        self.sources: list[tuple[str, str]] = []
        self.stories: list[tuple[str, str]] = []
        self._names: dict[str, str] = {}
        self._actor_names: list[tuple[str, str]] = []
        self._place_kinds: list[str] = []
        self._publishers: list[str] = []
        self._speakers: list[str] = []
        #: Relations written back from the target of a symmetric relation, by actor id.
        self._reciprocal: dict[str, list[dict[str, Any]]] = {}

    # ------------------------------------------------------------ helpers

    def _unique(self, base: str) -> str:
        candidate, i = base, 1
        while candidate in self._used:
            i += 1
            candidate = f"{base}-{i}"
        self._used.add(candidate)
        return candidate

    def _word(self) -> str:
        return self.rng.choice(_SYLLABLES) + self.rng.choice(_ENDINGS)

    def _tags(self, most: int = 3) -> list[str]:
        return self.rng.sample(TAGS, self.rng.randint(0, most))

    def _sources(self, least: int = 1, most: int = 2) -> _Flow:
        picked = self.rng.sample(self.sources, min(len(self.sources),
                                                   self.rng.randint(least, most)))
        return _Flow(sorted(sid for sid, _ in picked))

    def _any_record(self) -> tuple[str, str]:
        pool = self.rng.choices(
            (self.actors_named, self.events, self.places, self.claims, self.sources),
            weights=(40, 30, 12, 10, 8))[0]
        return self.rng.choice(pool)

    @property
    def actors_named(self) -> list[tuple[str, str]]:
        return self._actor_names

    def _mention(self, target: tuple[str, str] | None = None) -> str:
        rid, name = target or self._any_record()
        if self.rng.random() < 0.35:
            label = name if len(name) <= 40 else name[:40].rsplit(" ", 1)[0]
            label = label.replace("[", "").replace("]", "").replace("|", "")
            return f"[[{rid}|{label.lower() if self.rng.random() < 0.5 else label}]]"
        return f"[[{rid}]]"

    def _term(self) -> str:
        return self.rng.choice(list(GLOSSARY))

    def _sentence(self) -> str:
        rng = self.rng
        topic = rng.choice(_TOPICS)
        templates = (
            f"{self._mention()} and {self._mention()} discussed the {topic}.",
            f"According to the {self._term()}, the {topic} involves {self._mention()}.",
            f"The {topic} was first reported by {self._mention()}.",
            f"Officials in {self._mention()} said the {topic} would be reviewed by the "
            f"{self._term()}.",
            f"Analysts link the {topic} to {self._mention()} and to earlier talks.",
            f"{self._mention()} has not commented on the {topic}.",
            f"The {self._term()} called for restraint over the {topic}.",
        )
        return rng.choice(templates)

    def _summary(self, lead: str, sentences: int = 2) -> str:
        return " ".join([lead, *(self._sentence() for _ in range(sentences))])

    def _body(self) -> str:
        rng = self.rng
        paragraphs = [" ".join(self._sentence() for _ in range(rng.randint(2, 4)))
                      for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            items = "\n".join(f"- {self._sentence()}" for _ in range(rng.randint(2, 4)))
            paragraphs.append(items)
        return "\n\n".join(paragraphs) + "\n"

    def _write(self, path: str, data: dict[str, Any]) -> None:
        self.files[path] = dump_yaml(data)

    # ------------------------------------------------------------ identities

    def plan(self) -> None:
        """Every id and display name first, so that any record can mention any other."""
        rng = self.rng
        c = self.counts
        # The first actor is a person at every size: the benchmarks compare its page.
        kinds: list[str] = ["person"]
        for kind, share in _ACTOR_KINDS[:-1]:
            kinds += [kind] * max(_MIN_ACTORS[kind], round(c.actors * share))
        kinds += ["person"] * max(_MIN_ACTORS["person"] - 1, c.actors - len(kinds))
        for kind in kinds:
            self._plan_actor(kind)
        self._actor_names = [(a.id, a.name) for a in self.actors]
        self._names = dict(self._actor_names)
        states = self.by_kind["state"]
        for actor in self.actors:
            if actor.kind != "state" and rng.random() < 0.8:
                actor.country = rng.choice(states).id
        for _ in range(c.places):
            kind = rng.choices(("city", "region", "country", "facility", "other"),
                               weights=(50, 20, 5, 20, 5))[0]
            word = self._word()
            facility = rng.choice(("Naval Base", "Airfield", "Port", "Test Site", "Plant"))
            name = {"city": f"{word} City" if rng.random() < 0.3 else word,
                    "region": f"{word} Province", "country": f"{word} Territory",
                    "facility": f"{word} {facility}", "other": f"{word} Strait"}[kind]
            self.places.append((self._unique(slug(name)), name))
            self._place_kinds.append(kind)
        for _ in range(c.sources):
            publisher = rng.choice(self.by_kind["media"] + self.by_kind["government-body"])
            a, b = rng.sample(self.actors, 2)
            topic = rng.choice(_TOPICS)
            title = rng.choice((
                f"{a.name} and {b.name} hold talks on {topic}",
                f"{a.name} denies reports of {topic}",
                f"Statement on the {topic}",
                f"Briefing: {a.name} on the {topic}",
                f"{a.name} says {topic} with {b.name} is advancing",
                f"Satellite images suggest {topic} near {rng.choice(self.places)[1]}",
            ))
            self.sources.append((self._unique(slug(f"{publisher.name}-{title}")), title))
            self._publishers.append(publisher.id)
        for _ in range(c.events):
            a, b = rng.sample(self.actors, 2)
            place = rng.choice(self.places)[1]
            topic = rng.choice(_TOPICS)
            title = rng.choice((
                f"{a.name} visits {place}",
                f"Talks between {a.name} and {b.name} in {place}",
                f"{a.name} announces {topic}",
                f"Missile test near {place}",
                f"{a.name} signs {topic} with {b.name}",
                f"Summit of {a.name} and {b.name}",
                f"Shipment of {topic} to {a.name} reported",
                f"{b.name} imposes sanctions on {a.name}",
            ))
            self.events.append((self._unique(slug(title)), title))
        for _ in range(c.claims):
            speaker = rng.choice(self.by_kind["person"] + self.by_kind["government-body"]
                                 + self.by_kind["media"])
            topic = rng.choice(_TOPICS)
            verb = rng.choice(("says", "warns", "denies", "confirms", "claims", "accuses",
                               "rejects", "hints"))
            text = f"{speaker.name} {verb} {topic}"
            self.claims.append((self._unique(slug(text)), text))
            self._speakers.append(speaker.id)
        for i in range(c.stories):
            title = ("What is happening and why it matters" if i == 0
                     else f"The {rng.choice(_TOPICS)}, explained")
            self.stories.append((self._unique(slug(title)), title))

    def _plan_actor(self, kind: str) -> None:
        rng = self.rng
        aliases: list[str] = []
        if kind == "person":
            name, native = self._person_name()
            if native:
                aliases.append(native)
        elif kind == "state":
            name = self._word()
            aliases.append(_transliterate(name, _CYRILLIC))
            if rng.random() < 0.3:
                aliases.append(_transliterate(name, _GREEK))
        else:
            state = rng.choice(self.by_kind["state"]).name if self.by_kind["state"] else ""
            word = self._word()
            ministry = rng.choice(("Defence", "Foreign Affairs", "Trade", "Energy", "Interior",
                                   "Finance"))
            name = {
                "media": rng.choice((f"{state} Central News Agency", f"The {word} Herald",
                                     f"{word} Daily", f"{word} Broadcasting")),
                "government-body": rng.choice((
                    f"{state} Ministry of {ministry}",
                    f"{state} National Security Council", f"{state} Presidential Office")),
                "organization": rng.choice((f"{word} Institute for Strategic Studies",
                                            f"{word} Shipping Company",
                                            f"{word} Arms Export Corporation")),
                "armed-group": rng.choice((f"{word} Brigade", f"{word} Liberation Front",
                                           f"{word} Volunteer Corps")),
            }[kind]
            if rng.random() < 0.3:
                aliases.append(_transliterate(name, _CYRILLIC))
        actor = _Actor(self._unique(slug(name)), name, kind, aliases)
        self.actors.append(actor)
        self.by_kind[kind].append(actor)

    def _person_name(self) -> tuple[str, str]:
        rng = self.rng
        culture = rng.choice(_CULTURES)
        family, family_native = rng.choice(culture["family"])
        given, given_native = rng.choice(culture["given"])
        if given in culture.get("feminine", ()):
            family, family_native = family + "a", family_native + "а"
        if culture["family_first"]:
            return f"{family} {given}", f"{family_native}{given_native}"
        native = ""
        if family_native:
            native = (f"{family_native}{given_native}" if culture.get("native_family_first")
                      else f"{given_native} {family_native}")
        return f"{given} {family}", native

    # ---------------------------------------------------------------- records

    def build(self) -> dict[str, str]:
        self.plan()
        self._write_actors()
        self._write_places()
        self._write_sources()
        self._write_events()
        self._write_claims()
        self._write_stories()
        self.files["glossary.yml"] = (
            "# Terms shown as tooltips wherever they appear.\n" + dump_yaml(dict(GLOSSARY)))
        return dict(sorted(self.files.items()))

    def _write_actors(self) -> None:
        relation_types = list(RELATION_TYPES)
        relation_count = 0
        orgs = (self.by_kind["government-body"] + self.by_kind["organization"]
                + self.by_kind["state"])
        for actor in self.actors:
            if actor is self.actors[0]:
                # The anchor's own fields take the same shape at every size.
                shared, self.rng = self.rng, random.Random(f"anchor-{self.seed}")
                self._write_actor(actor, relation_types, orgs, relation_count)
                self.rng = shared
                relation_count += 1
                continue
            relation_count = self._write_actor(actor, relation_types, orgs, relation_count)

    def _write_actor(self, actor: _Actor, relation_types: list[str], orgs: list[_Actor],
                     relation_count: int) -> int:
        rng = self.rng
        data: dict[str, Any] = {"name": actor.name, "kind": actor.kind}
        if actor.aliases:
            data["aliases"] = actor.aliases
        if actor.country:
            data["country"] = actor.country
        lead = {"person": f"{actor.name} is a public figure from "
                          f"{self._mention((actor.country, self._name(actor.country)))}."
                          if actor.country else f"{actor.name} is a public figure.",
                "state": f"{actor.name} is a state in the region.",
                }.get(actor.kind, f"{actor.name} is an actor of the story.")
        data["summary"] = self._summary(lead, rng.randint(1, 2))
        if rng.random() < 0.3:
            data["body"] = self._body()
        if actor.kind == "person" and rng.random() < 0.8:
            data["positions"] = self._positions(orgs)
        relations = []
        for _ in range(rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]):
            rtype = relation_types[relation_count % len(relation_types)]
            relation_count += 1
            target = rng.choice(self.actors)
            while target.id == actor.id:
                target = rng.choice(self.actors)
            relations.append(self._relation(rtype, target.id))
            if (rtype in ("allied-with", "negotiates-with", "at-war-with")
                    and rng.random() < 0.3):
                self._reciprocal.setdefault(target.id, []).append(
                    self._relation(rtype, actor.id))
        relations += self._reciprocal.pop(actor.id, [])
        if relations:
            data["relations"] = relations
        if actor.kind in ("person", "state") and rng.random() < 0.3:
            data["wikidata"] = f"Q{rng.randint(1, 99_999_999)}"
        if actor.kind == "person" and rng.random() < 0.05:
            data["image"] = {"url": f"https://example.org/images/{actor.id}.jpg",
                             "credit": f"Photo: {self._word()} Press"}
        self._common(data, sources=False)
        self.files[f"actors/{actor.id}.yml"] = dump_yaml(data)
        return relation_count

    def _name(self, rid: str | None) -> str:
        return self._names[rid] if rid else ""

    def _relation(self, rtype: str, target: str) -> dict[str, Any]:
        rng = self.rng
        rel: dict[str, Any] = {"type": rtype, "to": target}
        if rng.random() < 0.6:
            day = _random_day(rng, dt.date(1995, 1, 1), _AS_OF_DAY)
            rel["date"] = edtf_from(rng, day, rng.choice(("span", "open-end", "open-start",
                                                          "year", "month")))
        status = rng.choices(("confirmed", "reported", "alleged", "denied"),
                             weights=(50, 25, 15, 10))[0]
        if status != "confirmed" or rng.random() < 0.2:
            rel["status"] = status
        if rng.random() < 0.2:
            rel["note"] = f"As described by {self._mention()}."
        rel["sources"] = self._sources(1, 2)
        return rel

    def _positions(self, orgs: list[_Actor]) -> list[dict[str, Any]]:
        rng = self.rng
        count = rng.randint(1, 3)
        start = _random_day(rng, dt.date(1995, 1, 1), dt.date(2016, 12, 31))
        days = rng.random() < 0.3
        positions = []
        for i in range(count):
            last = i == count - 1
            end = start + dt.timedelta(days=rng.randint(300, 2000))
            first_text = start.isoformat() if days else _month_text(start)
            if last and (end >= _AS_OF_DAY or rng.random() < 0.5):
                date = f"{first_text}/.."
            else:
                end = min(end, _AS_OF_DAY)
                date = f"{first_text}/{end.isoformat() if days else _month_text(end)}"
            position: dict[str, Any] = {"title": rng.choice(_POSITION_TITLES)}
            if rng.random() < 0.8:
                position["of"] = rng.choice(orgs).id
            position["date"] = date
            positions.append(position)
            if date.endswith(".."):
                break
            start = end
        return positions

    def _common(self, data: dict[str, Any], *, sources: bool = True) -> None:
        rng = self.rng
        if sources:
            data["sources"] = self._sources(1, 3)
        tags = self._tags()
        if tags:
            data["tags"] = _Flow(tags)
        if rng.random() < 0.05:
            data["notes"] = "Check this against a second source before publishing."

    def _write_places(self) -> None:
        rng = self.rng
        for (pid, name), kind in zip(self.places, self._place_kinds, strict=True):
            data: dict[str, Any] = {"name": name, "kind": kind}
            if rng.random() < 0.8:
                data["summary"] = self._summary(f"{name} lies in the region.", 1)
            if rng.random() < 0.9:
                data["country"] = rng.choice(self.by_kind["state"]).id
            if rng.random() < 0.9:
                data["coordinates"] = _Flow([f"{rng.uniform(-60, 70):.4f}",
                                             f"{rng.uniform(-179, 179):.4f}"])
            if rng.random() < 0.6:
                data["aliases"] = [_transliterate(name, _CYRILLIC)]
            tags = self._tags(2)
            if tags:
                data["tags"] = _Flow(tags)
            self.files[f"places/{pid}.yml"] = dump_yaml(data)

    def _write_sources(self) -> None:
        rng = self.rng
        kinds = ("news", "statement", "briefing", "state-media", "report", "social-post",
                 "other")
        for i, ((sid, title), publisher) in enumerate(
                zip(self.sources, self._publishers, strict=True)):
            day = _random_day(rng, _FIRST_DAY, _AS_OF_DAY)
            form = "day" if i < 1 else _pick(rng, _SOURCE_FORMS)
            data: dict[str, Any] = {"title": title,
                                    "kind": kinds[i % len(kinds)] if i < len(kinds)
                                    else rng.choice(kinds),
                                    "date": edtf_from(rng, day, form)}
            if rng.random() < 0.9:
                data["publisher"] = publisher
            if rng.random() < 0.5:
                data["author"] = self._person_name()[0]
            if rng.random() < 0.85:
                data["url"] = f"https://example.org/{day.year}/{day.month:02d}/{sid}"
            if rng.random() < 0.4:
                accessed = day + dt.timedelta(days=rng.randint(0, 30))
                data["accessed"] = min(accessed, _AS_OF_DAY).isoformat()
            if rng.random() < 0.2:
                data["archive_url"] = f"https://archive.example.org/web/{day.year}/{sid}"
            if rng.random() < 0.9:
                data["language"] = rng.choice(_LANGUAGES)
            tags = self._tags(2)
            if tags:
                data["tags"] = _Flow(tags)
            self.files[f"sources/{sid}.yml"] = dump_yaml(data)

    def _write_events(self) -> None:
        rng = self.rng
        forms = list(DATE_FORMS)
        statuses = ("confirmed", "reported", "alleged", "expected", "postponed", "cancelled")
        dated: list[str] = []
        for i, (eid, title) in enumerate(self.events):
            status = statuses[i % len(statuses)] if i < len(statuses) else rng.choices(
                statuses, weights=(55, 15, 10, 10, 5, 5))[0]
            if status == "expected":
                day = _random_day(rng, _AS_OF_DAY + dt.timedelta(days=1), _LAST_EXPECTED)
            else:
                day = _random_day(rng, _FIRST_DAY, _AS_OF_DAY)
            # The first events take every form once, so that a small corpus has them all.
            form = forms[i] if i < len(forms) else _pick(rng, _EVENT_FORMS)
            data: dict[str, Any] = {"title": title, "date": edtf_from(rng, day, form)}
            if status != "confirmed" or rng.random() < 0.1:
                data["status"] = status
            place = rng.choice(self.places) if rng.random() < 0.7 else None
            lead = (f"{title} in {self._mention(place)}." if place else f"{title}.")
            data["summary"] = self._summary(lead, rng.randint(1, 2))
            if place:
                data["place"] = place[0]
            participants: list[Any] = []
            for actor in rng.sample(self.actors, rng.randint(0, 4)):
                if rng.random() < 0.5:
                    participants.append(actor.id)
                else:
                    participants.append({"actor": actor.id, "role": rng.choice(_ROLES)})
            if participants:
                data["participants"] = participants
            if rng.random() < 0.35:
                data["body"] = self._body()
            if dated and rng.random() < 0.3:
                data["related"] = _Flow(sorted(set(rng.sample(dated, min(len(dated),
                                                                        rng.randint(1, 2))))))
            if status in ("postponed", "cancelled", "confirmed") and rng.random() < 0.15:
                data["previously"] = self._previously(day)
            self._common(data)
            if rng.random() < 0.01:
                data["formerly"] = [self._unique(f"{eid}-draft")]
            self.files[f"events/{eid}.yml"] = dump_yaml(data)
            dated.append(eid)

    def _previously(self, day: dt.date) -> list[dict[str, Any]]:
        rng = self.rng
        items = []
        for _ in range(rng.randint(1, 2)):
            earlier = day - dt.timedelta(days=rng.randint(10, 200))
            item: dict[str, Any] = {"date": edtf_from(rng, earlier, rng.choice(("day",
                                                                                "month")))}
            if rng.random() < 0.5:
                item["place"] = rng.choice(self.places)[0]
            item["status"] = rng.choice(("expected", "reported", "postponed"))
            if rng.random() < 0.6:
                item["note"] = f"Reported beforehand by {self._mention()}."
            item["sources"] = self._sources(1, 1)
            items.append(item)
        return items

    def _write_claims(self) -> None:
        rng = self.rng
        stances = ("denies", "disputes", "confirms", "retracts", "clarifies", "repeats")
        answerable: list[_Claim] = []
        responses = 0
        quotes = ("We have nothing to hide.", "These reports are groundless.",
                  "Talks are progressing well.", "Мы это отрицаем.", "사실이 아니다.",
                  "这是不负责任的说法。", "The matter is closed.")
        for (cid, text), planned in zip(self.claims, self._speakers, strict=True):
            speaker = planned
            answered: _Claim | None = None
            stance = None
            if answerable and rng.random() < 0.35:
                # The first responses take every stance once; then at random.
                stance = (stances[responses] if responses < len(stances)
                          else rng.choice(stances))
                responses += 1
                # Mostly recent claims are answered: threads stay a few weeks long.
                answered = rng.choice(answerable[-400:])
                if stance == "retracts":  # only a speaker retracts their own words
                    speaker = answered.speaker
            data: dict[str, Any] = {"speaker": speaker}
            date = self._claim_date(answered)
            data["date"] = date
            if answered is not None and stance is not None:
                data["responds_to"] = answered.id
                data["stance"] = stance
            data["text"] = self._summary(f"{text.capitalize()}.", rng.randint(0, 1))
            if rng.random() < 0.3:
                data["quote"] = rng.choice(quotes)
            if rng.random() < 0.3:
                data["on_behalf_of"] = rng.choice(self.by_kind["state"]
                                                  + self.by_kind["government-body"]).id
            about = sorted({self._any_record()[0] for _ in range(rng.randint(0, 3))})
            if about:
                data["about"] = _Flow(about)
            self._common(data)
            self.files[f"claims/{cid}.yml"] = dump_yaml(data)
            latest = _latest(date)
            assert latest is not None
            if latest < _AS_OF_DAY - dt.timedelta(days=60):
                answerable.append(_Claim(cid, speaker, date, latest))

    def _claim_date(self, answered: _Claim | None) -> str:
        rng = self.rng
        if answered is None:
            day = _random_day(rng, _FIRST_DAY, _AS_OF_DAY - dt.timedelta(days=90))
            return edtf_from(rng, day, _pick(rng, _CLAIM_FORMS))
        after = answered.latest + dt.timedelta(days=1)
        day = _random_day(rng, after, min(after + dt.timedelta(days=45), _AS_OF_DAY))
        text = edtf_from(rng, day, _pick(rng, _CLAIM_FORMS))
        earliest = _earliest(text)
        if earliest is None or earliest <= answered.latest:
            text = day.isoformat()
        return text

    def _write_stories(self) -> None:
        rng = self.rng
        for i, (sid, title) in enumerate(self.stories):
            front: dict[str, Any] = {"title": title, "summary": self._sentence(),
                                     "date": AS_OF, "order": str(i + 1)}
            if i == 0:
                front["home"] = True
            tags = self._tags()
            if tags:
                front["tags"] = _Flow(tags)
            sections = []
            for heading in ("What happened", "Who is involved", "What is disputed",
                            "What comes next"):
                paragraphs = [" ".join(self._sentence() for _ in range(rng.randint(3, 6)))
                              for _ in range(rng.randint(1, 3))]
                if heading == "Who is involved":
                    people = rng.sample(self.actors, min(len(self.actors), 8))
                    paragraphs.append("\n".join(
                        f"- {self._mention((a.id, a.name))}, {a.kind.replace('-', ' ')}."
                        for a in people))
                if heading == "What is disputed":
                    picked = rng.sample(self.claims, min(len(self.claims), 5))
                    paragraphs.append("\n".join(f"- {self._mention(c)}" for c in picked))
                sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
            self.files[f"stories/{sid}.md"] = (
                "---\n" + dump_yaml(front) + "---\n\n" + "\n\n".join(sections) + "\n")


def anchor_actor(seed: int = 1) -> str:
    """The id of the first actor, a person: the same at every size for one seed."""
    corpus = Corpus(1, seed)
    corpus.plan()
    return corpus.actors[0].id


def generate(n: int, seed: int = 1) -> dict[str, str]:
    """The content folder's files (path relative to it → text) for ``n`` records."""
    return Corpus(n, seed).build()


def write_content(n: int, out: Path, seed: int = 1, *, force: bool = False) -> dict[str, str]:
    """Write the content folder ``out``; refuse a non-empty folder unless ``force``."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (pass --force to replace its records)")
        for name in RECORD_FOLDERS:
            shutil.rmtree(out / name, ignore_errors=True)
        (out / "glossary.yml").unlink(missing_ok=True)
    files = generate(n, seed)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return files


#: The link validation of the repository's mkdocs.yml.
VALIDATION = {name: "warn" for name in
              ("omitted_files", "absolute_links", "unrecognized_links", "anchors", "not_found")}


def mkdocs_yml(n: int, seed: int) -> str:
    config = {
        "site_name": f"Synthetic explainer ({n} records, seed {seed})",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"explainer": {"content_dir": "content", "as_of": AS_OF}}],
        "validation": VALIDATION,
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def write_project(n: int, out: Path, seed: int = 1, *, force: bool = False) -> Path:
    """A buildable project: ``out/content``, an empty ``out/docs`` and ``out/mkdocs.yml``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_content(n, out / "content", seed, force=force)
    (out / "docs").mkdir(exist_ok=True)
    (out / "mkdocs.yml").write_text(mkdocs_yml(n, seed), encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", metavar="OUT", type=Path, help="the content folder to write")
    parser.add_argument("--records", "-n", type=int, required=True, help="about N records")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--project", action="store_true",
                        help="write OUT/content, OUT/docs and OUT/mkdocs.yml")
    parser.add_argument("--force", action="store_true",
                        help="replace the records of a non-empty folder")
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")
    try:
        if args.project:
            write_project(args.records, args.out, args.seed, force=args.force)
            content = args.out / "content"
        else:
            write_content(args.records, args.out, args.seed, force=args.force)
            content = args.out
    except FileExistsError as exc:
        print(f"benchmarks.corpus: {exc}", file=sys.stderr)
        return 2
    total = sum(1 for p in content.rglob("*") if p.is_file())
    print(f"{total} files written in {content}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
