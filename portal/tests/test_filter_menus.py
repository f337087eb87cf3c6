"""Every list page's filter menus are written by core's MenuSelect (core/widgets.py)."""

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
