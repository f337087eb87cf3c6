"""The view every public list builds on, and old slugs' redirects."""

import functools

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django_filters.views import FilterView

from .models import OldSlug
from .page_cache import kept_for_this_page


class FilteredListView(FilterView):
    """A public list with django-filter filters and pagination.

    A filter value that does not fit (`year=abc`, `country=ZZ`) is ignored and the page says
    so (`filter.ignored`); a page number that does not exist answers 404.

    What the page shows of the records (its filters, results and pager, rendered from
    `record_template_name` into `template_name`'s `record`) is the same for every reader of
    an address: it is kept per records version (`kept_for_this_page`), so that it costs a cache
    read for signed-in staff too while the records stand still, however many rows it shows.
    """

    strict = False
    record_template_name = None

    def get(self, request, *args, **kwargs):
        kept = kept_for_this_page(request, "list", self.record)
        return self.render_to_response({"view": self, **kept})

    def get_template_names(self):
        return [self.template_name]

    def record(self):
        """{"record": the page's record part, rendered; "page_number": the page it shows}."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.filterset.qs
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return {
            "record": render_to_string(self.record_template_name, context, self.request),
            "page_number": context["page_obj"].number,
        }


def redirect_old_slug(model):
    """Wrap a view whose address holds a `model` record's slug: where the slug is one the
    record had before (`OldSlug`), answer with a permanent redirect to the same address with
    its current slug, the query string kept. A record the visitor may not see stays a 404.

    Kept in the portal's own table rather than django.contrib.redirects: that app stores one
    path per row and needs the sites framework, while a record's slug is in several addresses
    (a workshop's page, its report and preview; a category's page and feeds), all of which
    this covers from the one row a slug change writes.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = None
            if response is not None and response.status_code != 404:
                return response
            current = _current_slug(request, model, kwargs.get("slug"))
            if current is None:
                if response is None:
                    raise Http404(f"No {model._meta.verbose_name} has this address.")
                return response
            url = reverse(
                request.resolver_match.view_name, args=args, kwargs={**kwargs, "slug": current}
            )
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)

        return wrapped

    return decorate


def _current_slug(request, model, slug):
    old = OldSlug.objects.filter(
        content_type=ContentType.objects.get_for_model(model), slug=slug
    ).first()
    if old is None:
        return None
    records = model._default_manager.all()
    if hasattr(records, "visible_to"):
        records = records.visible_to(request.user)
    current = records.filter(pk=old.object_id).values_list("slug", flat=True).first()
    return current if current and current != slug else None
