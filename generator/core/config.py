"""Site settings: the plugin's options, as one immutable value."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .vocabulary import RELATION_TYPES, RelationType


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know about the site.

    ``root`` is the project root: diagnostics give paths relative to it.
    """

    root: Path
    content_dir: Path
    as_of: str
    require_sources: bool = True
    allow_html: bool = False
    site_name: str = ""
    #: What the story is about, shown on the overview home page (MkDocs' site_description).
    site_description: str = ""
    #: The site's public base URL (MkDocs' site_url), for feeds and structured data.
    site_url: str = ""
    #: ``actors/x/`` (True, MkDocs' default) or ``actors/x.html`` in hand-written HTML links.
    directory_urls: bool = True
    extra_relation_types: Mapping[str, RelationType] = field(
        default_factory=lambda: MappingProxyType({}))

    @property
    def relation_types(self) -> Mapping[str, RelationType]:
        return MappingProxyType({**RELATION_TYPES, **self.extra_relation_types})

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def default_as_of(environ: Mapping[str, str] | None = None) -> str:
    """The build day: ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime.now(tz=dt.UTC)
    return moment.date().isoformat()


def make_settings(root: Path, options: Mapping[str, object]) -> Settings:
    """Settings from plugin options as written in ``mkdocs.yml``.

    Options are checked by the adapters (MkDocs' config schema, the CLI's
    reader); this only applies defaults and normalises types.
    """
    root = root.resolve()
    content = Path(str(options.get("content_dir") or "content"))
    as_of = options.get("as_of")
    extra = _relation_types(options.get("relation_types") or {})
    return Settings(
        root=root,
        content_dir=(root / content) if not content.is_absolute() else content,
        as_of=str(as_of) if as_of else default_as_of(),
        require_sources=bool(options.get("require_sources", True)),
        allow_html=bool(options.get("allow_html", False)),
        site_name=str(options.get("site_name") or ""),
        site_description=str(options.get("site_description") or ""),
        directory_urls=bool(options.get("use_directory_urls", True)),
        site_url=_base_url(options.get("site_url")),
        extra_relation_types=MappingProxyType(extra),
    )


def _base_url(value: object) -> str:
    """``https://host/path/``: with its trailing slash, or empty when unknown."""
    text = str(value or "").strip()
    return text if not text or text.endswith("/") else text + "/"


class SettingsError(ValueError):
    """A plugin option that cannot be used; the adapters report it as a usage error."""


def _relation_types(value: object) -> dict[str, RelationType]:
    """``{type: {label, inverse}}`` from the settings, checked."""
    if not isinstance(value, Mapping):
        raise SettingsError("relation_types must be a mapping of type to {label, inverse}")
    types: dict[str, RelationType] = {}
    for name, spec in value.items():
        if not (isinstance(spec, Mapping) and isinstance(spec.get("label"), str)
                and isinstance(spec.get("inverse"), str)):
            raise SettingsError(f"relation type '{name}' needs a 'label' and an 'inverse' text")
        types[str(name)] = RelationType(spec["label"], spec["inverse"])
    return types
