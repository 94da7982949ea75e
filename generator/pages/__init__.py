"""The pages: the linked site as Markdown.

- ``render``: the renderer, the page helpers (:class:`~generator.pages.render.Page`)
  and the hub pages; ``templates/`` (Jinja2, one per page kind) and ``assets/``
  (the stylesheet and script every page gets);
- ``paging``: long listings as hubs of bounded pages;
- ``engine``: what a Markdown engine needs to build the pages (extensions, nav),
  the same for the MkDocs plugin and ``explainer docs``;
- ``policy``: how the renderer's work is run (the plain policy; the speed
  machinery brings others).

- ``parts``: what the home page's panels (``panels``) and the views
  (``views``) may ask of the page they are on; ``wording`` and ``claimgroups``:
  how names, titles and claim threads read;
- ``previews``: the glossary's hover previews (a Markdown extension).

May import ``core`` and ``outputs`` (the drawings and the data page's context);
never ``speed``, the adapters or MkDocs.
"""
