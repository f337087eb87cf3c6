"""The report's fonts: Noto Sans from the npm registry's @fontsource packages (package.json).

`make setup` installs them into node_modules/, and settings.STATICFILES_DIRS serves them as the
portal's static files under `vendor/fontsource/`. Each package splits its font into subsets,
each with a `unicode-range`; WeasyPrint loads every @font-face rule it is given, so the PDF is
given only the subsets whose range holds a character the report contains.

WeasyPrint tells the fonts of a PDF apart by family, weight and style alone: two subset files
of one family would share one font in the PDF and draw each other's glyphs. So each subset
gets a family name of its own ("Noto Sans SC 103") and the report's stylesheet takes the list
of them from the custom properties `--report-fonts` (and `--report-fonts-ja`, `-ko`).
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from django.contrib.staticfiles import finders

FONTSOURCE_STATIC_PREFIX = "vendor/fontsource"

# (family, package, weights): the order is the report's font-family fallback order.
REPORT_FONTS = [
    ("Noto Sans", "noto-sans", (400, 700)),
    ("Noto Sans Khmer", "noto-sans-khmer", (400,)),
    ("Noto Sans Thai", "noto-sans-thai", (400,)),
    ("Noto Sans SC", "noto-sans-sc", (400,)),
    ("Noto Sans JP", "noto-sans-jp", (400,)),
    ("Noto Sans KR", "noto-sans-kr", (400,)),
]

_FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
_WOFF_URL = re.compile(r"url\(\./(files/[^)]+\.woff)\)\s*format\('woff'\)")
_UNICODE_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


# Han characters take the shapes of the writer's language: Japanese and Korean names put
# their own font before the Chinese one.
LANGUAGE_FAMILY_ORDER = {
    "": [family for family, _, _ in REPORT_FONTS],
    "ja": ["Noto Sans", "Noto Sans JP", "Noto Sans SC", "Noto Sans KR"],
    "ko": ["Noto Sans", "Noto Sans KR", "Noto Sans SC", "Noto Sans JP"],
}
# Every list ends with the families it does not name, so no script is left without a font.
LANGUAGE_FAMILY_ORDER = {
    language: families + [f for f, _, _ in REPORT_FONTS if f not in families]
    for language, families in LANGUAGE_FAMILY_ORDER.items()
}


@dataclass(frozen=True)
class FontSubset:
    family: str
    subset: str  # fontsource's name for it: "latin", "vietnamese", "103"
    weight: int
    static_path: str  # under the portal's static files
    ranges: tuple  # ((first, last), ...) code points
    code_points: frozenset

    @property
    def face_name(self):
        return f"{self.family} {self.subset}"

    def covers_any(self, code_points):
        return not self.code_points.isdisjoint(code_points)


def _parse_ranges(text):
    ranges = []
    for part in text.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        if "?" in part:
            ranges.append((int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)))
        elif "-" in part:
            first, last = part.split("-")
            ranges.append((int(first, 16), int(last, 16)))
        elif part:
            ranges.append((int(part, 16), int(part, 16)))
    return tuple(ranges)


@cache
def font_subsets() -> tuple[FontSubset, ...]:
    """Every subset of the report's fonts, read from the packages' own stylesheets.

    The WOFF (zlib) files are used rather than WOFF2: WeasyPrint reads both, but decoding WOFF2
    in Python costs far more for the large CJK subsets.
    """
    subsets = []
    for family, package, weights in REPORT_FONTS:
        for weight in weights:
            stylesheet = finders.find(f"{FONTSOURCE_STATIC_PREFIX}/{package}/{weight}.css")
            if stylesheet is None:
                raise FileNotFoundError(
                    f"@fontsource/{package} is not installed: run `make setup` (npm ci)."
                )
            with open(stylesheet, encoding="utf-8") as css:
                for rule in _FONT_FACE.findall(css.read()):
                    url = _WOFF_URL.search(rule)
                    unicode_range = _UNICODE_RANGE.search(rule)
                    if not (url and unicode_range):
                        continue
                    ranges = _parse_ranges(unicode_range[1])
                    subset_name = (
                        url[1]
                        .removeprefix(f"files/{package}-")
                        .removesuffix(f"-{weight}-normal.woff")
                    )
                    subsets.append(
                        FontSubset(
                            family=family,
                            subset=subset_name,
                            weight=weight,
                            static_path=f"{FONTSOURCE_STATIC_PREFIX}/{package}/{url[1]}",
                            ranges=ranges,
                            code_points=frozenset(
                                cp for first, last in ranges for cp in range(first, last + 1)
                            ),
                        )
                    )
    return tuple(subsets)


def subsets_for(characters) -> list[FontSubset]:
    """The subsets that hold any of `characters`, in the fallback order of REPORT_FONTS."""
    code_points = {ord(character) for character in characters}
    # Digits, punctuation and the report's own headings are always needed in Latin.
    code_points |= set(range(0x20, 0x7F))
    subsets = font_subsets()
    main_family = REPORT_FONTS[0][0]
    # The other families are there for their own scripts, not for the Latin that all carry.
    main_covers = frozenset().union(*(s.code_points for s in subsets if s.family == main_family))
    other_scripts = code_points - main_covers
    return [
        subset
        for subset in subsets
        if subset.covers_any(code_points if subset.family == main_family else other_scripts)
    ]


@lru_cache(maxsize=64)
def _decoded_woff(path: str, mtime_ns: int, size: int) -> bytes:
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    # What WeasyPrint does with a WOFF file it is given (weasyprint.text.fonts), except that
    # the font keeps the package's own modification time instead of the time of decoding.
    font = TTFont(path, recalcTimestamp=False)
    font.flavor = font.flavorData = None
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def font_file_bytes(path: Path) -> bytes:
    """The contents of a font file for the renderer: a WOFF file comes decoded to the
    TrueType/OpenType font it wraps, as WeasyPrint would decode it itself, but decoded once
    per process (and kept while the file is unchanged) instead of in every rendering."""
    data = path.read_bytes()
    if data[:4] != b"wOFF":
        return data
    stat = path.stat()
    try:
        return _decoded_woff(str(path), stat.st_mtime_ns, stat.st_size)
    except Exception:  # noqa: BLE001 (WeasyPrint gets the file as it is and reports it)
        return data


def preload_fonts(characters, *, path_for):
    """Decode now the font files a rendering of `characters` will need, so that renderers
    forked from this process find them decoded. `path_for(static_path)` finds the file."""
    for subset in subsets_for(characters):
        font_file_bytes(Path(path_for(subset.static_path)))


def font_faces_for(characters, *, url_for) -> str:
    """@font-face rules for the subsets that hold any of `characters`.

    The rules carry no `unicode-range`: a package's declared range can name a character its
    file lacks, and WeasyPrint would then draw a blank box rather than fall back to the next
    font. Each subset's own family name does the choosing instead.

    `url_for(static_path)` turns a static path into the URL the renderer fetches.
    """
    rules = []
    used = []
    for subset in subsets_for(characters):
        if subset.face_name not in (u.face_name for u in used):
            used.append(subset)
        rules.append(
            "@font-face {"
            f' font-family: "{subset.face_name}"; font-style: normal;'
            f" font-weight: {subset.weight};"
            f' src: url("{url_for(subset.static_path)}") format("woff");'
            " }"
        )
    stacks = []
    for language, families in LANGUAGE_FAMILY_ORDER.items():
        faces = [
            f'"{subset.face_name}"'
            for family in families
            for subset in used
            if subset.family == family
        ]
        name = f"--report-fonts-{language}" if language else "--report-fonts"
        stacks.append(f"{name}: {', '.join(faces + ['sans-serif'])};")
    rules.append(":root { " + " ".join(stacks) + " }")
    return "\n".join(rules)


def browser_font_stylesheets() -> list[str]:
    """The packages' own stylesheets, for the HTML preview: browsers pick subsets themselves."""
    return [
        f"{FONTSOURCE_STATIC_PREFIX}/{package}/{weight}.css"
        for _, package, weights in REPORT_FONTS
        for weight in weights
    ]
