"""A checker of JSON-LD against the schema.org vocabulary (vendored in tests/data/schemaorg/).

For every node: each ``@type`` is a schema.org type; each property is one
whose domain includes the node's type (or a type it is a sub-type of); each
value is in the property's range: a node of a type in the range (or a
sub-type), text where the range has a data type, or the URL of an
enumeration member of a type in the range.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VOCABULARY = Path(__file__).parent / "data" / "schemaorg"
SDO = "https://schema.org/"
#: Added to release 12.0's files (see the README there): newer than 12.0.
NEWER = {"archivedAt": ({"CreativeWork"}, {"URL", "WebPage"})}
#: Data types, and what a JSON value of each Python type can be.
_TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "CssSelectorType",
               "XPathType", "PronounceableText"}
_NUMBER_TYPES = {"Number", "Integer", "Float"}
_KEYWORDS = {"@context", "@type", "@id"}


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix(SDO) for part in cell.split(",") if part.strip()}


@dataclass
class Vocabulary:
    supertypes: dict[str, set[str]] = field(default_factory=dict)
    enumeration_of: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=dict)
    ranges: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Vocabulary:
        vocab = cls()
        with (VOCABULARY / "schemaorg-all-https-types.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = row["id"].removeprefix(SDO)
                vocab.supertypes[name] = _names(row["subTypeOf"])
                if row["enumerationtype"]:
                    vocab.enumeration_of[name] = _names(row["enumerationtype"])
        with (VOCABULARY / "schemaorg-all-https-properties.csv").open(
                encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = row["id"].removeprefix(SDO)
                vocab.domains[name] = _names(row["domainIncludes"])
                vocab.ranges[name] = _names(row["rangeIncludes"])
        for name, (domains, ranges) in NEWER.items():
            assert name not in vocab.domains, f"{name} is in the vocabulary now: drop NEWER"
            vocab.domains[name], vocab.ranges[name] = domains, ranges
        return vocab

    def ancestry(self, name: str) -> set[str]:
        """The type and every type it is a sub-type of."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.supertypes.get(current, ()))
        return seen

    def is_type(self, name: str) -> bool:
        return name in self.supertypes

    # -------------------------------------------------------------- checking

    def problems(self, node: Any, where: str = "") -> Iterator[str]:
        """Every misuse in a JSON-LD node and the nodes it holds, as readable lines."""
        if not isinstance(node, dict):
            return
        types = node.get("@type")
        names = [types] if isinstance(types, str) else list(types or [])
        if not names:
            yield f"{where}: a node without @type"
            return
        unknown = [n for n in names if not self.is_type(n)]
        if unknown:
            yield f"{where}: unknown type {unknown}"
            return
        own = set().union(*(self.ancestry(n) for n in names))
        for prop, value in node.items():
            if prop in _KEYWORDS:
                continue
            if prop not in self.domains:
                yield f"{where}/{prop}: unknown property"
                continue
            if not self.domains[prop] & own:
                yield f"{where}/{prop}: not a property of {names}"
            for item in value if isinstance(value, list) else [value]:
                yield from self._value(prop, item, f"{where}/{prop}")

    def _value(self, prop: str, value: Any, where: str) -> Iterator[str]:
        ranges = self.ranges[prop]
        if isinstance(value, dict):
            types = value.get("@type")
            names = [types] if isinstance(types, str) else list(types or [])
            if not any(self.ancestry(n) & ranges for n in names if self.is_type(n)):
                yield f"{where}: a {names} where the range is {sorted(ranges)}"
            yield from self.problems(value, where)
        elif isinstance(value, bool):
            if "Boolean" not in ranges:
                yield f"{where}: a boolean where the range is {sorted(ranges)}"
        elif isinstance(value, (int, float)):
            if not ranges & (_NUMBER_TYPES | {"Text"}):
                yield f"{where}: a number where the range is {sorted(ranges)}"
        elif isinstance(value, str):
            member = value.removeprefix(SDO)
            if value.startswith(SDO) and member in self.enumeration_of:
                if not any(self.ancestry(e) & ranges for e in self.enumeration_of[member]):
                    yield f"{where}: {member} is not a member of {sorted(ranges)}"
            elif not ranges & _TEXT_TYPES:
                yield f"{where}: text where the range is {sorted(ranges)}"
        else:
            yield f"{where}: a {type(value).__name__}"
