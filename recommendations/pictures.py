"""The picture of recommendations' follow-up status, drawn by `core.charts`: one bar per
status, each named in words beside its number, so that its colour is never the only cue."""

from core.charts import OKABE_ITO, Bar, BarGroup, bar_chart_svg

from .models import NO_FOLLOW_UP, TRACKER_STATUSES, FollowUp

STATUS_COLOURS = {
    NO_FOLLOW_UP: (OKABE_ITO["grey"], True),
    FollowUp.Status.NOT_STARTED: (OKABE_ITO["orange"], False),
    FollowUp.Status.IN_PROGRESS: (OKABE_ITO["sky_blue"], False),
    FollowUp.Status.DONE: (OKABE_ITO["bluish_green"], False),
    FollowUp.Status.DROPPED: (OKABE_ITO["reddish_purple"], True),
}


def status_counts_of(statuses):
    """[(status, label, number)] for each of TRACKER_STATUSES, from each recommendation's
    status (`Recommendation.status`)."""
    statuses = list(statuses)
    return [(status, label, statuses.count(status)) for status, label in TRACKER_STATUSES]


def follow_up_chart(*, status_counts, chart_id, whose):
    """How many of `whose` recommendations ("the workshop's", "the network's") are at each
    follow-up status, from [(status, label, number)]; nothing where there are none.

    Only the statuses some recommendation is at are drawn: a bar of none would show words
    such as "Not started" that no record states (the table beside it gives every count).
    """
    shown = [(status, label, count) for status, label, count in status_counts if count]
    if not shown:
        return ""
    total = sum(count for _, _, count in shown)
    return bar_chart_svg(
        groups=[
            BarGroup(label, [_bar(status, count)], key=status) for status, label, count in shown
        ],
        chart_id=chart_id,
        title=f"Follow-up status of {whose} recommendations",
        description=f"Of {total} recommendation{'' if total == 1 else 's'}: "
        + "; ".join(f"{label}: {count}" for _, label, count in shown)
        + ". The status is that of each recommendation's latest recorded follow-up.",
    )


def _bar(status, count):
    fill, hatched = STATUS_COLOURS[status]
    noun = "recommendation" if count == 1 else "recommendations"
    return Bar(count, noun, fill, hatched, key=status)
