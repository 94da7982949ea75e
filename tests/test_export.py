"""Open data: the JSON and CSV files, the JSON Schema, and the commands around them.

``data/`` is part of every build (``render``); ``explainer export`` writes the
same files to a folder, ``explainer schema`` prints the schema and
``explainer new`` writes a record for editors to fill in.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import AS_OF, ROOT, ContentFactory, write_files
from test_golden import default_options

from generator.adapters.cli import main
from generator.adapters.commands import export as export_command
from generator.core.config import Settings, make_settings
from generator.core.link import Site
from generator.core.models import RecordId
from generator.core.paths import page_path
from generator.core.vocabulary import FOLDER_OF, FOLDERS, RecordKind
from generator.outputs import export
from generator.outputs.schema import EDTF_PATTERN, content_schema, record_schema, schema_files
from generator.pipeline import build, check, render

SCHEMA_DIR = ROOT / "schemas"


# ----------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def default_site() -> Site:
    result = check(make_settings(ROOT, default_options()))
    assert result.ok, [p.format() for p in result.problems]
    assert result.site is not None
    return result.site


@pytest.fixture(scope="module")
def default_data(default_site: Site) -> dict[str, str]:
    return export.open_data(default_site)


def records(data: dict[str, str], kind: RecordKind) -> dict[str, dict[str, Any]]:
    document = json.loads(data[f"{FOLDER_OF[kind]}.json"])
    assert document["type"] == kind
    assert document["count"] == len(document["records"])
    return {r["id"]: r for r in document["records"]}


def ids(items: list[dict[str, Any]], key: str | None = None) -> list[str]:
    return [(item[key] if key else item)["id"] for item in items]


def site_from(settings: Settings) -> Site:
    result = check(settings)
    assert result.ok, [p.format() for p in result.problems]
    assert result.site is not None
    return result.site


def mkdocs_yml(root: Path) -> None:
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - search\n  - explainer:\n      as_of: {AS_OF}\n",
        encoding="utf-8")


@pytest.fixture
def project(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MINIMAL content with a mkdocs.yml; the working directory is its root."""
    root = make_content().root
    mkdocs_yml(root)
    monkeypatch.chdir(root)
    return root


def walk(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# ------------------------------------------- (a) references and reverse links


def test_kim_jong_un_takes_part_in_the_vladivostok_meeting(default_data: dict[str, str]) -> None:
    kim = records(default_data, "actor")["kim-jong-un"]
    assert kim["url"] == "actors/kim-jong-un/"
    meeting = next(e for e in kim["events"] if e["event"]["id"] == "kim-putin-vladivostok-meeting")
    assert meeting["role"] == "visitor"
    assert meeting["event"] == {"id": "kim-putin-vladivostok-meeting", "type": "event",
                                "name": "Expected Kim–Putin meeting in Vladivostok",
                                "url": "events/kim-putin-vladivostok-meeting/"}
    assert meeting["date"] == {"text": "2023-09?", "display": "September 2023 (uncertain)",
                               "earliest": "2023-09-01", "latest": "2023-09-30"}
    assert kim["country"]["id"] == "north-korea"
    assert kim["aliases"][0] == "김정은"
    assert kim["positions"][0]["date"]["latest"] is None  # 2011-12/..: still held


def test_references_are_resolved_everywhere(default_site: Site,
                                            default_data: dict[str, str]) -> None:
    """Every reference object names a record, with its type, name and page URL."""
    found = 0
    for kind in FOLDER_OF:
        for record in records(default_data, kind).values():
            for value in walk(record):
                if isinstance(value, dict) and set(value) == {"id", "type", "name", "url"}:
                    found += 1
                    assert value["id"] in default_site.entries, value
                    assert value["type"] == default_site.model(value["id"]).kind
                    assert value["name"] == default_site.name(value["id"])
                    assert value["url"] == export.record_url(default_site, value["id"])
    assert found > 500


REFERENCE_KEYS = {"country", "place", "speaker", "on_behalf_of", "responds_to", "publisher",
                  "of", "actor", "event", "claim", "thread"}
REFERENCE_LISTS = {"sources", "about", "related", "related_from", "cited_by", "mentions",
                   "mentioned_in", "claims_about", "sources_published", "places"}


def is_reference(value: object) -> bool:
    return isinstance(value, dict) and list(value) == ["id", "type", "name", "url"]


@pytest.mark.parametrize("kind", list(FOLDER_OF))
def test_bare_ids_never_stand_for_references(kind: RecordKind,
                                             default_data: dict[str, str]) -> None:
    """Fields that name records hold reference objects (or null), never a bare id."""
    seen = 0
    for record in records(default_data, kind).values():
        for value in walk(record):
            if not isinstance(value, dict):
                continue
            for key, item in value.items():
                if key in REFERENCE_KEYS:
                    assert item is None or is_reference(item), (record["id"], key, item)
                    seen += 1
                elif key in REFERENCE_LISTS:
                    assert all(is_reference(i) for i in item), (record["id"], key, item)
                    seen += 1
    assert seen > 0


def test_reverse_links_match_the_site(default_site: Site, default_data: dict[str, str]) -> None:
    actors = records(default_data, "actor")
    for rid, actor in actors.items():
        assert [(e["event"]["id"], e["role"]) for e in actor["events"]] == \
            [(a.event, a.role) for a in default_site.appearances.get(rid, [])]
        assert ids(actor["claims_made"], "claim") == default_site.claims_by.get(rid, [])
        assert ids(actor["claims_about"]) == default_site.claims_about.get(rid, [])
        assert ids(actor["sources_published"]) == default_site.published_by.get(rid, [])
        assert ids(actor["places"]) == default_site.located_in.get(rid, [])
        links = default_site.relations.get(rid, [])
        assert [(r["actor"]["id"], r["direction"], r["type"]) for r in actor["relations"]] == \
            [(ln.other, "incoming" if ln.inverse else "outgoing", ln.relation.type)
             for ln in links]
    for kind in FOLDER_OF:
        for rid, record in records(default_data, kind).items():
            assert ids(record["mentioned_in"]) == default_site.mentioned_in.get(rid, [])
            assert ids(record["claims_about"]) == default_site.claims_about.get(rid, [])
    for rid, source in records(default_data, "source").items():
        assert ids(source["cited_by"]) == default_site.cited_by.get(rid, [])
    for rid, place in records(default_data, "place").items():
        assert ids(place["events"]) == default_site.events_at.get(rid, [])
    for rid, claim in records(default_data, "claim").items():
        assert ids(claim["responses"], "claim") == default_site.responses.get(rid, [])
        assert claim["status"] == default_site.claim_status(rid)


def test_relations_show_both_ends_with_inverse_labels(default_data: dict[str, str]) -> None:
    actors = records(default_data, "actor")
    kim_leads = next(r for r in actors["kim-jong-un"]["relations"] if r["type"] == "leads")
    assert (kim_leads["direction"], kim_leads["label"], kim_leads["actor"]["id"]) == \
        ("outgoing", "leads", "north-korea")
    led_by = next(r for r in actors["north-korea"]["relations"]
                  if r["type"] == "leads" and r["actor"]["id"] == "kim-jong-un")
    assert (led_by["direction"], led_by["label"]) == ("incoming", "led by")
    assert led_by["sources"] == kim_leads["sources"] != []


def test_claims_carry_status_thread_and_titles(default_data: dict[str, str]) -> None:
    claims = records(default_data, "claim")
    dispute = claims["kirby-arms-talks-actively-advancing"]
    assert dispute["stance"] == "disputes"
    assert dispute["responds_to"]["id"] == "russia-denies-seeking-north-korean-arms"
    answered = claims["russia-denies-seeking-north-korean-arms"]
    assert answered["status"] == "disputed"
    assert {"claim": ref_of(dispute), "stance": "disputes"} in answered["responses"]
    assert dispute["thread"] == answered["thread"] == ref_of(answered)
    assert claims["watson-arms-talks-actively-advancing"]["thread"] == ref_of(answered)
    events = records(default_data, "event")
    shoigu = next(p for p in events["shoigu-visit-to-pyongyang"]["participants"]
                  if p["actor"]["id"] == "sergei-shoigu")
    assert any("Defence" in title for title in shoigu["titles"]), shoigu


def ref_of(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ("id", "type", "name", "url")}


def test_mentions_are_listed_both_ways(default_data: dict[str, str]) -> None:
    actors = records(default_data, "actor")
    assert "vladivostok" in ids(actors["kim-jong-un"]["mentions"])
    places = records(default_data, "place")
    assert "kim-jong-un" in ids(places["vladivostok"]["mentioned_in"])


def test_every_key_is_documented_in_order(default_data: dict[str, str]) -> None:
    for kind in FOLDER_OF:
        for record in records(default_data, kind).values():
            assert list(record) == export.documented_keys(kind), record["id"]


def test_records_sorted_and_output_deterministic(default_site: Site,
                                                 default_data: dict[str, str]) -> None:
    for kind in FOLDER_OF:
        order = list(records(default_data, kind))
        assert order == sorted(order)
    assert export.open_data(default_site) == default_data
    assert list(default_data) == sorted(default_data)
    for name, text in default_data.items():
        if name.endswith(".json"):
            assert text.endswith("}\n")
            json.loads(text)  # valid


def test_open_data_asks_the_fragment_hook_once_for_every_record(
        default_site: Site, default_data: dict[str, str]) -> None:
    asked: list[str] = []

    def fragment(record_id: RecordId) -> export.RecordFragment:
        asked.append(record_id)
        return export.record_fragment(default_site, record_id)

    assert export.open_data(default_site, fragment) == default_data
    assert sorted(asked) == sorted(default_site.entries)


def test_fragments_made_in_any_order_give_the_same_files(
        default_site: Site, default_data: dict[str, str]) -> None:
    # as a live preview would: fragments kept from earlier, made in another order
    kept = {rid: export.record_fragment(default_site, rid)
            for rid in sorted(default_site.entries, reverse=True)}
    assert export.open_data(default_site, kept.__getitem__) == default_data


def test_the_files_are_made_of_the_fragments_the_hook_gives(default_site: Site) -> None:
    actor = export.ids_by_kind(default_site)["actor"][0]
    made = export.record_fragment(default_site, actor)
    marked = export.RecordFragment(json=made.json.replace(actor, "kept-from-before", 1),
                                   csv=made.csv, relations=made.relations)

    def fragment(record_id: RecordId) -> export.RecordFragment:
        return marked if record_id == actor else export.record_fragment(default_site, record_id)

    data = export.open_data(default_site, fragment)
    assert '"id": "kept-from-before"' in data["actors.json"]


def test_a_fragment_is_its_record_as_the_files_hold_it(default_site: Site,
                                                       default_data: dict[str, str]) -> None:
    for kind in FOLDER_OF:
        for rid in export.ids_by_kind(default_site)[kind][:3]:
            made = export.record_fragment(default_site, rid)
            assert json.loads(made.json) == export.record_json(default_site, rid)
            assert made.json in default_data[f"{FOLDER_OF[kind]}.json"]
            assert made.csv.startswith(f"{rid},")
            assert made.csv.endswith("\r\n")
            assert made.csv in default_data[f"{FOLDER_OF[kind]}.csv"]
            assert (made.relations != "") == (kind == "actor"
                                              and any(not link.inverse for link in
                                                      default_site.relations.get(rid, [])))


def _dump_as_before(value: object, level: int = 0) -> str:
    """The first, plainer layout of dump_json: the oracle for the faster one."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    if isinstance(value, dict):
        items: list[tuple[str | None, object]] = [(encode(str(k)), v) for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        items = [(None, v) for v in value]
    else:
        return encode(value)
    if not any(isinstance(v, (dict, list, tuple)) for _, v in items):
        return encode(value)
    pad = "  " * (level + 1)
    body = ",\n".join(pad + (text if k is None else f"{k}: {text}")
                      for k, v in items for text in [_dump_as_before(v, level + 1)])
    close = "}" if isinstance(value, dict) else "]"
    return f"{'{' if close == '}' else '['}\n{body}\n{'  ' * level}{close}"


@pytest.mark.parametrize("value", [
    {"a": [1, 2], "b": {"c": None, "d": "é"}, "e": [{"f": []}], "g": {}, "h": []},
    [[], {}, [[]], [{}], (1, 2.5, True, False, None)],
    {"x": ({"y": 1},), "z": [-0.0, 1e300, "\u2028\"\\</script>"], "n": {"m": {"k": [{}]}}},
    {"text": "2023", "display": "2023", "earliest": None, "latest": None},
    "plain", 3, None, [], {},
    OrderedDict(a=defaultdict(list, b=[OrderedDict(c=1)]), d=OrderedDict()),
])
def test_dump_json_lays_out_as_before(value: object) -> None:
    assert export.dump_json(value) == _dump_as_before(value) + "\n"


def test_flat_objects_carry_their_json() -> None:
    made = export.Flat(id="a", type=None, name="Ünïcode \"q\"", url="x/")
    assert made.json_text == json.dumps(made, ensure_ascii=False)
    assert export.dump_json({"r": [made]}) == _dump_as_before({"r": [dict(made)]}) + "\n"


def test_records_file_without_records_is_as_dump_json_writes_it() -> None:
    assert export._records_file("story", []) == export.dump_json(
        {"type": "story", "count": 0, "records": []})


def test_dump_json_is_json_with_short_lines_for_plain_values() -> None:
    value = {"a": [1, 2], "b": {"c": None, "d": "é"}, "e": [{"f": []}], "g": {}}
    text = export.dump_json(value)
    assert json.loads(text) == value
    assert '"a": [1, 2],' in text
    assert '"b": {"c": null, "d": "é"},' in text
    assert text == export.dump_json(json.loads(text))


def test_urls_follow_page_paths(make_content: ContentFactory) -> None:
    for directory_urls in (True, False):
        site = site_from(make_content(use_directory_urls=directory_urls))
        for rid in site.entries:
            md = page_path(site, rid)
            expected = md[:-3] + ".html" if not directory_urls else \
                ("" if md == "index.md" else md[:-3] + "/")
            assert export.record_url(site, rid) == expected


@pytest.mark.parametrize(("day", "text"), [
    ((2023, 9, 4), "2023-09-04"), ((44, 3, 15), "0044-03-15"), ((-43, 3, 15), "-0043-03-15"),
    ((170000002, 1, 1), "+170000002-01-01"), (None, None)])
def test_iso_days(day: tuple[int, int, int] | None, text: str | None) -> None:
    assert export.iso_day(day) == text


# ------------------------------------------------------------- (b) the schema


class Yaml12Loader(yaml.SafeLoader):
    """Roughly what an editor's YAML 1.2 language server sees: 2023-09-04 stays text."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_record(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.load(text, Loader=Yaml12Loader)


def default_records() -> list[tuple[RecordKind, Path]]:
    return [(kind, path) for folder, kind in FOLDERS.items()
            for path in sorted((ROOT / "content" / folder).glob("*.*"))]


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(schema: dict[str, Any], data: object) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(data)]


def test_every_default_record_validates(default_data: dict[str, str]) -> None:
    top = json.loads(default_data["schema.json"])
    per_type = {kind: json.loads(default_data[f"schemas/{kind}.json"]) for kind in FOLDER_OF}
    checked = 0
    for kind, path in default_records():
        data = read_record(path)
        assert errors(top, data) == [], path
        assert errors(per_type[kind], data) == [], path
        one = {"$ref": f"#/$defs/{kind.capitalize()}", "$defs": top["$defs"]}
        assert errors(one, data) == [], path
        checked += 1
    assert checked == 109


def test_schema_files_are_the_generated_schema(default_data: dict[str, str]) -> None:
    files = schema_files()
    assert json.loads(default_data["schema.json"]) == content_schema()
    assert default_data["schema.json"] == files["schema.json"]
    for kind in FOLDER_OF:
        assert json.loads(default_data[f"schemas/{kind}.json"]) == record_schema(kind)


def test_committed_schemas_are_up_to_date() -> None:
    """``schemas/`` in the repository is what ``explainer schema --write schemas`` writes."""
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert committed == schema_files(), \
        "schemas/ is stale: run `explainer schema --write schemas` and commit it"


BROKEN: dict[str, tuple[RecordKind, str]] = {
    "kind not in the list": ("actor", "name: X\nkind: goverment-body\nsummary: S\n"),
    "missing summary": ("actor", "name: X\nkind: person\n"),
    "empty name": ("actor", "name: ''\nkind: person\nsummary: S\n"),
    "reference not an id": ("actor", "name: X\nkind: person\nsummary: S\ncountry: North Korea\n"),
    "unknown field": ("actor", "name: X\nkind: person\nsummary: S\nmotto: Forward\n"),
    "wikidata": ("actor", "name: X\nkind: person\nsummary: S\nwikidata: 56226\n"),
    "tag not a slug": ("actor", "name: X\nkind: person\nsummary: S\ntags: [War in Ukraine]\n"),
    "relation without to": ("actor", "name: X\nkind: person\nsummary: S\n"
                                     "relations:\n  - type: leads\n"),
    "date not EDTF": ("event", "title: T\ndate: 4 September 2023\nsummary: S\n"),
    "date a list": ("event", "title: T\ndate: [2023]\nsummary: S\n"),
    "participant role only": ("event", "title: T\ndate: 2023\nsummary: S\n"
                                       "participants:\n  - role: host\n"),
    "status": ("event", "title: T\ndate: 2023\nsummary: S\nstatus: happened\n"),
    "stance without responds_to": ("claim", "speaker: a\ndate: 2023\ntext: T\nstance: denies\n"),
    "responds_to without stance": ("claim", "speaker: a\ndate: 2023\ntext: T\nresponds_to: b\n"),
    "url scheme": ("source", "title: T\nkind: news\ndate: 2023\nurl: ftp://example.org/x\n"),
    "accessed not a day": ("source", "title: T\nkind: news\ndate: 2023\naccessed: 2023-09\n"),
    "language": ("source", "title: T\nkind: news\ndate: 2023\nlanguage: english language\n"),
    "latitude": ("place", "name: P\nkind: city\ncoordinates: [91, 10]\n"),
    "three coordinates": ("place", "name: P\nkind: city\ncoordinates: [1, 2, 3]\n"),
    "order not a number": ("story", "title: T\norder: first\n"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_records_fail_the_schema_and_the_check(case: str,
                                                      make_content: ContentFactory) -> None:
    kind, text = BROKEN[case]
    data = yaml.load(text, Loader=Yaml12Loader)
    assert errors(record_schema(kind), data), case
    assert errors(content_schema(), data), case
    # the schema is a helper: what it rejects, the check reports (an unknown field as a warning)
    folder = FOLDER_OF[kind]
    path = f"{folder}/broken.md" if kind == "story" else f"{folder}/broken.yml"
    body = f"---\n{text}---\nText.\n" if kind == "story" else text
    result = check(make_content({path: body}))
    assert [p for p in result.problems if p.location.path.endswith(path)], case


def test_edtf_pattern_accepts_every_valid_date() -> None:
    from test_dates import DISPLAY_CASES, INVALID, VALID

    pattern = re.compile(EDTF_PATTERN)
    valid = [text for text, _ in DISPLAY_CASES] + list(VALID)
    assert [t for t in valid if not pattern.match(t)] == []
    shapes = [t for t in INVALID if isinstance(t, str) and pattern.match(t)]
    assert len(shapes) < len(INVALID) / 2  # most wrong shapes are caught while typing


def test_bare_year_is_a_date_for_yaml_1_2_editors() -> None:
    data = {"title": "T", "date": 2022, "summary": "S"}
    assert errors(record_schema("event"), data) == []


# --------------------------------------------------------------------- (c) CSV

TRICKY = {"actors/trick.yml": """\
    name: "=HYPERLINK(\\"http://evil.example\\", \\"click\\")"
    kind: person
    summary: 'Said "yes, and no", then left.'
    aliases: ["+1 555", "@handle", "-minus", "plain; with separator"]
    """,
    "places/south.yml": """\
    name: South Point
    kind: other
    coordinates: [-33.5, -70.25]
    """}


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_round_trips(default_data: dict[str, str]) -> None:
    for folder, kind in FOLDERS.items():
        rows = csv_rows(default_data[f"{folder}.csv"])
        header = [name for name, _ in export.CSV_COLUMNS[kind]]
        assert rows[0] == header
        assert [r[0] for r in rows[1:]] == list(records(default_data, kind))
        assert all(len(r) == len(header) for r in rows)
    assert default_data["actors.csv"].count("\r\n") == len(csv_rows(default_data["actors.csv"]))
    kim = next(r for r in csv_rows(default_data["actors.csv"]) if r[0] == "kim-jong-un")
    assert "김정은" in kim[export_column("actor", "aliases")].split("; ")
    assert "kim-putin-vladivostok-meeting (visitor)" in \
        kim[export_column("actor", "events")].split("; ")
    relations = csv_rows(default_data["relations.csv"])
    assert relations[0] == export.RELATION_COLUMNS
    assert ["kim-jong-un", "leads", "leads", "led by", "north-korea"] in \
        [r[:5] for r in relations[1:]]


def export_column(kind: RecordKind, name: str) -> int:
    return [n for n, _ in export.CSV_COLUMNS[kind]].index(name)


def test_csv_neutralises_formulas(make_content: ContentFactory) -> None:
    data = export.open_data(site_from(make_content(TRICKY)))
    rows = {r[0]: r for r in csv_rows(data["actors.csv"])}
    trick = rows["trick"]
    assert trick[export_column("actor", "name")] == \
        "'=HYPERLINK(\"http://evil.example\", \"click\")"
    assert trick[export_column("actor", "summary")] == 'Said "yes, and no", then left.'
    aliases = trick[export_column("actor", "aliases")]
    assert aliases.startswith("'+1 555; @handle")  # the cell, not each item, is what runs
    places = {r[0]: r for r in csv_rows(data["places.csv"])}
    assert places["south"][export_column("place", "latitude")] == "-33.5"  # a number
    # the JSON keeps the text as written
    assert records(data, "actor")["trick"]["name"].startswith("=HYPERLINK")


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("-12.5", "-12.5"), ("+7", "+7"), ("1e5", "1e5"), ("a=b", "a=b"),
    ("", "")])
def test_safe_cell(cell: str, safe: str) -> None:
    assert export.safe_cell(cell) == safe


# -------------------------------------------------------------- (d) notes


def note_texts(content: Path) -> list[str]:
    notes = []
    for path in sorted(content.rglob("*.yml")) + sorted(content.rglob("*.md")):
        data = read_record(path)
        if isinstance(data, dict) and data.get("notes"):
            notes.append(" ".join(str(data["notes"]).split()))
    return notes


def test_notes_are_never_published(default_site: Site) -> None:
    notes = note_texts(ROOT / "content")
    assert len(notes) > 5
    rendered = render(default_site)
    assert any(path.startswith("data/") for path in rendered.files)
    for path, text in rendered.files.items():
        flat = " ".join(text.split())
        for note in notes:
            assert note[:60] not in flat, f"a note is published in {path}"


def test_notes_stay_out_of_every_data_file(make_content: ContentFactory) -> None:
    marker = "EDITORS-ONLY-7f3a"
    files = {"actors/acme.yml": f"name: Acme\nkind: government-body\nsummary: A ministry.\n"
                                f"notes: {marker} in a note\n",
             "stories/overview.md": f"---\ntitle: What happened\nhome: true\n"
                                    f"notes: {marker}\n---\n[[alice]] spoke.\n"}
    site = site_from(make_content(files))
    for name, text in export.open_data(site).items():
        assert marker not in text, name
        if name.endswith(".json") and not name.startswith("schema"):
            assert '"notes"' not in text, name


# ------------------------------------------------------------ (e) export


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_writes_the_site_data(project: Path) -> None:
    out = project / "open-data"
    assert main(["export", str(out)]) == 0
    written = listing(out)
    result = build(make_settings(project, {"as_of": AS_OF, "site_name": "Test"}))
    assert result.rendered is not None
    in_site = {path[len("data/"):]: text.encode() for path, text in result.rendered.files.items()
               if path.startswith("data/")}
    assert written == in_site
    assert {"site.json", "actors.json", "actors.csv", "schema.json", "schemas/actor.json",
            "index.md", "relations.csv"} <= set(written)


def test_export_failure_leaves_out_untouched(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "open-data"
    assert main(["export", str(out)]) == 0
    before = listing(out)
    write_files(project / "content", {"actors/bob.yml": "name: Bob\nkind: goverment-body\n"
                                                        "summary: S.\n"})
    capsys.readouterr()
    assert main(["export", str(out)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^content/actors/bob\.yml:2:7: error: 'kind' is 'goverment-body'", err,
                     re.M), err
    assert "left as it was" in err
    assert listing(out) == before
    # fixed: the next run replaces the folder, stale files included
    write_files(project / "content", {"actors/bob.yml": "name: Bob\nkind: government-body\n"
                                                        "summary: S.\n"})
    (out / "stale.csv").write_text("old\n", encoding="utf-8")
    assert main(["export", str(out)]) == 0
    after = listing(out)
    assert "stale.csv" not in after
    assert b'"id": "bob"' in after["actors.json"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".open-data")] == []


def test_export_crash_while_writing_leaves_out_untouched(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = project / "open-data"
    assert main(["export", str(out)]) == 0
    before = listing(out)
    write_files(project / "content", {"actors/bob.yml": "name: Bob\nkind: person\nsummary: S.\n"})
    calls = {"n": 0}
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="disk full"):
        export_command.run(export_command_args(out))
    monkeypatch.undo()
    assert listing(out) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".open-data")] == []


def export_command_args(out: Path) -> Any:
    import argparse
    return argparse.Namespace(out=str(out), content=None, config_file="mkdocs.yml")


def test_export_refuses_a_folder_it_did_not_write(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    precious = project / "notes"
    write_files(precious, {"diary.txt": "mine\n"})
    assert main(["export", str(precious)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert listing(precious) == {"diary.txt": b"mine\n"}
    (project / "afile").write_text("x", encoding="utf-8")
    assert main(["export", str(project / "afile")]) == 2
    empty = project / "empty"
    empty.mkdir()
    assert main(["export", str(empty)]) == 0


def test_export_of_default_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert main(["export", "-f", str(ROOT / "mkdocs.yml"), str(out)]) == 0
    site = json.loads((out / "site.json").read_text(encoding="utf-8"))
    assert site["format"] == "explainer-data"
    assert site["as_of"] == "2023-09-05"
    assert site["records"]["actors"]["count"] == len(list((ROOT / "content/actors").glob("*")))


# ------------------------------------------------------------ (f) schema command


def test_schema_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == content_schema()
    validator(printed)
    assert main(["schema", "event"]) == 0
    assert json.loads(capsys.readouterr().out) == record_schema("event")
    assert main(["schema", "places"]) == 0  # the folder name works too
    assert json.loads(capsys.readouterr().out)["title"] == "Place"
    assert main(["schema", "person"]) == 2
    assert "unknown record type 'person'" in capsys.readouterr().err


def test_schema_command_writes_files(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    assert main(["schema", "--write", str(folder)]) == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == schema_files()
    assert main(["schema", "actor", "--write", str(folder)]) == 2
    capsys.readouterr()


# ---------------------------------------------------------------- (g) new

FILL: dict[str, str] = {
    "name": "Test Record", "title": "Test record", "summary": "A summary about [[alice]].",
    "text": "Something was said.", "date": "2023-07-28", "speaker": "alice",
    "sources": "[report-one]",
}
FILL_KIND: dict[RecordKind, str] = {"actor": "person", "source": "news", "place": "city"}


def fill(text: str, kind: RecordKind) -> str:
    """Fill every empty field of a new record, as an editor would."""
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        filled = FILL_KIND[kind] if key == "kind" else FILL[key]
        return f"{key}: {filled}"
    return re.sub(r"^(\w+):(?: \[\])?(?:\s+#.*)?$", value, text, flags=re.M)


@pytest.mark.parametrize("kind", list(FOLDER_OF))
def test_new_record_passes_check_once_filled(kind: RecordKind, project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", "schemas"]) == 0
    capsys.readouterr()
    assert main(["new", kind, "fresh-record"]) == 0
    out = capsys.readouterr().out.strip()
    suffix = ".md" if kind == "story" else ".yml"
    path = project / "content" / FOLDER_OF[kind] / f"fresh-record{suffix}"
    assert out == f"content/{FOLDER_OF[kind]}/fresh-record{suffix}"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1 if kind == "story" else 0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == project / "schemas" / f"{kind}.json"
    # as written, the empty required fields are errors…
    assert main(["check"]) == 1
    capsys.readouterr()
    # …and once filled in, the record passes the check and the schema
    path.write_text(fill(text, kind), encoding="utf-8")
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out
    assert errors(record_schema(kind), read_record(path)) == []


def test_new_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / "content/actors/alice.yml"
    before = existing.read_bytes()
    assert main(["new", "actor", "alice"]) == 1
    assert "taken by content/actors/alice.yml" in capsys.readouterr().err
    assert existing.read_bytes() == before
    # the id is unique across every type
    assert main(["new", "place", "alice"]) == 1
    assert not (project / "content/places/alice.yml").exists()
    capsys.readouterr()
    # and a former id stays reserved
    write_files(project / "content", {"actors/acme.yml": "name: Acme\nkind: government-body\n"
                                                         "summary: A ministry.\n"
                                                         "formerly: [acme-ministry]\n"})
    assert main(["new", "actor", "acme-ministry"]) == 1
    assert "former id of 'acme'" in capsys.readouterr().err


def test_new_checks_the_id_like_the_loader(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "actor", "Kim_Jong_Un"]) == 2
    err = capsys.readouterr().err
    assert "id 'Kim_Jong_Un' (the file name) must be lower-case letters and digits separated " \
           "by single hyphens; try 'kim-jong-un'" in err
    assert main(["new", "actor", "../escape"]) == 2
    assert main(["new", "actor", "x" * 81]) == 2
    assert "the limit is 80" in capsys.readouterr().err
    assert main(["new", "person", "bob"]) == 2
    assert not (project / "content/escape.yml").exists()
    assert not any(p.name.lower().startswith("kim") for p in project.rglob("*"))


def test_new_notes_a_missing_schema(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "event", "later"]) == 0
    assert "explainer schema --write schemas" in capsys.readouterr().err
    assert (project / "content/events/later.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/event.json\n")


def test_new_in_the_repository_points_at_committed_schemas() -> None:
    for kind in FOLDER_OF:
        assert (SCHEMA_DIR / f"{kind}.json").is_file()


# ------------------------------------------------------------ (h) the site


def test_data_hub_and_files_are_in_the_build(make_content: ContentFactory) -> None:
    result = build(make_content())
    assert result.rendered is not None
    hubs = [(h.title, h.path) for h in result.rendered.hubs]
    assert hubs[-1] == ("Data", "data/index.md")
    assert "data/index.md" not in result.rendered.record_pages
    page = result.rendered.files["data/index.md"]
    for name in export.open_data(site_from(make_content())):
        assert f"]({name})" in page, name


@pytest.mark.slow
def test_data_page_builds_strictly(default_project: Path) -> None:
    from test_build import mkdocs_build, read

    built = mkdocs_build(default_project)
    assert built.returncode == 0, built.output
    assert "WARNING" not in built.output, built.output
    page = read(built.site / "data/index.html")
    for name in ("actors.json", "actors.csv", "relations.csv", "schema.json",
                 "schemas/actor.json", "site.json"):
        assert f'href="../{name}"' in page or f'href="{name}"' in page, name
        assert (built.site / "data" / name).is_file(), name
    data = json.loads((built.site / "data/actors.json").read_text(encoding="utf-8"))
    kim = next(r for r in data["records"] if r["id"] == "kim-jong-un")
    assert (built.site / kim["url"] / "index.html").is_file()


def test_readme_documents_the_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("explainer export", "explainer schema", "explainer new", "/data/"):
        assert text in readme, text


def test_scaffold_text() -> None:
    from generator.adapters.scaffold import scaffold

    settings = make_settings(ROOT, default_options())
    lines = scaffold("actor", "new-actor", settings, "../../schemas/actor.json").splitlines()
    assert lines[:3] == [
        "# yaml-language-server: $schema=../../schemas/actor.json",
        "# A new actor, id new-actor. Fill in every empty field, then run `explainer check`.",
        "name:  # Display name, such as Kim Jong Un."]
    assert lines[3].startswith("kind:  # What the actor is: person, organization, state,")
    assert lines[4].startswith("summary:  #")
    assert lines[5].startswith("# Optional: aliases, body,")
    assert all(len(line) <= 100 for line in lines)
    event = scaffold("event", "e", settings).splitlines()
    assert "sources: []  #" in event[-3] or any(x.startswith("sources: []") for x in event)
    settings_without = make_settings(ROOT, {**default_options(), "require_sources": False})
    assert not any(x.startswith("sources:") for x in scaffold("event", "e",
                                                              settings_without).splitlines())


# ------------------------------------------------------------------ issue 15


def test_csv_list_cells_are_unambiguous(make_content: ContentFactory) -> None:
    """Items holding the separator or a backslash are escaped, and split back exactly."""
    aliases = ["A; B", "C\\D", "E;", "plain"]
    settings = make_content({"actors/alice.yml": None, "actors/odd.yml": """\
        name: Odd
        kind: organization
        summary: Odd names.
        aliases: ["A; B", "C\\\\D", "E;", plain]
        """, "claims/alice-says.yml": None, "events/summit.yml": None,
        "stories/overview.md": None})
    site = site_from(settings)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export.open_data(site)["actors.csv"]))}
    cell = rows["odd"]["aliases"]
    assert cell == "A\\; B; C\\\\D; E\\;; plain"
    assert export.split_list(cell) == aliases
    assert export.split_list("") == []
    assert export.split_list("one") == ["one"]


def test_bce_dates_in_csv_are_the_edtf_text(make_content: ContentFactory) -> None:
    settings = make_content({"events/ides.yml": """\
        title: The Ides of March
        date: -0043-03-15
        summary: Caesar is killed.
        sources: [report-one]
        """})
    site = site_from(settings)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export.open_data(site)["events.csv"]))}
    assert rows["ides"]["date"] == "-0043-03-15"
    assert rows["ides"]["date_earliest"] == "-0043-03-15"
    assert rows["ides"]["date_latest"] == "-0043-03-15"
    # any other cell that starts like a formula still gets its "'"
    assert export.safe_cell("-1+2") == "'-1+2"
