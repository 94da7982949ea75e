"""The rules of the house, read from the code itself (see the README's architecture section).

Every import counts: at module level, inside functions and under ``TYPE_CHECKING``.

- no import cycle between the package's modules;
- MkDocs (and Material) are imported only by the adapters;
- no private name (``_x``) is imported from another module, or read from one;
- each room imports only the rooms below it (``ROOMS``): the stages and their
  outputs know nothing of the speed machinery, which is handed to them.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

#: What each room may import of the package, besides itself.
ROOMS: dict[str, set[str]] = {
    "core": set(),
    "pages": {"core", "outputs"},
    "outputs": {"core"},
    "speed": {"core", "pages", "outputs"},
    "pipeline": {"core", "pages", "outputs", "speed"},
    "adapters": {"core", "pages", "outputs", "speed", "pipeline", "root"},
    "root": {"core", "pipeline"},
}
ENGINES = ("mkdocs", "material")


@dataclass(frozen=True)
class Import:
    importer: str
    line: int
    module: str  # what is imported: a module of the package, or any other top-level name
    name: str | None  # the name taken from it (``from module import name``)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> Iterator[Import]:
    """Every import in a module, wherever it stands, resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, node.lineno, alias.name, None)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:  # ``from package import module``
                    yield Import(name, node.lineno, sub, None)
                else:
                    yield Import(name, node.lineno, target, alias.name)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    mods = modules(root)
    known = set(mods)
    return {m: {i.module for i in imports_of(m, p, known) if i.module in known} - {m}
            for m, p in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle, each once (from its smallest module)."""
    found = []
    nodes = sorted(graph)
    for n, start in enumerate(nodes):
        allowed = set(nodes[n:])
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in sorted(graph[node]):
                if following == start:
                    found.append(path)
                elif following in allowed and following not in path:
                    stack.append((following, [*path, following]))
    return found


def room_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    return "pipeline" if parts[1] == "pipeline" else parts[1]


def all_imports() -> Iterator[Import]:
    mods = modules()
    known = set(mods)
    for name, path in mods.items():
        yield from imports_of(name, path, known)


# ------------------------------------------------------------------- the rules


def test_the_package_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in found)


def test_mkdocs_is_imported_only_by_the_adapters() -> None:
    outside = [f"{i.importer}:{i.line} imports {i.module}" for i in all_imports()
               if i.module.split(".")[0] in ENGINES and room_of(i.importer) != "adapters"]
    assert not outside


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [f"{i.importer}:{i.line} imports {i.name} from {i.module}" for i in all_imports()
               if i.name and i.name.startswith("_") and not i.name.startswith("__")
               and i.module.startswith("generator")]
    assert not private


def test_no_private_name_is_read_from_an_imported_module() -> None:
    mods = modules()
    known = set(mods)
    found = []
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for i in imports_of(name, path, known):
            if i.name is None and i.module in known:
                aliases[i.module.rpartition(".")[2]] = i.module
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                found.append(f"{name}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not found


def test_each_room_imports_only_the_rooms_below_it() -> None:
    known = set(modules())
    wrong = [f"{i.importer}:{i.line} ({room_of(i.importer)}) imports {i.module}"
             for i in all_imports() if i.module in known
             and room_of(i.module) != room_of(i.importer)
             and room_of(i.module) not in ROOMS[room_of(i.importer)]]
    assert not wrong


def test_every_room_is_a_documented_package() -> None:
    for room in ROOMS:
        if room in ("root", "pipeline"):
            continue
        init = PACKAGE / room / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} says what lives there"
        assert "import" in doc.lower(), f"{init} says what it may import"


# ---------------------------------------------------- the rules can fail


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .a import x\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .d import y\n")
    (package / "d.py").write_text("from .c import z\n")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.d"]]


# ------------------------------------------------- speed around the stages


def test_the_live_preview_tracks_every_field_of_the_site() -> None:
    """A field of ``Site`` that pages read but the tracking missed would leave pages stale."""
    from generator.core.link import Site
    from generator.speed import incremental

    fields = {f.name for f in dataclasses.fields(Site)}
    accounted = [*incremental.REVERSE_INDEXES, *incremental.TRACKED_FIELDS,
                 *incremental.FINGERPRINTED_FIELDS, *incremental.DERIVED_FIELDS]
    assert sorted(accounted) == sorted(fields)
    assert len(accounted) == len(set(accounted))
    assert len(incremental.REVERSE_INDEXES) >= 12  # derived from Site: appearances, tagged…


def test_the_stages_know_nothing_of_the_speed_machinery() -> None:
    known = set(modules())
    inside = [f"{i.importer}:{i.line} imports {i.module}" for i in all_imports()
              if i.module in known and room_of(i.module) == "speed"
              and room_of(i.importer) in ("core", "pages", "outputs")]
    assert not inside


# ------------------------------------------------------ Markdown, escaped

#: The module that defines ``Md``, and may put strings together inside it.
MD_HOME = PACKAGE / "pages" / "parts.py"


def _composed(expr: ast.expr) -> bool:
    """A string put together in place: an f-string, ``a + b``, ``a % b`` or a plain
    string's ``join``/``format`` (``Md(", ").join`` is the escaping one, and fine)."""
    if isinstance(expr, ast.JoinedStr | ast.BinOp):
        return True
    if isinstance(expr, ast.IfExp):
        return _composed(expr.body) or _composed(expr.orelse)
    return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in ("join", "format")
            and not (isinstance(expr.func.value, ast.Call) and _is_md(expr.func.value)))


def _is_md(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id == "Md"


def _scopes(tree: ast.Module) -> Iterator[ast.AST]:
    yield tree
    yield from (node for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))


def unescaped_markdown(source: str, name: str = "<source>") -> list[str]:
    """Every ``Md(...)`` around a string put together in place, directly or through a
    name it was assigned to: the one way to skip the escaping of ``Md.format``."""
    found = []
    for scope in _scopes(ast.parse(source)):
        composed_names = {target.id for node in ast.walk(scope) if isinstance(node, ast.Assign)
                          and _composed(node.value)
                          for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(scope):
            if isinstance(node, ast.Call) and _is_md(node) and node.args:
                arg = node.args[0]
                if _composed(arg) or (isinstance(arg, ast.Name) and arg.id in composed_names):
                    found.append(f"{name}:{node.lineno}:{node.col_offset + 1}: "
                                 f"Md({ast.unparse(arg)})")
    return sorted(set(found))


def test_page_markdown_is_put_together_only_by_md() -> None:
    """Python code that writes Markdown does it with ``Md.format``, ``Md.join`` and ``+``
    on an ``Md``, which escape every plain string; wrapping a composed string in
    ``Md(...)`` would skip that, so it fails here, wherever ``Md`` is used."""
    users = [path for path in PACKAGE.rglob("*.py")
             if path != MD_HOME and "Md(" in path.read_text(encoding="utf-8")]
    assert users  # the rule reads the modules that make Markdown
    problems = [found for path in users
                for found in unescaped_markdown(path.read_text(encoding="utf-8"),
                                                str(path.relative_to(PACKAGE.parent)))]
    assert problems == []


def test_md_around_a_composed_string_is_found() -> None:
    source = ("def title(self, claim):\n"
              "    quoted = f'“{claim.text}”'\n"
              "    a = Md(quoted)\n"
              "    b = Md(f'**{claim.text}**')\n"
              "    c = Md(', '.join(parts))\n"
              "    d = Md('[' + claim.text + ']')\n"
              "    e = Md('%s' % claim.text)\n"
              "    f = Md('x' if claim.ok else f'{claim.text}')\n"
              "    return Md('{}').format(claim.text) + Md(', ').join(parts) + Md(self.url())\n")
    assert unescaped_markdown(source, "p.py") == [
        "p.py:3:9: Md(quoted)", "p.py:4:9: Md(f'**{claim.text}**')",
        "p.py:5:9: Md(', '.join(parts))", "p.py:6:9: Md('[' + claim.text + ']')",
        "p.py:7:9: Md('%s' % claim.text)", "p.py:8:9: Md('x' if claim.ok else f'{claim.text}')"]
