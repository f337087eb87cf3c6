"""The view every public list builds on."""

from django_filters.views import FilterView


class FilteredListView(FilterView):
    """A public list with django-filter filters and pagination.

    A filter value that does not fit (`year=abc`, `country=ZZ`) is ignored and the page says
    so (`filter.ignored`); a page number that does not exist answers 404.
    """

    strict = False
