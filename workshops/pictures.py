"""The pictures of workshops and their participation, drawn by `core.charts` from plain values.

The workshop's page and its outcome report draw the same ones, from the same figures: a map of
the countries that took part, and the participants and countries recorded beside those counted.
The home page draws the network's participation over time.
"""

from core.charts import OKABE_ITO, Bar, BarGroup, MapKey, bar_chart_svg, world_map
from core.templatetags.portal import country_name

HOST = MapKey("host", "Hosted the workshop", OKABE_ITO["vermillion"], hatched=True)
TOOK_PART = MapKey("took-part", "Sent participants", OKABE_ITO["blue"])
# What the source states is hatched, what the participation records add up to is solid.
RECORDED = ("recorded", "recorded", OKABE_ITO["orange"], True)
COUNTED = ("counted", "counted", OKABE_ITO["blue"], False)
LATEST_WORKSHOPS_DRAWN = 12


def _names(codes):
    return ", ".join(sorted(country_name(code) for code in codes))


def workshop_map(*, chart_id, workshop_title, host_code, country_codes):
    """The world around the countries that took part in a workshop, its host hatched."""
    took_part = {code for code in country_codes if code and code != host_code}
    marked = dict.fromkeys(took_part, TOOK_PART.key)
    marked[host_code] = HOST.key
    description = f"{country_name(host_code)} hosted the workshop."
    if took_part:
        description += (
            f" Participants also came from {len(took_part)} other "
            f"countr{'y' if len(took_part) == 1 else 'ies'}: {_names(took_part)}."
        )
    else:
        description += " No other country is recorded as sending participants."
    return world_map(
        marked=marked,
        keys=[HOST, TOOK_PART] if took_part else [HOST],
        chart_id=chart_id,
        title=f"Map of the countries that took part in the {workshop_title}",
        description=description,
        fit=True,
    )


def _said(value):
    return "none" if value is None else f"{value:,}"


def _recorded_and_counted(recorded, counted):
    return [
        Bar(value, label, fill, hatched, key)
        for value, (key, label, fill, hatched) in ((recorded, RECORDED), (counted, COUNTED))
    ]


def attendance_figure(*, chart_id, recorded_participants, counted_participants,
                      recorded_countries, counted_countries):  # fmt: skip
    """Participants and countries as the source states them, beside what the participation
    records add up to (None where nothing is recorded)."""

    return bar_chart_svg(
        groups=[
            BarGroup(
                "Participants",
                _recorded_and_counted(recorded_participants, counted_participants),
                key="participants",
            ),
            BarGroup(
                "Countries",
                _recorded_and_counted(recorded_countries, counted_countries),
                key="countries",
            ),
        ],
        chart_id=chart_id,
        title="Participants and countries, as recorded and as counted",
        description=(
            f"Participants: {_said(recorded_participants)} as recorded, "
            f"{_said(counted_participants)} counted in the participation records. "
            f"Countries: {_said(recorded_countries)} as recorded, "
            f"{_said(counted_countries)} counted."
        ),
    )


def workshops_by_year_chart(*, chart_id, workshops_by_year):
    """[(year, workshops)], every year from the first to the last, none left out."""
    return bar_chart_svg(
        groups=[
            BarGroup(
                str(year),
                [Bar(count, "workshop" if count == 1 else "workshops", OKABE_ITO["bluish_green"])],
            )
            for year, count in workshops_by_year
        ],
        chart_id=chart_id,
        title="Workshops held each year",
        description="; ".join(f"{year}: {count}" for year, count in workshops_by_year) + ".",
    )


def per_workshop_chart(*, chart_id, rows, what):
    """Each workshop's participants or countries (`what`), recorded beside counted."""
    return bar_chart_svg(
        groups=[
            BarGroup(
                row["label"],
                _recorded_and_counted(row[f"recorded_{what}"], row[f"counted_{what}"]),
                key=row["slug"],
            )
            for row in rows
        ],
        chart_id=chart_id,
        title=f"{what.capitalize()} at each workshop, as recorded and as counted",
        description=" ".join(
            f"{row['label']}: {_said(row[f'recorded_{what}'])} recorded,"
            f" {row[f'counted_{what}']:,} counted."
            for row in rows
        ),
    )
