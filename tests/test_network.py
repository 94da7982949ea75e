"""Unit tests of the actor network: the force layout, the ego layout and the SVG.

The SVG is parsed with ElementTree throughout, which proves it is well-formed XML.
"""

from __future__ import annotations

import math
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outputs.network import (
    _GROUP_FILLS,
    _LINE_COLOURS,
    NETWORK_CSS,
    WIDTH,
    Edge,
    Node,
    _cos_sin,
    _force_layout,
    draw,
    ego_layout,
    layout,
    layout_height,
    legend_html,
    render_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
GROUPS = ["person", "organization", "state", "government-body", "armed-group", "media"]


def _node(node_id: str, group: str = "person", weight: int = 1, label: str | None = None) -> Node:
    label = label if label is not None else node_id.replace("-", " ").title()
    return Node(node_id, label, f"../actors/{node_id}/", group, weight)


NODES = [
    _node("kim-jong-un", "person", 4, "Kim Jong Un"),
    _node("north-korea", "state", 3),
    _node("vladimir-putin", "person", 3),
    _node("russia", "state", 4),
    _node("sergei-shoigu", "person", 2),
    _node("kcna", "media", 1, "KCNA"),
    _node("wagner-group", "armed-group", 1),
    _node("defence-ministry", "government-body", 2),
    _node("un-panel", "organization", 1, "UN Panel of Experts"),
    _node("loner", "person", 0),
]
EDGES = [
    Edge("kim-jong-un", "north-korea", "leads", "relation"),
    Edge("vladimir-putin", "russia", "leads", "relation"),
    Edge("sergei-shoigu", "defence-ministry", "leads", "relation"),
    Edge("defence-ministry", "russia", "is part of", "relation"),
    Edge("kcna", "north-korea", "is state media of", "relation", status="reported"),
    Edge("wagner-group", "russia", "is armed by", "relation", status="alleged"),
    Edge("kim-jong-un", "sergei-shoigu", None, "event", weight=3),
    Edge("kim-jong-un", "vladimir-putin", None, "event", weight=1),
    Edge("un-panel", "north-korea", None, "event", weight=2),
]


def _graph(n: int, m: int, seed: int = 7) -> tuple[list[Node], list[Edge]]:
    """A random network (the test's own generator; the module uses no randomness)."""
    rng = random.Random(seed)
    nodes = [_node(f"actor-{i:03d}", rng.choice(GROUPS), rng.randint(0, 30)) for i in range(n)]
    edges = []
    for _ in range(m):
        a, b = rng.sample(range(n), 2)
        if rng.random() < 0.4:
            edges.append(Edge(nodes[a].id, nodes[b].id, "works with", "relation",
                              status=rng.choice(["confirmed", "reported", "alleged", "denied"])))
        else:
            edges.append(Edge(nodes[a].id, nodes[b].id, None, "event", weight=rng.randint(1, 6)))
    return nodes, edges


def _svg(nodes: Sequence[Node] = NODES, edges: Sequence[Edge] = EDGES,
         positions: Mapping[str, tuple[float, float]] | None = None, **options: object) -> str:
    if positions is None:
        positions = layout(nodes, edges, width=WIDTH, height=layout_height(nodes))
    kwargs: dict[str, object] = {"title": "Who is who", "description": "Actors and relations"}
    kwargs.update(options)
    return render_svg(nodes, edges, positions, **kwargs)  # type: ignore[arg-type]


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _inside(positions: Mapping[str, tuple[float, float]], width: float, height: float) -> None:
    for node_id, (x, y) in positions.items():
        assert math.isfinite(x), node_id
        assert math.isfinite(y), node_id
        assert 0 < x < width, (node_id, x)
        assert 0 < y < height, (node_id, y)
        assert round(x, 1) == x, (node_id, x)
        assert round(y, 1) == y, (node_id, y)


# --- layout ---------------------------------------------------------------------


def test_layout_gives_every_node_a_place_inside_the_canvas() -> None:
    positions = layout(NODES, EDGES)
    assert list(positions) == sorted(node.id for node in NODES)
    _inside(positions, 960, 640)
    # A margin is left for the labels.
    assert all(80 <= x <= 880 and 36 <= y <= 604 for x, y in positions.values())
    assert len(set(positions.values())) == len(NODES)


def test_layout_is_deterministic_and_ignores_input_order() -> None:
    expected = layout(NODES, EDGES)
    _force_layout.cache_clear()  # worked out again, not remembered
    assert layout(NODES, EDGES) == expected
    rng = random.Random(3)
    for _ in range(5):
        nodes, edges = list(NODES), list(EDGES)
        rng.shuffle(nodes)
        rng.shuffle(edges)
        _force_layout.cache_clear()
        assert layout(nodes, edges) == expected
        assert layout(tuple(nodes), tuple(edges)) == expected


def test_an_unchanged_network_is_not_laid_out_again() -> None:
    _force_layout.cache_clear()
    first = layout(NODES, EDGES)
    first.clear()  # the caller's own copy
    renamed = [_node(n.id, "state", 3, label="Another name") for n in NODES]
    assert layout(renamed, EDGES) == layout(NODES, EDGES) != {}
    assert _force_layout.cache_info().misses == 1
    moved = [*EDGES[1:], Edge(EDGES[0].source, EDGES[0].target, None, "event", 9, "confirmed")]
    assert layout(NODES, moved) != layout(NODES, EDGES)  # a new spring: laid out anew
    assert _force_layout.cache_info().misses == 2


def test_layout_does_not_depend_on_the_hash_seed() -> None:
    """Another interpreter with another string hash seed gives the same layout."""
    code = (
        "from generator.outputs.network import Edge, Node, layout, render_svg\n"
        f"nodes, edges = {NODES!r}, {EDGES!r}\n"
        "positions = layout(nodes, edges)\n"
        "print(sorted(positions.items()))\n"
        "print(render_svg(nodes, edges, positions, title='T', description='D'))\n"
    )
    positions = layout(NODES, EDGES)
    expected = (f"{sorted(positions.items())}\n"
                f"{render_svg(NODES, EDGES, positions, title='T', description='D')}\n")
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                              capture_output=True, text=True)
        assert done.stdout == expected


def test_layout_of_a_small_network_is_pinned() -> None:
    """The exact layout of a small network: a change here changes every built site.

    Only ``+ - * /`` and sqrt are used, so these numbers are the same on every
    machine; update them only after an intended change to the layout.
    """
    nodes = [_node(i) for i in ("a", "b", "c", "d")]
    edges = [Edge("a", "b", "x", "relation"), Edge("b", "c", None, "event", 2),
             Edge("c", "d", "y", "relation")]
    assert layout(nodes, edges) == {
        "a": (126.8, 554.6), "b": (88.6, 145.3), "c": (624.9, 85.4), "d": (871.4, 416.2)}


def test_layout_edge_cases() -> None:
    assert layout([], []) == {}
    assert layout([_node("only")], []) == {"only": (480.0, 320.0)}
    two = layout([_node("a"), _node("b")], [Edge("a", "b", "x", "relation")])
    _inside(two, 960, 640)
    assert two["a"] != two["b"]
    # No iterations: the starting spiral, fitted to the canvas.
    _inside(layout(NODES, EDGES, iterations=0), 960, 640)
    with pytest.raises(ValueError, match="twice"):
        layout([_node("a"), _node("a")], [])
    with pytest.raises(ValueError, match="negative"):
        layout(NODES, EDGES, iterations=-1)
    with pytest.raises(ValueError, match="positive size"):
        layout(NODES, EDGES, width=0)
    with pytest.raises(ValueError, match="positive size"):
        layout(NODES, EDGES, height=math.inf)
    with pytest.raises(ValueError, match="too small"):
        ego_layout("russia", NODES, width=1, height=400)
    _inside(layout(NODES, EDGES, width=8, height=8), 8, 8)


def test_layout_ignores_loops_and_edges_to_unknown_nodes() -> None:
    extra = [Edge("kim-jong-un", "kim-jong-un", "x", "relation"),
             Edge("kim-jong-un", "nobody", "x", "relation"),
             Edge("nobody", "nothing", None, "event", 4)]
    assert layout(NODES, [*EDGES, *extra]) == layout(NODES, EDGES)


def test_layout_uses_the_canvas_size() -> None:
    positions = layout(NODES, EDGES, width=300, height=1000)
    _inside(positions, 300, 1000)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert max(ys) - min(ys) > max(xs) - min(xs)


def test_relations_pull_harder_than_shared_events() -> None:
    nodes = [_node(i) for i in ("a", "b", "c", "d")]
    edges = [Edge("a", "b", "knows", "relation"), Edge("c", "d", None, "event", 1),
             Edge("b", "c", None, "event", 1)]
    positions = layout(nodes, edges)

    def distance(p: str, q: str) -> float:
        (x1, y1), (x2, y2) = positions[p], positions[q]
        return math.sqrt((x1 - x2) ** 2 + (y1 - y2) ** 2)

    assert distance("a", "b") < distance("c", "d")


def test_disconnected_parts_stay_together() -> None:
    """Two parts and isolated nodes share the canvas instead of being pushed to its edges."""
    nodes = [_node(f"p{i}") for i in range(6)] + [_node(f"q{i}") for i in range(6)]
    nodes += [_node("lone-1"), _node("lone-2")]
    edges = [Edge(f"p{i}", f"p{i + 1}", "x", "relation") for i in range(5)]
    edges += [Edge(f"q{i}", f"q{i + 1}", None, "event", 2) for i in range(5)]
    positions = layout(nodes, edges)
    _inside(positions, 960, 640)
    # Without gravity, the parts would be pushed against the walls of the box
    # the nodes must stay in; only the few nodes that set the scale touch them.
    on_wall = [p for p in positions.values() if p[0] in (80.0, 880.0) or p[1] in (36.0, 604.0)]
    assert len(on_wall) <= 4


def test_a_large_network_lays_out() -> None:
    nodes, edges = _graph(300, 1500)
    positions = layout(nodes, edges)
    assert set(positions) == {node.id for node in nodes}
    _inside(positions, 960, 640)
    assert len(set(positions.values())) > 290
    svg = _svg(nodes, edges, positions)
    root = _parse(svg)
    assert len(root.findall(f".//{SVG}a")) == 300
    # Too many relations for labels on the edges: they are only in the titles.
    assert not root.findall(f".//{SVG}text[@class='ex-edge-label']")


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=14),
    pairs=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13),
                             st.sampled_from(["relation", "event"]), st.integers(0, 9)),
                   max_size=30),
    width=st.integers(min_value=40, max_value=2000),
    height=st.integers(min_value=40, max_value=2000),
)
def test_any_network_lays_out_inside_and_draws(
    n: int, pairs: list[tuple[int, int, str, int]], width: int, height: int
) -> None:
    nodes = [_node(f"n{i}", GROUPS[i % len(GROUPS)], i) for i in range(n)]
    edges = [Edge(f"n{a}", f"n{b}", "rel" if kind == "relation" else None,
                  "relation" if kind == "relation" else "event", weight)
             for a, b, kind, weight in pairs]
    positions = layout(nodes, edges, width=width, height=height, iterations=60)
    _inside(positions, width, height)
    svg = _svg(nodes, edges, positions, width=width, height=height)
    _parse(svg)
    assert "\n\n" not in svg


# --- ego layout -------------------------------------------------------------------


def test_ego_layout_puts_the_centre_in_the_middle() -> None:
    four = ego_layout("russia", NODES[:5])
    assert four["russia"] == (320.0, 200.0)
    _inside(four, 640, 400)
    # Clockwise from the top, in id order: top, right, bottom, left.
    top, right, bottom, left = (four[i] for i in
                                ("kim-jong-un", "north-korea", "sergei-shoigu", "vladimir-putin"))
    rx, ry = right[0] - 320, 200 - top[1]
    assert (top[0], right[1], bottom[0], left[1]) == (320.0, 200.0, 320.0, 200.0)
    assert (bottom[1] - 200, 320 - left[0]) == (ry, rx)
    assert rx > ry > 0
    # Nine neighbours: evenly spaced on the same ellipse.
    positions = ego_layout("russia", NODES)
    _inside(positions, 640, 400)
    others = sorted(node.id for node in NODES if node.id != "russia")
    for i, node_id in enumerate(others):
        x, y = positions[node_id]
        assert ((x - 320) / rx) ** 2 + ((y - 200) / ry) ** 2 == pytest.approx(1, abs=0.002)
        turn = math.atan2((x - 320) / rx, (200 - y) / ry) % math.tau / math.tau
        assert turn == pytest.approx(i / len(others), abs=0.001)


def test_ego_layout_is_stable() -> None:
    expected = ego_layout("kim-jong-un", NODES)
    assert ego_layout("kim-jong-un", list(reversed(NODES))) == expected
    assert ego_layout("kim-jong-un", [NODES[0]]) == {"kim-jong-un": (320.0, 200.0)}
    assert ego_layout("kim-jong-un", NODES, width=800, height=800)["kim-jong-un"] == (400, 400)
    with pytest.raises(ValueError, match="not among"):
        ego_layout("nobody", NODES)


@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_cos_sin_agree_with_the_maths_library(turns: float) -> None:
    cos, sin = _cos_sin(turns)
    assert cos == pytest.approx(math.cos(turns * math.tau), abs=1e-15)
    assert sin == pytest.approx(math.sin(turns * math.tau), abs=1e-15)


# --- SVG ----------------------------------------------------------------------------


def test_svg_is_deterministic_and_ignores_input_order() -> None:
    expected = _svg(highlight="russia")
    assert _svg(highlight="russia") == expected
    rng = random.Random(5)
    for _ in range(5):
        nodes, edges = list(NODES), list(EDGES)
        rng.shuffle(nodes)
        rng.shuffle(edges)
        assert _svg(nodes, edges, highlight="russia") == expected


def test_svg_root_is_labelled_by_its_title_and_description() -> None:
    svg = _svg()
    root = _parse(svg)
    assert re.match(r'<svg xmlns="http://www.w3.org/2000/svg" class="ex-network"'
                    r' viewBox="0 0 680 (\d+)" width="680" height="\1" role="group"'
                    r' aria-labelledby="', svg)
    title_id, desc_id = root.attrib["aria-labelledby"].split()
    title, desc = root[0], root[1]
    assert (title.tag, title.attrib["id"], title.text) == (f"{SVG}title", title_id, "Who is who")
    assert (desc.tag, desc.attrib["id"], desc.text) == (f"{SVG}desc", desc_id,
                                                        "Actors and relations")
    assert title_id.startswith("ex-network-who-is-who-")
    assert title_id.endswith("-title")
    assert desc_id == title_id.removesuffix("-title") + "-desc"
    # Stable, and different for another drawing.
    assert _parse(_svg()).attrib == root.attrib
    assert _parse(_svg(title="Who else")).attrib["aria-labelledby"] != root.attrib[
        "aria-labelledby"]
    assert re.fullmatch(r"[a-z][a-z0-9-]*", title_id)
    unicode_title = _parse(_svg(title="북한 & Россия"))
    assert re.fullmatch(r"ex-network-network-[0-9a-f]{8}-title .*",
                        unicode_title.attrib["aria-labelledby"])


def test_every_node_is_a_link_to_its_page() -> None:
    root = _parse(_svg())
    links = root.findall(f".//{SVG}a")
    assert sorted(a.attrib["href"] for a in links) == sorted(node.href for node in NODES)
    by_href = {node.href: node for node in NODES}
    for a in links:
        node = by_href[a.attrib["href"]]
        assert a.attrib["class"] == f"ex-node ex-node--{node.group}"
        title, circle, text = list(a)
        assert title.tag == f"{SVG}title"
        assert title.text == node.label
        assert circle.tag == f"{SVG}circle"
        assert 6 <= float(circle.attrib["r"]) <= 18
        assert text.attrib["class"] == "ex-node-label"
        assert " ".join(text.itertext()) == node.label  # on one line or two


def test_node_size_grows_with_weight() -> None:
    nodes = [_node("a", weight=0), _node("b", weight=1), _node("c", weight=9),
             _node("d", weight=10_000)]
    root = _parse(_svg(nodes, []))
    radii = [float(c.attrib["r"]) for c in root.iter(f"{SVG}circle")]
    assert radii == [6, 6, 12, 18]


def _edges(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.attrib.get("class", "").startswith("ex-edge ")]


def test_edges_are_drawn_before_nodes() -> None:
    root = _parse(_svg())
    order = [el.tag for el in root.iter() if el.tag in (f"{SVG}line", f"{SVG}a")
             and el.attrib.get("class") != "ex-net-rule"]
    assert order == [f"{SVG}line"] * len(EDGES) + [f"{SVG}a"] * len(NODES)


def test_edge_titles_say_what_links_the_nodes() -> None:
    root = _parse(_svg())
    titles = {g.find(f"{SVG}title").text: g.attrib["class"]  # type: ignore[union-attr]
              for g in _edges(root)}
    assert titles["Kim Jong Un leads North Korea"] == (
        "ex-edge ex-edge--relation ex-edge--confirmed")
    assert titles["KCNA is state media of North Korea (reported)"] == (
        "ex-edge ex-edge--relation ex-edge--reported")
    assert titles["Wagner Group is armed by Russia (alleged)"] == (
        "ex-edge ex-edge--relation ex-edge--alleged")
    assert titles["Kim Jong Un and Sergei Shoigu: 3 shared events"] == "ex-edge ex-edge--event"
    assert titles["Kim Jong Un and Vladimir Putin: 1 shared event"] == "ex-edge ex-edge--event"


def _centres(root: ET.Element) -> dict[str, tuple[float, float, float]]:
    return {a.attrib["data-id"]: (float(c.attrib["cx"]), float(c.attrib["cy"]),
                                  float(c.attrib["r"]))
            for a in root.iter(f"{SVG}a") if (c := a.find(f"{SVG}circle")) is not None}


def test_edges_run_from_dot_to_dot_with_arrows_on_directed_ones() -> None:
    edges = [*EDGES, Edge("russia", "north-korea", "negotiates with", "relation"),
             Edge("north-korea", "russia", None, "event", weight=2)]
    directed = [Edge(e.source, e.target, e.label, e.kind, e.weight, e.status, True)
                if e.kind == "relation" and e.label != "negotiates with" else e for e in edges]
    root = _parse(_svg(NODES, directed))
    dots = _centres(root)
    for g in _edges(root):
        source, target = g.attrib["data-ends"].split()
        line = g.find(f"{SVG}line")
        assert line is not None
        (sx, sy, sr), (tx, ty, tr) = dots[source], dots[target]
        x1, y1 = float(line.attrib["x1"]), float(line.attrib["y1"])
        x2, y2 = float(line.attrib["x2"]), float(line.attrib["y2"])
        # From the edge of one dot towards the other (side by side: up to 3 px off).
        assert abs(math.dist((x1, y1), (sx, sy)) - sr - 1) < 4
        title = g.find(f"{SVG}title").text or ""  # type: ignore[union-attr]
        arrow = g.find(f"{SVG}path")
        if "ex-edge--relation" in g.attrib["class"] and "negotiates" not in title:
            assert arrow is not None, title
            tip = [float(v) for v in re.findall(r"-?[\d.]+", arrow.attrib["d"])[:2]]
            assert abs(math.dist(tip, (tx, ty)) - tr - 1) < 4  # the tip touches the target
            assert math.dist((x2, y2), (tx, ty)) > math.dist(tip, (tx, ty))
        else:
            assert arrow is None, title
    # Two edges between Russia and North Korea are drawn side by side, not on each other.
    pair = [g.find(f"{SVG}line") for g in _edges(root)
            if set(g.attrib["data-ends"].split()) == {"russia", "north-korea"}]
    assert len({(ln.attrib["x1"], ln.attrib["y1"]) for ln in pair if ln is not None}) == 2


def test_event_edges_are_thinner_and_unconfirmed_relations_dashed() -> None:
    root = _parse(_svg())
    widths: dict[str, list[float]] = {"relation": [], "event": []}
    dashes = set()
    for g in _edges(root):
        line = g.find(f"{SVG}line")
        assert line is not None
        kind = "event" if "ex-edge--event" in g.attrib["class"] else "relation"
        widths[kind].append(float(line.attrib["stroke-width"]))
        dashed = "stroke-dasharray" in line.attrib
        assert dashed == (kind == "relation" and "--confirmed" not in g.attrib["class"])
        dashes.add(line.attrib.get("stroke-dasharray"))
    assert len(dashes) == 3  # solid, reported, alleged: each its own
    assert max(widths["event"]) < min(widths["relation"])
    # More shared events, a thicker line.
    by_weight = {weight: float(_parse(_svg(NODES[:2], [
        Edge(NODES[0].id, NODES[1].id, None, "event", weight)])).find(
            f".//{SVG}line").attrib["stroke-width"])  # type: ignore[union-attr]
        for weight in (1, 2, 5)}
    assert by_weight[1] < by_weight[2] < by_weight[5]


def test_relation_labels_are_drawn_where_there_is_room() -> None:
    root = _parse(_svg())
    labels = [t.text for t in root.iter(f"{SVG}text")
              if t.attrib["class"].startswith("ex-edge-label")]
    relations = [e.label for e in EDGES if e.kind == "relation"]
    assert len(labels) >= len(relations) // 2  # where there is room: most of them
    assert set(labels) <= set(relations)
    # Never more than 80, however many relations there are; every edge is still drawn.
    nodes = [_node(f"n{i:03d}") for i in range(120)]
    edges = [Edge(f"n{i:03d}", f"n{i + 1:03d}", "knows", "relation") for i in range(119)]
    root = _parse(_svg(nodes, edges))
    assert 0 < len(root.findall(f".//{SVG}text[@class='ex-edge-label ex-edge-label--relation']"
                                )) <= 80
    assert len(_edges(root)) == 119


def test_labels_are_escaped() -> None:
    nasty = "<script>alert(\"x\")</script> & 'quotes' \"too\""
    nodes = [_node("a", label=nasty), _node("b", label="B & Co")]
    edges = [Edge("a", "b", "<b>owns</b> & runs", "relation")]
    svg = _svg(nodes, edges, title="<Title> & \"more\"", description="<desc>&amp;")
    assert "<script" not in svg
    assert "<b>" not in svg
    assert "&amp;amp;" in svg  # the description's "&amp;" is text, escaped once
    root = _parse(svg)
    texts = [el.text for el in root.iter() if el.text]
    assert nasty in texts
    assert "<Title> & \"more\"" in texts
    assert "<desc>&amp;" in texts
    assert f"{nasty} <b>owns</b> & runs B & Co" in texts
    assert "<b>owns</b> & runs" in texts


def test_hrefs_are_escaped() -> None:
    nodes = [Node("a", "A", "../a/?x=1&y=\"2\"<", "person")]
    svg = _svg(nodes, [])
    assert 'href="../a/?x=1&amp;y=&#34;2&#34;&lt;"' in svg
    assert _parse(svg).find(f".//{SVG}a").attrib["href"] == "../a/?x=1&y=\"2\"<"  # type: ignore[union-attr]


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "java\tscript:x",
    "java\nscript:x", "data:text/html,<script>alert(1)</script>", "DATA:image/svg+xml,x",
    "vbscript:msgbox", "\x01javascript:x",
])
def test_script_and_data_links_are_refused(href: str) -> None:
    nodes = [Node("a", "A", href, "person")]
    with pytest.raises(ValueError, match="link"):
        _svg(nodes, [], positions={"a": (10.0, 10.0)})


def test_output_has_no_blank_line_even_with_multiline_text() -> None:
    nodes = [_node("a", label="First\n\nline\r\n\r\nsecond \u2028 third"),
             _node("b", group="Some\n\nGroup")]
    edges = [Edge("a", "b", "leads\n\n  to", "relation", status="\n\nreported")]
    svg = _svg(nodes, edges, title="A\n\ntitle", description="Line one.\n\nLine two.")
    assert all(line.strip() for line in svg.splitlines())
    assert "\r" not in svg
    assert "\u2028" not in svg
    root = _parse(svg)
    assert root[1].text == "Line one. Line two."
    assert "First line second third" in [el.text for el in root.iter()]
    links = {el.attrib.get("href"): el.attrib["class"] for el in root.iter(f"{SVG}a")}
    assert links == {"../actors/a/": "ex-node ex-node--person",
                       "../actors/b/": "ex-node ex-node--some-group"}
    classes = [el.attrib.get("class", "") for el in root.iter()]
    assert "ex-edge ex-edge--relation ex-edge--reported" in classes


def test_characters_xml_forbids_are_dropped() -> None:
    nodes = [_node("a", label="Bad\x00\x01\x1b\ufffe name"), _node("b")]
    root = _parse(_svg(nodes, []))
    assert "Bad name" in [el.text for el in root.iter()]


def test_long_labels_are_shortened_on_the_drawing_only() -> None:
    long = "The Very Long Name of an Organization That Goes On and On"
    root = _parse(_svg([_node("a", label=long)], []))
    a = root.find(f".//{SVG}a")
    assert a is not None
    title, _, text = list(a)
    assert title.text == long
    lines = [span.text or "" for span in text]
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert long.startswith(" ".join(lines)[:-1])


def test_highlighted_node_is_marked() -> None:
    root = _parse(_svg(highlight="north-korea"))
    current = [a for a in root.iter(f"{SVG}a") if "ex-node--current" in a.attrib["class"]]
    assert len(current) == 1
    assert current[0].attrib["href"] == "../actors/north-korea/"
    assert current[0].attrib["class"] == "ex-node ex-node--state ex-node--current"
    assert current[0].attrib["aria-current"] == "page"
    assert "ex-node--current" not in _svg()
    with pytest.raises(ValueError, match="highlighted"):
        _svg(highlight="nobody")


def test_no_colour_script_or_style_in_the_markup() -> None:
    svg = _svg(highlight="russia")
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb|hsl", svg)
    assert "style" not in svg
    assert "script" not in svg.lower()
    assert set(re.findall(r'(?:fill|stroke)="([^"]*)"', svg)) == {"currentColor"}


def test_edges_to_nodes_not_drawn_are_left_out() -> None:
    nodes = NODES[:2]
    positions = ego_layout(nodes[0].id, nodes)
    root = _parse(_svg(nodes, EDGES, positions=positions))
    assert [g.find(f"{SVG}title").text for g in _edges(root)] == [  # type: ignore[union-attr]
        "Kim Jong Un leads North Korea"]


def test_bad_positions_are_refused() -> None:
    positions = dict(layout(NODES, EDGES))
    del positions["loner"]  # a node without edges needs none: it goes in the bottom row
    _svg(positions=positions)
    del positions["russia"]
    with pytest.raises(ValueError, match="russia"):
        _svg(positions=positions)
    positions["russia"] = (math.nan, 1.0)
    with pytest.raises(ValueError, match="russia"):
        _svg(positions=positions)
    with pytest.raises(ValueError, match="twice"):
        _svg([*NODES, NODES[0]])


def test_numbers_are_formatted_plainly() -> None:
    nodes = [_node("a", label="A"), _node("b", label="B")]
    svg = _svg(nodes, [Edge("a", "b", None, "event")],
               positions={"a": (10.04, 200.05), "b": (300.0, 30.0)}, width=680.5)
    assert re.search(r'viewBox="0 0 680.5 \d+"', svg)
    numbers = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|r)="([^"]*)"', svg)
    assert numbers
    assert all(re.fullmatch(r"-?\d+(\.\d)?", n) and n != "-0" for n in numbers), numbers
    # Node a is moved off the edge just as far as its label needs, not further.
    assert re.search(r'cx="16" cy="[\d.]+" r="6"', svg)  # 8 margin + 8 half a box
    assert 'cx="300"' in svg


# --- stylesheet ---------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_stylesheet_styles_every_class_in_both_schemes() -> None:
    assert NETWORK_CSS.count("{") == NETWORK_CSS.count("}")
    for name in ("ex-network", "ex-edge", "ex-edge--event", "ex-edge--claim", "ex-edge--denies",
                 "ex-edge--disputes", "ex-edge--confirms", "ex-edge-label", "ex-legend",
                 "ex-node", "ex-node-label", "ex-node--current", ":focus-visible"):
        assert name in NETWORK_CSS
    for variable in ("--md-default-fg-color", "--md-default-fg-color--light",
                     "--md-default-bg-color", "--md-accent-fg-color", "--md-typeset-a-color"):
        # Always with a fallback.
        assert re.search(rf"var\({variable}, [^)]+\)", NETWORK_CSS), variable
        assert not re.search(rf"var\({variable}\)", NETWORK_CSS), variable
    assert "width: 100%; height: auto; min-width: 628px" in NETWORK_CSS
    for light, dark in _LINE_COLOURS.values():
        assert _contrast(light, "#ffffff") >= 3.3
        assert _contrast(dark, "#1e2129") >= 3.3
    assert set(_GROUP_FILLS) == set(GROUPS)
    for group, fill in _GROUP_FILLS.items():
        assert f".ex-node--{group} circle {{ fill: {fill}; }}" in NETWORK_CSS
        # Non-text contrast (WCAG 1.4.11) on Material's light and dark (slate) backgrounds.
        assert _contrast(fill, "#ffffff") >= 3, group
        assert _contrast(fill, "#1e2129") >= 3, group


# --- labels: room for every one --------------------------------------------------


def _boxes(root: ET.Element) -> list[tuple[str, float, float, float, float]]:
    """Estimated boxes of every label and dot in a drawing, from its markup."""
    from generator.outputs.labels import ASCENT, DESCENT, LINE_GAP, text_width

    boxes = []
    for a in root.iter(f"{SVG}a"):
        circle, text = a.find(f"{SVG}circle"), a.find(f"{SVG}text")
        assert circle is not None
        assert text is not None
        cx, cy, r = (float(circle.attrib[k]) for k in ("cx", "cy", "r"))
        boxes.append((f"dot {a.attrib['data-id']}", cx - r, cy - r, cx + r, cy + r))
        spans = list(text) or [text]
        bold = "ex-node--current" in a.attrib["class"]
        for span in spans:
            x, y = float(span.attrib["x"]), float(span.attrib["y"])
            half = text_width(span.text or "", 14, bold=bold) / 2
            boxes.append((f"label {span.text}", x - half, y - ASCENT * 14, x + half,
                          y + DESCENT * 14))
        assert LINE_GAP
    for text in root.iter(f"{SVG}text"):
        if text.attrib["class"].startswith("ex-edge-label"):
            x, y = float(text.attrib["x"]), float(text.attrib["y"])
            half = text_width(text.text or "", 13) / 2
            boxes.append((f"edge {text.text}", x - half, y - ASCENT * 13, x + half,
                          y + DESCENT * 13))
    return boxes


def _overlaps(root: ET.Element) -> list[tuple[str, str]]:
    boxes = _boxes(root)
    found = []
    for i, (a, l1, t1, r1, b1) in enumerate(boxes):
        for b, l2, t2, r2, b2 in boxes[i + 1:]:
            if a.startswith("dot") and b.startswith("dot"):
                continue  # dots may not overlap either, but that is the boxes' business
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                found.append((a, b))
    return found


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 45), m=st.integers(0, 90), seed=st.integers(0, 10_000),
       long_names=st.booleans(), ego=st.booleans())
def test_no_label_overlaps_another_label_or_a_dot(n: int, m: int, seed: int, long_names: bool,
                                                  ego: bool) -> None:
    nodes, edges = _graph(n, m, seed) if n > 1 else ([_node("solo")], [])
    if long_names:
        rng = random.Random(seed)
        words = ["Ministry", "of", "Defence", "the", "Russian", "Federation", "Committee",
                 "Народный", "Комиссариат", "北朝鮮", "Ærøskøbing", "Wŏnsan", "International"]
        nodes = [Node(x.id, " ".join(rng.choice(words) for _ in range(rng.randint(1, 9))),
                      x.href, x.group, x.weight) for x in nodes]
    if ego:
        center = nodes[0].id
        edges = [e for e in edges if center in (e.source, e.target)]
        svg = draw(nodes, edges, title="Ego", description="d", center=center)
    else:
        svg = draw(nodes, edges, title="All", description="d")
    root = _parse(svg[svg.index("<svg"):svg.index("</svg>") + 6])
    assert _overlaps(root) == []
    # Every node is drawn, inside the canvas.
    width = float(root.attrib["width"])
    height = float(root.attrib["height"])
    assert len(root.findall(f".//{SVG}a")) == n if n > 1 else 1
    for _, left, top, right, bottom in _boxes(root):
        assert left >= 0
        assert right <= width
        assert top >= 0
        assert bottom <= height


def test_text_width_is_never_below_either_fonts_width() -> None:
    from generator.outputs.labels import text_width, wrap

    # Measured in Chromium: "Sergei Shoigu" is 91.3 px in DejaVu Sans at 14 px, 84.6 in
    # Liberation Sans; accents count as their letter; CJK a full em.
    assert 91.3 <= text_width("Sergei Shoigu", 14) < 100
    assert text_width("Éric", 10) == text_width("Eric", 10)
    assert text_width("北朝鮮", 10) == 30
    assert text_width("Bold", 10, bold=True) > text_width("Bold", 10)
    assert wrap("Ministry of Defence of the Russian Federation", 14, 176) == (
        "Ministry of Defence of", "the Russian Federation")
    assert wrap("Short", 14, 176) == ("Short",)
    cut = wrap("A " * 40, 14, 100)
    assert len(cut) == 2
    assert cut[1].endswith("…")
    assert text_width(cut[1], 14) <= 100


def test_isolated_nodes_get_a_row_of_their_own_under_a_caption() -> None:
    root = _parse(_svg())
    caption = [t for t in root.iter(f"{SVG}text") if t.attrib["class"] == "ex-net-caption"]
    assert [t.text for t in caption] == ["Not linked to any other actor in this drawing:"]
    dots = _centres(root)
    assert dots["loner"][1] > float(caption[0].attrib["y"])
    assert all(y < float(caption[0].attrib["y"]) for i, (_, y, _) in dots.items()
               if i != "loner")


def test_claim_and_response_edges_are_styled_apart_and_say_what_they_are() -> None:
    edges = [*EDGES,
             Edge("kim-jong-un", "russia", "2 claims about", "claim", 2, directed=True),
             Edge("russia", "un-panel", "denies", "response", 1, "denies", True),
             Edge("kcna", "un-panel", "confirms", "response", 1, "confirms", True)]
    root = _parse(_svg(NODES, edges))
    titles = {g.find(f"{SVG}title").text: g for g in _edges(root)}  # type: ignore[union-attr]
    claim = titles["Kim Jong Un made 2 claims about Russia"]
    assert claim.attrib["class"] == "ex-edge ex-edge--claim ex-edge--confirmed"
    assert claim.find(f"{SVG}path") is not None  # an arrow
    denial = titles["Russia denies a claim by UN Panel of Experts"]
    assert denial.attrib["class"] == "ex-edge ex-edge--response ex-edge--denies"
    assert "ex-edge--confirms" in titles["KCNA confirms a claim by UN Panel of Experts"].attrib[
        "class"]
    legend = legend_html(NODES, edges)
    for words in ("Made claims about", "Denied or disputed a claim by", "Confirmed a claim by",
                  "Relation, reported", "Relation, alleged", "Took part in the same events",
                  "Person", "State", "Armed group", "Media", "Government body"):
        assert words in legend, words
    assert "Relation, denied" not in legend  # only what the drawing shows
    assert "This actor" in legend_html(NODES, edges, "russia")


def test_draw_is_one_html_block_with_a_scroll_cue_and_a_legend() -> None:
    html = draw(NODES, EDGES, title="T", description="D")
    assert "\n\n" not in html
    assert html.startswith('<div class="ex-network-figure">')
    assert html.endswith("</div>")
    assert html.index('class="ex-network-cue"') < html.index("<svg") < html.index("ex-legend")
    assert draw(NODES, EDGES, title="T", description="D") == html
    ego = draw(NODES[:4], EDGES, title="T", description="D", center="north-korea")
    assert 'aria-current="page"' in ego
