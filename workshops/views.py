from django.views.generic import DetailView, ListView

from .models import Workshop


class WorkshopListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Workshop.objects.published().select_related("series")


class WorkshopDetailView(DetailView):
    def get_queryset(self):
        return Workshop.objects.visible_to(self.request.user).for_detail_page()
