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


#: What a page's Markdown may print as it is, besides what the renderer marks as
#: Markdown (``Md``) and what ``escape_text`` escaped: ids, tags and statuses
#: are slugs (checked by the models), URLs are made from them, and the drawings
#: escape their own text (``outputs.network``).
RAW_NAMES = {"status", "source", "sid", "actors", "tags", "depth", "left", "boost"}
RAW_CALLS = {"escape_text", "Md", "url", "href", "html_href", "render_svg", "len", "join"}


def _md_functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    """Functions that return Markdown (``-> Md``), methods included."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef) and isinstance(node.returns, ast.Name)
                and node.returns.id == "Md"):
            yield node


def _unescaped(function: ast.FunctionDef, md_methods: set[str]) -> Iterator[str]:
    """Every value put into an f-string that is neither Markdown nor escaped."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for name, value in zip(target.elts, node.value.elts, strict=True):
                        if isinstance(name, ast.Name):
                            assigned.setdefault(name.id, []).append(value)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None \
                and isinstance(node.target, ast.Name):
            assigned.setdefault(node.target.id, []).append(node.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "append" and isinstance(node.func.value, ast.Name)):
            assigned.setdefault(node.func.value.id, []).extend(node.args)  # items of a list
    seen: set[str] = set()

    def safe(expr: ast.expr) -> bool:
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.JoinedStr):
            return all(safe(v.value) for v in expr.values if isinstance(v, ast.FormattedValue))
        if isinstance(expr, ast.IfExp):
            return safe(expr.body) and safe(expr.orelse)
        if isinstance(expr, ast.BinOp):
            return safe(expr.left) and safe(expr.right)
        if isinstance(expr, ast.ListComp | ast.GeneratorExp):
            return safe(expr.elt)
        if isinstance(expr, ast.List | ast.Tuple):
            return all(safe(item) for item in expr.elts)
        if isinstance(expr, ast.Call):
            func = expr.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "join":
                return all(safe(arg) for arg in expr.args)
            return name in RAW_CALLS or name in md_methods
        if isinstance(expr, ast.Attribute):
            return expr.attr in RAW_NAMES
        if isinstance(expr, ast.Name):
            if expr.id in RAW_NAMES or expr.id in seen:
                return True
            seen.add(expr.id)
            values = assigned.get(expr.id)
            return bool(values) and all(safe(v) for v in values)
        return False

    for node in ast.walk(function):
        if isinstance(node, ast.FormattedValue) and not safe(node.value):
            yield f"{function.name}:{node.lineno}: {ast.unparse(node.value)}"


def unescaped_markdown(source: str) -> list[str]:
    tree = ast.parse(source)
    functions = list(_md_functions(tree))
    md_methods = {f.name for f in functions}
    return [found for f in functions for found in _unescaped(f, md_methods)]


def test_page_markdown_prints_content_only_escaped() -> None:
    """Templates escape what they print (``pages.render._finalize``); the page helpers
    that write Markdown lines themselves may put into them only Markdown (``Md``),
    escaped text (``escape_text``) and slugs: forgetting to escape fails here."""
    render = PACKAGE / "pages" / "render.py"
    assert unescaped_markdown(render.read_text(encoding="utf-8")) == []


def test_an_unescaped_value_in_page_markdown_is_found() -> None:
    source = ("def title(self, claim: Claim) -> Md:\n"
              "    quoted = f'“{claim.text}”'\n"
              "    return Md(f'**{quoted}** {escape_text(claim.text)}')\n")
    assert unescaped_markdown(source) == ["title:2: claim.text", "title:3: quoted"]


def test_an_unescaped_value_appended_to_a_list_is_found() -> None:
    source = ("def line(self, event: Event) -> Md:\n"
              "    parts = [escape_text(event.title)]\n"
              "    parts.append(event.summary)\n"
              "    return Md(', '.join(parts))\n")
    assert unescaped_markdown(source) == []  # Md(...) marks the whole line as Markdown
    source = source.replace("return Md(', '.join(parts))", "return Md(f\"{', '.join(parts)}\")")
    assert unescaped_markdown(source) == ["line:4: ', '.join(parts)"]

