"""Reading the SVG pictures (core/charts.py) back out of a page, for tests."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
SVG_MARKUP = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def pictures_in(html):
    """{id: the parsed <svg> element} of every picture in `html`; a picture that is not
    well-formed XML fails here."""
    pictures = {}
    for markup in SVG_MARKUP.findall(html):
        element = ET.fromstring(markup)
        pictures[element.get("id")] = element
    return pictures


def text_alternative(picture):
    """The picture's title and description, as a screen reader is given them."""
    labelled_by = picture.get("aria-labelledby").split()
    parts = {element.get("id"): "".join(element.itertext()) for element in picture}
    return " ".join(parts[name] for name in labelled_by)


def marked_countries(picture):
    """{country code: what it is marked as} on a map."""
    return {
        element.get("data-country"): element.get("data-key")
        for element in picture.iter()
        if element.get("data-country")
    }


def bar_values(picture):
    """{group: {bar key: value, or None where the value is said to be not recorded}}."""
    values = {}
    for group in picture.iter(f"{SVG}g"):
        if group.get("class") != "chart-group":
            continue
        values[group.get("data-group")] = {
            bar.get("data-key"): None
            if bar.get("data-value") is None
            else int(bar.get("data-value"))
            for bar in group
            if bar.get("class") == "chart-bar"
        }
    return values
