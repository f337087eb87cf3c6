"""Pictures drawn as SVG on the server: a world map with countries marked, and bar charts.

They need no script, pass the page's Content-Security-Policy (presentation attributes such as
`fill=`, never `style=`) and print, in the pages and in the outcome report alike. Each picture
is an `<svg role="img">` named by its `<title>` and `<desc>`; the page puts a table of the same
figures beside it. Colours are the Okabe–Ito palette, which colour-blind readers tell apart, and
what a colour means is also said by a hatching, a label or a legend.

The map's shapes are Natural Earth's, from the npm package `world-atlas` (TopoJSON, ISC licence)
in `settings.WORLD_ATLAS_DIR`: decoded and projected (Equal Earth) here, the drawn base map cached.
This module knows nothing of workshops or recommendations: callers pass plain values.
"""

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#767676",
}
INK = "#212529"
LAND = "#E9ECEF"
BORDER = "#ADB5BD"
FONT = "Noto Sans, system-ui, sans-serif"

MAP_WIDTH = 960
SHAPES = "countries-110m.json"  # what the map draws
# Small countries (Singapore, Hong Kong, the Maldives) are missing at 1:110m: a marked one
# is shown as a dot where the more detailed 1:50m shapes place it.
DETAILED_SHAPES = "countries-50m.json"
LEFT_OUT = {"AQ"}  # Antarctica: half the map's height for no country of the network
SMALLEST_DRAWN = 6.0  # a marked country narrower and lower than this (map units) gets a dot too


@dataclass(frozen=True)
class MapKey:
    """What a marked country is on a map (say, "hosted a workshop"), and how it is drawn."""

    key: str
    label: str
    fill: str
    hatched: bool = False


@dataclass(frozen=True)
class Bar:
    value: int | None
    label: str  # what the value is, after the number: "47 recorded"
    fill: str
    hatched: bool = False
    key: str = ""


@dataclass(frozen=True)
class BarGroup:
    label: str
    bars: list[Bar] = field(default_factory=list)
    key: str = ""


# --- TopoJSON and the projection -------------------------------------------------------------


def _decoded_arcs(topology):
    """Each arc's points in longitude and latitude (the file stores them quantized, as deltas)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arc_indexes, arcs):
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _clip(ring, boundary, keep_west):
    """The part of `ring` west (or east) of the meridian `boundary` (Sutherland–Hodgman)."""

    def inside(point):
        return point[0] <= boundary if keep_west else point[0] >= boundary

    clipped = []
    for current, following in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(current):
            clipped.append(current)
        if inside(current) != inside(following):
            share = (boundary - current[0]) / (following[0] - current[0])
            clipped.append((boundary, current[1] + share * (following[1] - current[1])))
    return clipped


def _split_at_antimeridian(ring):
    """A ring that crosses the 180th meridian (Russia's Chukotka, Fiji) as the rings either side
    of it; drawn as one, it would run across the whole map."""
    if all(abs(a[0] - b[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)):
        return [ring]
    unwrapped = [ring[0]]
    for longitude, latitude in ring[1:]:
        previous = unwrapped[-1][0]
        longitude += 360 * round((previous - longitude) / 360)
        unwrapped.append((longitude, latitude))
    boundary = 180 if max(p[0] for p in unwrapped) > 180 else -180
    west = _clip(unwrapped, boundary, keep_west=True)
    east = _clip(unwrapped, boundary, keep_west=False)
    shift = -360 if boundary == 180 else 360
    parts = [west, east] if boundary == 180 else [east, west]
    parts[1] = [(longitude + shift, latitude) for longitude, latitude in parts[1]]
    return [part for part in parts if len(part) >= 3]


def _split_polygon(rings):
    """A polygon whose outer ring crosses the antimeridian, as one polygon either side of it
    (no ring that crosses it in the 1:110m and 1:50m shapes has a hole)."""
    outer, *holes = rings
    parts = _split_at_antimeridian(outer)
    if len(parts) == 1:
        return [rings]
    return [[part] for part in parts]


def topology_countries(topology):
    """{ISO alpha-2 code (or "" where the file has no ISO number): [polygons]} of a world-atlas
    file, each polygon a list of rings of (longitude, latitude)."""
    arcs = _decoded_arcs(topology)
    shapes = {}
    for number, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        # Northern Cyprus, Somaliland and Kosovo have no ISO 3166 number in Natural Earth.
        code = countries.alpha2(geometry["id"]) if geometry.get("id") else ""
        key = code or f"unnumbered-{number}"
        shapes[key] = [
            part
            for polygon in polygons
            for part in _split_polygon([_ring(ring, arcs) for ring in polygon])
        ]
    return shapes


def equal_earth(longitude, latitude):
    """Šavrič, Patterson and Jenny's Equal Earth projection (2018), unit sphere: x in ±2.71."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    theta = math.asin(m * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        math.radians(longitude)
        * math.cos(theta)
        / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    )
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


EDGE_X = equal_earth(180, 0)[0]
MAP_SCALE = MAP_WIDTH / (2 * EDGE_X)


def _to_map(longitude, latitude):
    x, y = equal_earth(longitude, latitude)
    return (x + EDGE_X) * MAP_SCALE, (equal_earth(0, 90)[1] - y) * MAP_SCALE


@dataclass(frozen=True)
class CountryShape:
    path: str  # the SVG path's `d`
    box: tuple  # (left, top, right, bottom) in map units
    centre: tuple  # of its largest polygon's box


def _number(value):
    """0.1 precision in the fewest characters: 12.0 -> "12", -0.5 -> "-.5"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    text = text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text
    return "0" if text in ("", "-0", "-") else text


def _ring_path(points):
    """A closed ring: its first point, then each step from the one before ("m" is relative),
    which takes half the characters of absolute coordinates."""
    (x, y), *rest = points
    steps = [f"{_number(x)},{_number(y)}"]
    for next_x, next_y in rest:
        steps.append(f"{_number(next_x - x)},{_number(next_y - y)}")
        x, y = next_x, next_y
    return "M" + " ".join(steps[:1]) + "l" + " ".join(steps[1:]) + "Z"


def _shape(polygons):
    commands = []
    boxes = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for longitude, latitude in ring:
                point = tuple(round(value, 1) for value in _to_map(longitude, latitude))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            commands.append(_ring_path(points))
            xs, ys = [x for x, _ in points], [y for _, y in points]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        return None
    largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return CountryShape(
        path="".join(commands),
        box=box,
        centre=((largest[0] + largest[2]) / 2, (largest[1] + largest[3]) / 2),
    )


@lru_cache(maxsize=4)
def drawn_countries(file_name=SHAPES, atlas_dir=None):
    """{code: CountryShape} of a world-atlas file, projected: read and drawn once per process."""
    path = Path(atlas_dir or settings.WORLD_ATLAS_DIR) / file_name
    if not path.exists():
        raise ImproperlyConfigured(f"{path} is missing: run `npm ci` (package world-atlas).")
    topology = json.loads(path.read_text())
    drawn = {}
    for code, polygons in topology_countries(topology).items():
        if code in LEFT_OUT:
            continue
        shape = _shape(polygons)
        if shape is not None:
            drawn[code] = shape
    return drawn


# --- SVG -------------------------------------------------------------------------------------


def _attributes(**attributes):
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _hatch_pattern(pattern_id, colour):
    """Diagonal stripes of `colour` on white: a second cue beside the colour itself."""
    return (
        f'<pattern id="{escape(pattern_id)}" patternUnits="userSpaceOnUse" width="8" height="8"'
        ' patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#FFFFFF"/>'
        f'<rect width="4" height="8" fill="{escape(colour)}"/></pattern>'
    )


def _fill(colour, hatched, chart_id, patterns):
    if not hatched:
        return colour
    pattern_id = f"{chart_id}-hatch-{colour.lstrip('#').lower()}"
    patterns.setdefault(pattern_id, _hatch_pattern(pattern_id, colour))
    return f"url(#{pattern_id})"


def _svg(*, chart_id, title, description, view_box, body, patterns, css_class):
    defs = f"<defs>{''.join(patterns.values())}</defs>" if patterns else ""
    chart_id = escape(chart_id)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" id="{chart_id}"'
        f' viewBox="{view_box}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' font-family="{FONT}" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{defs}{body}</svg>"
    )


def _view_box(boxes, *, margin=0.12, min_width=MAP_WIDTH * 0.28, aspect=(1.3, 2.2)):
    """A box around `boxes`, with a margin, at least `min_width` wide, and neither too tall
    nor too flat for a page (a crop around Chile alone would be a strip)."""
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    width, height = right - left, bottom - top
    width, height = width * (1 + 2 * margin), height * (1 + 2 * margin)
    width = max(width, min_width)
    width = max(width, height * aspect[0])
    height = max(height, width / aspect[1])
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    return centre_x - width / 2, centre_y - height / 2, width, height


def world_map(*, marked, keys, chart_id, title, description, fit=False, atlas_dir=None):
    """A world map (SVG) with each country of `marked` ({alpha-2 code: MapKey.key}) filled as
    its key says, and under it the legend of `keys` (`map_legend`). `fit` crops the map
    around the marked countries.

    Each marked country carries `data-country="<code>"` and its name as a tooltip. One that is
    too small to see (or missing from the shapes) is also marked with a dot.
    """
    shapes = drawn_countries(SHAPES, atlas_dir)
    keys_by_name = {key.key: key for key in keys}
    patterns = {}
    body = []
    dots = []
    boxes = []
    for code in sorted(marked, key=lambda c: countries.name(c)):
        key = keys_by_name[marked[code]]
        fill = _fill(key.fill, key.hatched, chart_id, patterns)
        shape = shapes.get(code)
        name = escape(countries.name(code) or code)
        attrs = _attributes(data_country=code, data_key=key.key, class_="map-country")
        if shape is not None:
            body.append(
                f'<path d="{shape.path}" fill="{fill}" stroke="{INK}" stroke-width="0.6"{attrs}>'
                f"<title>{name}: {escape(key.label)}</title></path>"
            )
            boxes.append(shape.box)
        small = shape is None or (
            shape.box[2] - shape.box[0] < SMALLEST_DRAWN
            and shape.box[3] - shape.box[1] < SMALLEST_DRAWN
        )
        if small:
            detailed = shape or drawn_countries(DETAILED_SHAPES, atlas_dir).get(code)
            if detailed is None:
                continue  # no shape anywhere (Kosovo): the table beside the map names it
            x, y = detailed.centre
            dots.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{key.fill}" stroke="{INK}"'
                f' stroke-width="1"{attrs if shape is None else ""}>'
                f"<title>{name}: {escape(key.label)}</title></circle>"
            )
            boxes.append((x - 4, y - 4, x + 4, y + 4))
    body.extend(dots)
    if fit and boxes:
        left, top, width, height = _view_box(boxes)
    else:
        all_boxes = [shape.box for shape in shapes.values()]
        left, top = min(b[0] for b in all_boxes), min(b[1] for b in all_boxes)
        width = max(b[2] for b in all_boxes) - left
        height = max(b[3] for b in all_boxes) - top
    # The other countries, under the marked ones: only those in sight (a cropped map is smaller).
    unmarked = "".join(
        shape.path
        for code, shape in shapes.items()
        if code not in marked
        and shape.box[0] < left + width
        and shape.box[2] > left
        and shape.box[1] < top + height
        and shape.box[3] > top
    )
    body.insert(0, f'<path d="{unmarked}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.5"/>')
    svg = _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        view_box=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
        body="".join(body),
        patterns=patterns,
        css_class="chart chart-map",
    )
    return mark_safe(svg + map_legend(keys, chart_id=chart_id))


def map_legend(keys, *, chart_id):
    """The keys of a map, as a list under it: text of the page's own size, where a legend
    drawn in the map would shrink with it (to 6 px on a phone). Each key's swatch is drawn
    as the map draws it, hatched where the map hatches."""
    items = []
    for key in keys:
        patterns = {}
        fill = _fill(key.fill, key.hatched, f"{chart_id}-key", patterns)
        defs = f"<defs>{''.join(patterns.values())}</defs>" if patterns else ""
        items.append(
            '<li><svg class="map-key" xmlns="http://www.w3.org/2000/svg" width="24" height="15"'
            ' viewBox="0 0 24 15" aria-hidden="true" focusable="false">'
            f'{defs}<rect x="0.5" y="0.5" width="23" height="14" fill="{fill}" stroke="{INK}"/>'
            f"</svg>{escape(key.label)}</li>"
        )
    return f'<ul class="map-legend" id="{escape(chart_id)}-legend">{"".join(items)}</ul>'


BAR_CHART_WIDTH = 360
BAR_FONT = 13
BAR_HEIGHT = 16
VALUE_ROOM = 150  # right of the longest bar, for "1,234 recorded"


def _short(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def bar_chart_svg(*, groups, chart_id, title, description):
    """Horizontal bars in groups, each group's label above its bars and each bar's value and
    label after it ("47 recorded"); a value of None is said ("not recorded"), not drawn.

    Each group carries `data-group`, each bar `data-key` and `data-value`.
    """
    values = [bar.value for group in groups for bar in group.bars if bar.value is not None]
    largest = max(values, default=0) or 1
    longest_bar = BAR_CHART_WIDTH - VALUE_ROOM
    label_length = int(BAR_CHART_WIDTH / (BAR_FONT * 0.55))
    patterns = {}
    body = []
    y = 0
    for group in groups:
        body.append(f"<g{_attributes(data_group=group.key or group.label, class_='chart-group')}>")
        y += BAR_FONT + 2
        shown = escape(_short(group.label, label_length))
        body.append(
            f'<text x="0" y="{y}" font-size="{BAR_FONT}" font-weight="bold" fill="{INK}">'
            f"<title>{escape(group.label)}</title>{shown}</text>"
        )
        y += 5
        for bar in group.bars:
            attrs = _attributes(data_key=bar.key or None, data_value=bar.value, class_="chart-bar")
            text_y = y + BAR_HEIGHT - 4
            if bar.value is None:
                body.append(
                    f'<text x="0" y="{text_y}" font-size="{BAR_FONT}" fill="{INK}"{attrs}>'
                    f"{escape(bar.label)}: not recorded</text>"
                )
            else:
                width = bar.value / largest * longest_bar
                fill = _fill(bar.fill, bar.hatched, chart_id, patterns)
                body.append(
                    f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}"'
                    f' fill="{fill}" stroke="{INK}" stroke-width="0.75"{attrs}/>'
                    f'<text x="{width + 6:.1f}" y="{text_y}" font-size="{BAR_FONT}" fill="{INK}">'
                    f"{bar.value:,} {escape(bar.label)}</text>"
                )
            y += BAR_HEIGHT + 4
        body.append("</g>")
        y += 6
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        view_box=f"0 0 {BAR_CHART_WIDTH} {max(y, 1)}",
        body="".join(body),
        patterns=patterns,
        css_class="chart chart-bars",
    )
