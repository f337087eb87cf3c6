"""Template tags the portal's layout and pages share."""

from django import template
from django.template.defaulttags import querystring
from django.utils.http import urlencode
from django_countries import countries

from core.models import DatePrecision

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without its filters; a list page past the first keeps `page`.

    Empty where there is no request (the 500 page).
    """
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += "?" + urlencode({"page": int(page)})
    return url


@register.simple_tag(takes_context=True)
def page_querystring(context, param, number):
    """This page's query string with `param` set to `number`, its other parameters kept:
    Django's {% querystring %} for a parameter whose name is a variable (the pager's)."""
    return querystring(context, **{param: number})


@register.filter
def date_range(start, end=None, precision=DatePrecision.DAY):
    """Dates said once, and only as far as they are known: the one function that writes a
    date span on every page, list, feed and report.

    To the day: "29 November 2010", "1–3 March 2012", "30 March – 2 April 2012",
    "30 December 2011 – 2 January 2012". To the month: "June 2009", "June – July 2009",
    "December 2009 – January 2010". To the year: "2009", "2009–2010".
    """
    if start is None:
        return ""
    if precision == DatePrecision.YEAR:
        if end is None or end.year == start.year:
            return f"{start.year}"
        return f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        if end is None or (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B} – {end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


@register.filter
def dates(record):
    """A workshop's or an event's dates as far as they are known: `{{ workshop|dates }}`."""
    return date_range(record.start_date, record.end_date, record.date_precision)


@register.filter
def country_name(code):
    """The English name of an ISO 3166-1 country code."""
    return countries.name(code)
