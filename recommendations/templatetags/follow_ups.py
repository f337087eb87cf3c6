"""`{% load follow_ups %}`: the follow-up status picture, for pages of other apps (a workshop's)
that may not import this one."""

from django import template

from recommendations.pictures import follow_up_chart, status_counts_of

register = template.Library()


@register.simple_tag
def follow_up_status_chart(recommendations, chart_id, whose="the workshop's"):
    """The picture of `recommendations`' follow-up status (read with `with_latest_follow_up`,
    as a workshop's page reads them: no query)."""
    return follow_up_chart(
        status_counts=status_counts_of(r.status for r in recommendations),
        chart_id=chart_id,
        whose=whose,
    )


@register.simple_tag
def follow_up_status_counts(recommendations):
    """[(status, label, number)] of `recommendations`, for the table beside the picture."""
    return status_counts_of(r.status for r in recommendations)
