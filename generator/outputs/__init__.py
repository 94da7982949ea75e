"""What a build makes from the linked site besides the pages' Markdown.

- ``export``: the open data (``data/*.json``, ``*.csv``), field by field;
- ``schema``: the JSON Schema of the content format, from the models;
- ``publish``: what a hosted site needs: structured data and descriptions per
  page, the Atom feed, the calendar, redirect pages;
- drawings: ``graph`` (who is connected to whom) and ``network`` (the SVG);
- ``output``: writing a tree of files atomically.

May import ``core`` and ``pages`` (the rendered pages that ``publish`` adds to);
never ``speed``, the adapters or MkDocs.
"""
