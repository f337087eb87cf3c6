"""The countries the network's public records mention, with what each has done.

A country is "on record" when a published workshop was held there, someone represented it at
a published workshop, or an organization is based there. Only those get a page: any other
code, valid ISO or not, answers 404.
"""

from dataclasses import dataclass

from django.urls import reverse
from django_countries import countries

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
    """Every country on record, in the order of their names. Three queries, whatever the data."""
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


def country_code_or_none(text):
    """The ISO 3166-1 alpha-2 code `text` names (any case), or None for anything else."""
    text = str(text or "")
    # Checked before upper-casing: "ß".upper() is "SS".
    if len(text) == 2 and text.isascii() and text.isalpha() and text.upper() in countries:
        return text.upper()
    return None
