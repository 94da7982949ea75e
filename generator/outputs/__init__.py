"""What a build makes from the linked site besides the pages' Markdown.

- ``export``: the open data (``data/*.json``, ``*.csv``), field by field;
- ``schema``: the JSON Schema of the content format, from the models;
- ``publish``: what a hosted site needs: structured data and descriptions per
  page, the Atom feed, the calendar, redirect pages;
- the drawings, which pages embed: ``graph`` (who is connected to whom) and
  ``network`` (its SVG), ``timechart`` (timeline charts, histograms), ``mapview``
  (maps), with ``svgtext`` (text widths) and ``labels`` (label placement);
- ``guard``: the check of the rendered HTML (no script gets out);
- ``output``: the generated files (``Rendered``) and writing them atomically.

May import ``core`` only: the pages are made from these, never the reverse
(``publish`` is handed the rendered pages). Never ``speed``, the adapters or MkDocs.
"""
