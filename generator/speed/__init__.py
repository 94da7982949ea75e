"""The speed machinery, wrapped around the stages: never a branch inside them.

- ``cache``: per-file check results kept between checks (memory, disk, none),
  each file's result being ``cache.get(file) or check_file(file)``;
- ``parallel``: forked workers for big one-off builds (``Forked``, a policy);
- ``incremental`` and ``track``: the live preview's policy (``Tracked``), which
  notes what each page reads and re-renders only what an edit affects.

May import ``core``, ``pages`` and ``outputs``; the pipeline hands these to the
stages; the stages never import them.
"""
