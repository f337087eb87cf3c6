"""Filters every public list shares: free-text search, and values that do not fit reported."""

import django_filters
from django import forms

from .search import search_words_notice
from .widgets import MenuSelect


class SearchFilter(django_filters.CharFilter):
    """Free text, searched with the QuerySet's own `search()`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Search")
        kwargs.setdefault("method", "filter_search")
        super().__init__(**kwargs)


class SearchFilterSet(django_filters.FilterSet):
    q = SearchFilter()

    def get_form_class(self):
        """The filters' form, each menu a `MenuSelect` (the same markup, written faster)."""
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if type(field.widget) is forms.Select:
                menu = MenuSelect(attrs=field.widget.attrs)
                menu.choices = field.widget.choices
                field.widget = menu
        return form_class

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    @property
    def ignored(self):
        """(label, message) for each filter whose value could not be used, in whole or in part
        (the words of a long search beyond the bound)."""
        if not self.is_bound:
            return []
        ignored = []
        if notice := search_words_notice(self.data.get("q", "")):
            ignored.append((self.form.fields["q"].label, notice))
        if not self.form.is_valid():
            ignored += [
                (
                    self.form.fields[name].label if name in self.form.fields else name,
                    " ".join(errors),
                )
                for name, errors in self.form.errors.items()
            ]
        return ignored
