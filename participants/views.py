from django.views.generic import DetailView, ListView

from .models import Organization


class OrganizationListView(ListView):
    model = Organization
    paginate_by = 50


class OrganizationDetailView(DetailView):
    model = Organization
