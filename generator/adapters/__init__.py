"""The adapters: thin shells over the pipeline, the only code that prints, exits or
knows MkDocs.

- ``plugin`` (the MkDocs plugin ``explainer``), ``preview`` (what ``mkdocs
  serve --dirty`` needs) and ``sitecache`` (what ``mkdocs build --dirty`` needs);
- ``cli`` (the ``explainer`` command and ``check``), ``console`` (what every
  command shares), ``commands/`` (docs, init, new, export, schema), ``diff``,
  ``scaffold`` and ``skeleton/`` (a new project).

May import anything of the package; nothing of the package imports them.
"""
