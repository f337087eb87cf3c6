"""Every list page's filter menus are written by core's MenuSelect (core/widgets.py)."""

import re

from django import forms

from core.widgets import MenuSelect
from participants.filters import OrganizationFilter
from recommendations.filters import RecommendationFilter
from workshops.filters import WorkshopFilter


def test_every_filter_menu_of_the_list_pages_is_a_menu_select(db):
    for filterset in (WorkshopFilter, OrganizationFilter, RecommendationFilter):
        fields = filterset(queryset=filterset._meta.model.objects.none()).form.fields
        menus = [name for name, field in fields.items() if type(field.widget) is MenuSelect]
        plain = [name for name, field in fields.items() if type(field.widget) is forms.Select]
        assert menus, filterset
        assert plain == [], filterset


def test_a_lone_last_menu_takes_the_whole_row_on_a_phone_and_pairs_stay_side_by_side(client, db):
    """The search box has a row of its own and the menus go two to a row on a phone; one left
    alone at the end takes the whole row, so that its words ("Any workshop") are not cut off."""

    def column_of(path, field):
        content = client.get(path).content.decode()
        found = re.search(rf'<div class="([^"]*)">\s*<div id="div_id_{field}"', content)
        return found.group(1)

    # Recommendations: search, then three menus; the workshop menu is left alone.
    assert column_of("/recommendations/", "q") == "col-12 col-lg"
    assert column_of("/recommendations/", "status") == "col-6 col-lg"
    assert column_of("/recommendations/", "theme") == "col-6 col-lg"
    assert column_of("/recommendations/", "workshop") == "col-12 col-sm-6 col-lg"
    # Workshops (four menus) and organizations (two): every menu has a partner.
    for field in ("year", "country", "series", "sort"):
        assert column_of("/workshops/", field) == "col-6 col-lg"
    for field in ("kind", "country"):
        assert column_of("/organizations/", field) == "col-6 col-lg"
