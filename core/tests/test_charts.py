"""The SVG pictures: the TopoJSON decoding, the projection and what the SVG says."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from core.charts import (
    OKABE_ITO,
    Bar,
    BarGroup,
    MapKey,
    bar_chart_svg,
    drawn_countries,
    equal_earth,
    topology_countries,
    world_map,
)
from core.tests.svg import SVG, bar_values, marked_countries, pictures_in, text_alternative

HOST = MapKey("host", "Hosted", OKABE_ITO["vermillion"], hatched=True)
GUEST = MapKey("guest", "Took part", OKABE_ITO["blue"])

# A SYNTHETIC topology: two countries sharing one arc, quantized and delta-encoded as
# world-atlas stores them (Cambodia and Thailand by their ISO numbers, shapes made up).
SYNTHETIC_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [100, 10]},
    "arcs": [
        [[0, 0], [0, 4]],  # the shared border: (100, 10) -> (100, 11)
        [[0, 4], [2, 0], [0, -4], [-2, 0]],  # east of it: (100, 11) (101, 11) (101, 10) (100, 10)
        [[0, 0], [-2, 0], [0, 4], [2, 0]],  # west of it: (100, 10) (99, 10) (99, 11) (100, 11)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "116"},
                {"type": "MultiPolygon", "arcs": [[[~0, 2]]], "id": "764"},
                {"type": "Polygon", "arcs": [[0, 2]], "properties": {"name": "No ISO number"}},
            ],
        }
    },
}


def test_topology_countries_decodes_quantized_arcs_keyed_by_alpha_2():
    shapes = topology_countries(SYNTHETIC_TOPOLOGY)
    assert shapes["KH"] == [[[(100, 10), (100, 11), (101, 11), (101, 10), (100, 10)]]]
    # ~0 is the shared arc backwards: Thailand's ring starts at its far end.
    assert shapes["TH"] == [[[(100, 11), (100, 10), (99, 10), (99, 11), (100, 11)]]]
    assert [key for key in shapes if key.startswith("unnumbered")] == ["unnumbered-2"]


def test_equal_earth_is_centred_and_as_wide_as_the_published_projection():
    assert equal_earth(0, 0) == (0, 0)
    x, _ = equal_earth(180, 0)
    _, y = equal_earth(0, 90)
    # Šavrič et al. 2018: the map reaches 2.7066 either side of the centre and 1.3174 above it.
    assert x == pytest.approx(2.7066, abs=1e-4)
    assert y == pytest.approx(1.3174, abs=1e-4)


def test_drawn_map_has_no_ring_running_across_the_antimeridian():
    shapes = drawn_countries()
    for code in ("RU", "FJ", "US"):
        for ring in shapes[code].path.split("Z")[:-1]:
            start, steps = ring.lstrip("M").split("l")
            x = float(start.split(",")[0])
            xs = [x]
            for step in steps.split():
                x += float(step.split(",")[0])
                xs.append(x)
            # A ring jumping from one edge of the map to the other would span it all.
            assert max(xs) - min(xs) < 900, code


def test_the_shapes_come_from_the_projects_node_modules():
    assert (settings.WORLD_ATLAS_DIR / "countries-110m.json").exists(), (
        "world-atlas is missing: run `npm ci`"
    )


def test_world_map_is_well_formed_with_its_title_and_description():
    svg = world_map(
        marked={"KH": "host", "TH": "guest"},
        keys=[HOST, GUEST],
        chart_id="synthetic-map",
        title="Synthetic map <of> countries",
        description="Cambodia & Thailand.",
    )
    picture = pictures_in(svg)["synthetic-map"]
    assert picture.get("role") == "img"
    assert text_alternative(picture) == "Synthetic map <of> countries Cambodia & Thailand."
    assert marked_countries(picture) == {"KH": "host", "TH": "guest"}
    assert "style=" not in svg and "<script" not in svg


def test_world_map_marks_a_country_too_small_for_its_shapes_with_a_dot():
    svg = world_map(marked={"SG": "guest"}, keys=[GUEST], chart_id="m", title="t", description="d")
    picture = pictures_in(svg)["m"]
    (dot,) = [e for e in picture.iter(f"{SVG}circle") if e.get("data-country")]
    assert dot.get("data-country") == "SG"
    assert "Singapore" in "".join(dot.itertext())


def test_world_map_fitted_to_its_countries_is_cropped_around_them():
    whole = pictures_in(
        world_map(marked={"KH": "host"}, keys=[HOST], chart_id="m", title="t", description="d")
    )["m"]
    fitted = pictures_in(
        world_map(
            marked={"KH": "host"}, keys=[HOST], chart_id="m", title="t", description="d", fit=True
        )
    )["m"]
    whole_width = float(whole.get("viewBox").split()[2])
    fitted_left, _, fitted_width, _ = map(float, fitted.get("viewBox").split())
    cambodia = drawn_countries()["KH"].box
    assert fitted_width < whole_width / 2
    # Countries out of sight are left out of a cropped map.
    assert len(ET.tostring(fitted)) < len(ET.tostring(whole)) / 2
    assert fitted_left < cambodia[0] and cambodia[2] < fitted_left + fitted_width


def test_world_map_hatches_what_its_key_says_and_names_it_in_the_legend_under_it():
    html = world_map(
        marked={"KH": "host"}, keys=[HOST, GUEST], chart_id="m", title="t", description="d"
    )
    picture = pictures_in(html)["m"]
    assert [p.get("id") for p in picture.iter(f"{SVG}pattern")] == ["m-hatch-d55e00"]
    # The legend is the page's own text after the map, not drawn in it (where it would shrink
    # with the map on a phone); each swatch is drawn as the map draws its key.
    assert not list(picture.iter(f"{SVG}text"))
    legend = ET.fromstring(html[html.index("</svg>") + len("</svg>") :])
    assert legend.tag == "ul" and legend.get("class") == "map-legend"
    assert ["".join(item.itertext()) for item in legend] == ["Hosted", "Took part"]
    host_swatch, guest_swatch = (item.find(f"{SVG}svg") for item in legend)
    assert host_swatch.get("aria-hidden") == "true"
    assert [p.get("id") for p in host_swatch.iter(f"{SVG}pattern")] == ["m-key-hatch-d55e00"]
    assert host_swatch.find(f"{SVG}rect").get("fill") == "url(#m-key-hatch-d55e00)"
    assert guest_swatch.find(f"{SVG}rect").get("fill") == GUEST.fill


def test_bar_chart_bars_are_as_long_as_their_values_and_a_missing_value_is_said():
    svg = bar_chart_svg(
        groups=[
            BarGroup(
                "Participants",
                [
                    Bar(40, "recorded", "#E69F00", True, "recorded"),
                    Bar(10, "counted", "#0072B2", key="counted"),
                ],
            ),  # fmt: skip
            BarGroup("Countries", [Bar(None, "recorded", "#E69F00", key="recorded")]),
        ],
        chart_id="bars",
        title="Synthetic figures",
        description="Synthetic description.",
    )
    picture = pictures_in(svg)["bars"]
    assert bar_values(picture) == {
        "Participants": {"recorded": 40, "counted": 10},
        "Countries": {"recorded": None},
    }
    widths = [float(r.get("width")) for r in picture.iter(f"{SVG}rect") if r.get("data-value")]
    assert widths[0] == pytest.approx(4 * widths[1])
    assert "recorded: not recorded" in ET.tostring(picture, encoding="unicode")
    assert text_alternative(picture) == "Synthetic figures Synthetic description."


def test_a_missing_world_atlas_says_how_to_install_it(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="npm ci"):
        drawn_countries("countries-110m.json", tmp_path)
