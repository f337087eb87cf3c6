"""The countries the network's public records mention, with what each has done.

A country is "on record" when a published workshop was held there, someone represented it at
a published workshop, or an organization is based there. Only those get a page: any other
code, valid ISO or not, answers 404.
"""

from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django_countries import countries

from core.records_version import kept_while_records_stand
from workshops.models import Workshop

from .models import Organization, Participation


@dataclass(frozen=True)
class CountrySummary:
    code: str
    workshops_hosted: int = 0
    workshops_attended: int = 0
    organizations: int = 0

    @property
    def name(self):
        return countries.name(self.code)

    def get_absolute_url(self):
        return reverse("participants:country-detail", kwargs={"code": self.code})


def country_summaries():
    """Every country on record, in the order of their names (`count_country_summaries`),
    counted once per records version."""
    return kept_while_records_stand("country-summaries", count_country_summaries)


def count_country_summaries():
    """Every country on record, in the order of their names. Three queries, whatever the data,
    but each reads every participation: see `country_summaries`."""
    hosted = Workshop.objects.published().host_country_counts()
    attended = Participation.objects.in_published_workshops().workshops_by_country()
    organizations = Organization.objects.public().country_counts()
    codes = {code for code in (*hosted, *attended, *organizations) if code in countries}
    summaries = [
        CountrySummary(
            code=code,
            workshops_hosted=hosted.get(code, 0),
            workshops_attended=attended.get(code, 0),
            organizations=organizations.get(code, 0),
        )
        for code in codes
    ]
    return sorted(summaries, key=lambda summary: summary.name)


@dataclass(frozen=True)
class CountriesEngaged:
    """The one count of countries engaged, said on the home page and the Countries page."""

    named: list  # [CountrySummary]: the countries on record, as the Countries page lists them
    most_recorded_at_one_workshop: int  # a source's headline ("experts from 14 countries")

    @property
    def count(self):
        """The countries on record, and never fewer than one published workshop is recorded
        as having drawn: that many took part, named or not."""
        return max(len(self.named), self.most_recorded_at_one_workshop)

    @property
    def not_named(self):
        return self.count - len(self.named)

    @property
    def total(self):
        """The Countries table's columns added up (a workshop attended by three countries
        counts three times in "attended")."""
        return CountrySummary(
            code="",
            workshops_hosted=sum(c.workshops_hosted for c in self.named),
            workshops_attended=sum(c.workshops_attended for c in self.named),
            organizations=sum(c.organizations for c in self.named),
        )


def countries_engaged():
    """The countries on record (`country_summaries`) and how many are engaged. Four queries."""
    most = Workshop.objects.published().aggregate(most=Max("recorded_countries"))["most"]
    return CountriesEngaged(named=country_summaries(), most_recorded_at_one_workshop=most or 0)


def country_code_or_none(text):
    """The ISO 3166-1 alpha-2 code `text` names (any case), or None for anything else."""
    text = str(text or "")
    # Checked before upper-casing: "ß".upper() is "SS".
    if len(text) == 2 and text.isascii() and text.isalpha() and text.upper() in countries:
        return text.upper()
    return None
