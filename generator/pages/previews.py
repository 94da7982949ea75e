"""Hover previews and glossary tooltips, side by side.

Material's ``material.extensions.preview`` marks links to record pages with
``data-preview``; a glossary term inside such a link (``[[national-security-council|NSC]]``)
would then show neither its definition nor the preview, as the two tooltips
take each other's place. This Markdown extension, which the plugin adds after
Material's, leaves those links plain so that the term keeps its definition.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

#: Material's preview extension, and this one (by its import path, for mkdocs.yml and the plugin).
MATERIAL_PREVIEW = "material.extensions.preview"
NAME = "generator.pages.previews"


class _GlossaryLinksStayPlain(Treeprocessor):
    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            if "data-preview" in link.attrib and link.find(".//abbr") is not None:
                del link.attrib["data-preview"]


class PreviewsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After Material's preview processor (priority 0) and the abbreviations (7).
        md.treeprocessors.register(_GlossaryLinksStayPlain(md), "explainer-previews", -10)


def makeExtension(**kwargs: Any) -> PreviewsExtension:
    return PreviewsExtension(**kwargs)
