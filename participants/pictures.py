"""The map of the countries on record across the network, drawn by `core.charts`."""

from core.charts import OKABE_ITO, MapKey, world_map

HOSTED = MapKey("hosted", "Hosted a workshop", OKABE_ITO["vermillion"], hatched=True)
ATTENDED = MapKey("attended", "Attended a workshop", OKABE_ITO["blue"])
AGENCY_ONLY = MapKey("agency", "Home of an organization on record", OKABE_ITO["sky_blue"])


def network_map(*, summaries, chart_id):
    """Every country on record (`country_summaries()`), by what it has done: hosted a
    workshop, else attended one, else is where an organization on record is based."""
    marked = {}
    for summary in summaries:
        if summary.workshops_hosted:
            marked[summary.code] = HOSTED.key
        elif summary.workshops_attended:
            marked[summary.code] = ATTENDED.key
        else:
            marked[summary.code] = AGENCY_ONLY.key
    counts = {
        key: sum(1 for k in marked.values() if k == key.key)
        for key in (HOSTED, ATTENDED, AGENCY_ONLY)
    }
    keys = [key for key, count in counts.items() if count]
    return world_map(
        marked=marked,
        keys=keys or [HOSTED],
        chart_id=chart_id,
        title="Map of the countries in the network's records",
        description=" ".join(
            f"{key.label}: {count} countr{'y' if count == 1 else 'ies'}."
            for key, count in counts.items()
        )
        + " The table below names each country.",
    )
