"""The stages and what they share: what a record is and how it is checked.

- ``config`` (settings), ``diagnostics`` (problems with their locations),
  ``vocabulary``, ``dates`` (EDTF), ``models`` (the typed records), ``markup``
  (mentions, escaping, links in prose);
- the stages: ``load`` (files to located YAML), ``validate`` (models and the
  rules of one record), ``link`` (references, reverse links, the rules across
  records: the :class:`~generator.core.link.Site`);
- ``paths``: where each generated page lives and the URL it gets.

Imports nothing else of the package: no rendering, no speed machinery, no MkDocs.
"""

__version__ = "0.1.0"
