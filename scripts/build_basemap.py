"""Derive the offline East Asia basemap (data/basemap/east_asia_50m.json).

The dashboard runs on a network without internet access, so plotly's built-in
geo layers (which download topojson at render time) cannot be used.  This
script turns Natural Earth 1:50m geometry, as redistributed in the npm package
``world-atlas`` version 2.0.2, into a small JSON file that the runtime module
``launchwatch/basemap.py`` draws as ordinary traces.

Getting the source package (any machine with access to the npm registry)::

    npm pack world-atlas@2.0.2          # writes world-atlas-2.0.2.tgz
    tar xzf world-atlas-2.0.2.tgz       # unpacks into ./package

Regenerating the data (shapely is needed here only, never at runtime)::

    pip install shapely==2.2.0
    python scripts/build_basemap.py path/to/package

Only ``countries-50m.json`` is read: its ``countries`` and ``land`` objects
share one set of arcs, so coastlines, land-fill edges and borders meet
exactly.  The separate ``land-50m.json`` has its own arcs, which would not line
up with the country borders, and is therefore not used.

The TopoJSON decoding (quantised, delta-encoded arcs; negative arc indices
meaning "reversed") is implemented below from the TopoJSON format description.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.ops import linemerge

SOURCE_FILE = "countries-50m.json"
SOURCE_DESCRIPTION = "Natural Earth 1:50m via world-atlas 2.0.2, public domain"

# lon_min, lat_min, lon_max, lat_max: Korean peninsula, Japan, East Sea,
# Yellow Sea, north-east China and the Russian Far East.
BBOX = (112.0, 22.0, 150.0, 54.0)

# Douglas-Peucker tolerance in degrees.  At the dashboard's default 1280x800
# view (about 28 degrees of longitude) one pixel is ~0.022 degrees, so this
# only removes vertices nobody could see.  Natural Earth 50m is already sparse
# (roughly one vertex per 10 km), so the file stays small without going
# coarser than this.
SIMPLIFY_TOLERANCE_DEG = 0.01

# Output precision: 3 decimals is ~100 m, finer than the 50m source itself.
DECIMALS = 3

# Our own, deliberately generous outline of the East Sea (Sea of Japan).  The
# vertices are an approximate construction of this project, not an official
# limit: most of them sit on land (inland Korea, Primorye, along the spine of
# Honshu, Hokkaido and Sakhalin) so that subtracting the land yields the sea's
# coastline automatically.  The only water crossings are the intended limits:
#   * Korea Strait, from just south of Geoje (34.6 N) to the western tip of
#     Honshu near Shimonoseki (34.05 N); this cuts across Tsushima and keeps
#     the Kanmon strait, the Genkai Sea south of it and the Yellow Sea out;
#   * the western mouth of the Tsugaru strait (Tappi to Cape Shirakami);
#   * La Perouse / Soya strait (Cape Soya to Cape Crillon);
#   * the Tatar Strait along 50 N.
# Listed clockwise starting in the Korea Strait, as (lon, lat).
EAST_SEA_OUTLINE = [
    (128.60, 34.60),  # sea just south of Geoje: south-west corner
    (128.75, 35.30),  # Gimhae, inland of Busan
    (128.60, 36.50),  # near Andong
    (128.00, 38.00),  # Taebaek mountains, inland of Gangneung/Sokcho
    (127.00, 39.20),  # inland of Wonsan
    (127.20, 40.00),  # inland of Hamhung
    (128.50, 40.90),  # inland of Kimchaek
    (129.30, 42.00),  # inland of Chongjin
    (130.60, 42.70),  # near Hunchun, above the Tumen mouth
    (132.00, 43.60),  # near Ussuriysk, behind Vladivostok
    (133.50, 43.50),  # inland of Nakhodka
    (135.50, 45.00),  # Sikhote-Alin
    (137.50, 47.00),  # Sikhote-Alin
    (139.00, 49.00),  # inland of Sovetskaya Gavan
    (139.50, 50.00),  # mainland end of the 50 N Tatar Strait limit
    (142.50, 50.00),  # Sakhalin end of the 50 N limit
    (142.30, 49.00),  # Sakhalin spine
    (142.50, 47.50),  # Sakhalin spine
    (142.05, 46.20),  # Crillon peninsula, Sakhalin
    (141.90, 45.30),  # north Hokkaido, inland of Cape Soya
    (142.20, 44.00),  # Hokkaido, inland of Rumoi
    (141.60, 43.00),  # Ishikari lowland (Chitose/Ebetsu)
    (140.90, 42.90),  # Niseko/Kyogoku
    (140.20, 42.60),  # Kuromatsunai isthmus
    (140.35, 41.95),  # Oshima peninsula, west of Volcano Bay
    (140.25, 41.60),  # Oshima peninsula, north of Cape Shirakami
    (140.45, 41.10),  # Tsugaru peninsula, Honshu
    (140.45, 40.70),  # near Goshogawara
    (140.50, 39.00),  # near Yokote
    (139.50, 37.50),  # Aizu basin
    (138.50, 36.50),  # Nagano/Gunma
    (137.50, 36.00),  # Hida mountains
    (136.50, 35.50),  # Gifu
    (135.50, 35.20),  # Kyoto prefecture, inland of Wakasa Bay
    (135.00, 35.10),  # inland Hyogo
    (134.00, 35.10),  # near Tsuyama
    (133.00, 35.00),  # Chugoku mountains
    (132.00, 34.45),  # Chugoku mountains
    (131.00, 34.05),  # western tip of Honshu, north of the Kanmon strait
]

# Pieces of "polygon minus land" this small (square degrees) are bays cut off
# by outline edges that cross land, not part of the open sea.
MIN_SEA_FRAGMENT_AREA = 0.05


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Return every arc as an (n, 2) array of absolute lon/lat."""
    transform = topology.get("transform")
    decoded = []
    for raw_arc in topology["arcs"]:
        positions = np.asarray(raw_arc, dtype=float)[:, :2]
        if transform is not None:
            # Quantised topologies store the first position as an integer
            # grid coordinate and every later one as a delta from the
            # previous, so a running sum restores the grid coordinates.
            positions = np.cumsum(positions, axis=0)
            positions = positions * transform["scale"] + transform["translate"]
        decoded.append(positions)
    return decoded


def arc_index_and_direction(reference: int) -> tuple[int, bool]:
    """TopoJSON encodes "arc i walked backwards" as the one's complement ~i."""
    if reference < 0:
        return ~reference, True
    return reference, False


def stitch_ring(references: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    pieces = []
    for position, reference in enumerate(references):
        index, reversed_ = arc_index_and_direction(reference)
        coords = arcs[index][::-1] if reversed_ else arcs[index]
        # Consecutive arcs share their joining vertex; keep it once.
        pieces.append(coords if position == 0 else coords[1:])
    return np.concatenate(pieces)


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """Arc-reference rings of each polygon, whatever the geometry type."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def simplify_arc(coords: np.ndarray, tolerance: float) -> np.ndarray:
    if len(coords) <= 2:
        return coords
    closed = np.array_equal(coords[0], coords[-1])
    if closed:
        # Douglas-Peucker keeps the end points; on a closed arc (a whole
        # island) both ends are the same vertex, and the island could shrink
        # to a line.  Splitting at the vertex farthest from the start keeps
        # at least a triangle.
        far = int(np.argmax(np.hypot(*(coords - coords[0]).T)))
        if far == 0:
            return coords
        first = simplify_arc(coords[: far + 1], tolerance)
        second = simplify_arc(coords[far:], tolerance)
        return np.concatenate([first, second[1:]])
    simplified = shapely.simplify(LineString(coords), tolerance, preserve_topology=False)
    return np.asarray(simplified.coords)


def arc_bounds_intersect(coords: np.ndarray, bounds: tuple[float, float, float, float]) -> bool:
    lon_min, lat_min, lon_max, lat_max = bounds
    return not (
        coords[:, 0].max() < lon_min
        or coords[:, 0].min() > lon_max
        or coords[:, 1].max() < lat_min
        or coords[:, 1].min() > lat_max
    )


def polygon_from_rings(rings: list[np.ndarray]):
    polygon = Polygon(rings[0], rings[1:])
    if not polygon.is_valid:
        # Independent simplification of neighbouring arcs can, rarely,
        # make a ring touch itself; make_valid repairs that without
        # discarding area.
        polygon = shapely.make_valid(polygon)
    return polygon


def polygon_parts(geometry) -> list[Polygon]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    # GeometryCollection from make_valid/intersection: keep areas only.
    return [part for g in getattr(geometry, "geoms", []) for part in polygon_parts(g)]


def line_parts(geometry) -> list[LineString]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, LineString):
        return [geometry]
    return [part for g in getattr(geometry, "geoms", []) for part in line_parts(g)]


def rounded(coords) -> list[list[float]]:
    """Round to the output precision, dropping vertices that become repeats."""
    out: list[list[float]] = []
    for lon, lat in np.asarray(coords)[:, :2]:
        point = [round(float(lon), DECIMALS), round(float(lat), DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def polygon_to_json(polygon: Polygon) -> list[list[list[float]]] | None:
    rings = [rounded(polygon.exterior.coords)]
    rings += [rounded(interior.coords) for interior in polygon.interiors]
    # A closed ring needs at least three distinct vertices plus the repeat.
    rings = [ring for ring in rings if len(ring) >= 4]
    if not rings or len(rings[0]) < 4:
        return None
    return rings


def lines_to_json(lines: list[LineString]) -> list[list[list[float]]]:
    if not lines:
        return []
    merged = line_parts(linemerge(lines))
    result = []
    for line in merged:
        coords = rounded(line.coords)
        if len(coords) >= 2:
            result.append(coords)
    return result


# --------------------------------------------------------------------------
# Building the basemap
# --------------------------------------------------------------------------


def build(topology: dict) -> dict:
    region = box(*BBOX)
    raw_arcs = decode_arcs(topology)

    # Arcs far outside the region cannot influence the clipped output, so
    # they are kept as-is; simplifying only nearby ones keeps the run quick.
    near_region = (BBOX[0] - 5, BBOX[1] - 5, BBOX[2] + 5, BBOX[3] + 5)
    arcs = [simplify_arc(a, SIMPLIFY_TOLERANCE_DEG) if arc_bounds_intersect(a, near_region) else a for a in raw_arcs]

    # Which countries use each arc decides what it is: used by one country it
    # is a coastline, shared by two it is a land border.
    countries_using_arc: dict[int, set[str]] = {}
    for country in topology["objects"]["countries"]["geometries"]:
        name = country.get("properties", {}).get("name", country.get("id"))
        for polygon in polygons_of(country):
            for ring in polygon:
                for reference in ring:
                    index, _ = arc_index_and_direction(reference)
                    countries_using_arc.setdefault(index, set()).add(name)

    coastline_lines, border_lines = [], []
    border_pairs: set[tuple[str, ...]] = set()
    for index, names in countries_using_arc.items():
        if not arc_bounds_intersect(arcs[index], BBOX):
            continue
        clipped = line_parts(LineString(arcs[index]).intersection(region))
        if not clipped:
            continue
        if len(names) == 1:
            coastline_lines.extend(clipped)
        else:
            border_lines.extend(clipped)
            border_pairs.add(tuple(sorted(names)))

    # The land object is the union of all countries, already merged by
    # world-atlas into rings of the same (coastline) arcs.
    land_parts: list[Polygon] = []
    for land_geometry in topology["objects"]["land"]["geometries"]:
        for polygon_refs in polygons_of(land_geometry):
            rings = [stitch_ring(ring, arcs) for ring in polygon_refs]
            if not arc_bounds_intersect(rings[0], BBOX):
                continue
            polygon = polygon_from_rings(rings)
            land_parts.extend(polygon_parts(polygon.intersection(region)))

    land_union = shapely.union_all(land_parts)
    east_sea_outline = Polygon(EAST_SEA_OUTLINE)
    assert east_sea_outline.is_valid, "East Sea outline must not self-intersect"
    sea_pieces = polygon_parts(east_sea_outline.difference(land_union))
    kept_sea = [p for p in sea_pieces if p.area >= MIN_SEA_FRAGMENT_AREA]
    dropped_sea = [p for p in sea_pieces if p.area < MIN_SEA_FRAGMENT_AREA]

    land_json = [j for j in (polygon_to_json(p) for p in land_parts) if j]
    sea_json = [j for j in (polygon_to_json(p) for p in kept_sea) if j]

    return {
        "meta": {
            "source": SOURCE_DESCRIPTION,
            "source_file": SOURCE_FILE,
            "bbox": {"lon_min": BBOX[0], "lat_min": BBOX[1], "lon_max": BBOX[2], "lat_max": BBOX[3]},
            "generated_by": "scripts/build_basemap.py",
            "coordinate_order": "[lon, lat], degrees, WGS84",
            "derivation": [
                "TopoJSON arcs decoded (quantised, delta-encoded) by the generating script",
                f"each arc simplified with Douglas-Peucker, tolerance {SIMPLIFY_TOLERANCE_DEG} deg "
                "(closed arcs split in two first so islands keep their shape)",
                "land: the 'land' object (union of all countries), clipped to bbox",
                "coastlines: arcs used by exactly one country, clipped to bbox, merged into polylines",
                "borders: arcs shared by two countries, clipped to bbox, merged into polylines",
                "east_sea: the project's own approximate outline (see data/basemap/README.md) "
                f"minus land; water fragments under {MIN_SEA_FRAGMENT_AREA} sq deg dropped",
                f"coordinates rounded to {DECIMALS} decimals",
            ],
            "border_country_pairs": sorted("|".join(pair) for pair in border_pairs),
            "east_sea_outline": [list(v) for v in EAST_SEA_OUTLINE],
            "east_sea_fragments_dropped": len(dropped_sea),
        },
        "land": land_json,
        "coastlines": lines_to_json(coastline_lines),
        "borders": lines_to_json(border_lines),
        "east_sea": sea_json,
    }


def count_points(items, depth: int) -> int:
    """Count [lon, lat] pairs in a nested list `depth` levels above them."""
    if depth == 0:
        return len(items)
    return sum(count_points(item, depth - 1) for item in items)


def main(argv: list[str] | None = None) -> int:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="unpacked world-atlas 2.0.2 package folder")
    parser.add_argument(
        "--out",
        type=Path,
        default=repo_root / "data" / "basemap" / "east_asia_50m.json",
        help="output JSON path (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    source = args.package_dir / SOURCE_FILE
    if not source.is_file():
        parser.error(f"{source} not found: pass the folder unpacked from world-atlas-2.0.2.tgz")
    topology = json.loads(source.read_text(encoding="utf-8"))

    basemap = build(topology)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Compact separators: the file is data, and whitespace would double it.
    text = json.dumps(basemap, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")

    print(f"wrote {args.out} ({len(text) / 1024:.1f} KiB)")
    print(f"  land:       {len(basemap['land'])} polygons, {count_points(basemap['land'], 2)} points")
    print(f"  coastlines: {len(basemap['coastlines'])} lines, {count_points(basemap['coastlines'], 1)} points")
    print(f"  borders:    {len(basemap['borders'])} lines, {count_points(basemap['borders'], 1)} points")
    print(
        f"  east_sea:   {len(basemap['east_sea'])} polygons, {count_points(basemap['east_sea'], 2)} points, "
        f"{basemap['meta']['east_sea_fragments_dropped']} small fragments dropped"
    )
    print("  border pairs: " + "; ".join(basemap["meta"]["border_country_pairs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
