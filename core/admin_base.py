"""What every portal admin shares: history with compare and revert, and export to CSV and Excel."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.resources import modelresource_factory
from simple_history.admin import SimpleHistoryAdmin

from .history import changes_since, latest_version_id, record_changes
from .resources import PortalResource
from .storage import FileNotStored, media_files_removed_on_failure


class ActionSelectionChecked:
    """An action run on a selection that is not of record ids ("abc" sent for a row's
    checkbox) is refused with a message, where Django's filter on it fails with a 500."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        try:
            for value in selected:
                self.model._meta.pk.to_python(value)
        except ValidationError:
            self.message_user(
                request,
                "The selected rows are not this list's records: nothing was changed. Select "
                "the rows again.",
                messages.ERROR,
            )
            return None  # Django then shows the list again, as for an empty selection.
        return super().response_action(request, queryset)


class OpenedVersionChecked(forms.Form):
    """A record's form that refuses to overwrite a save made after it was opened.

    `opened_version` carries the id of the record's newest historical version when the form
    was opened. On save that id is read again with the record's row locked (the admin saves
    in one transaction), so of two editors who opened the same version only the first one's
    save goes through; the second gets the form back, their input kept, with what the first
    one changed. Every save of a record (a form, a bulk action, an import, a revert) adds a
    version. Saving again on purpose then overwrites what was listed, and nothing newer.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored record's newest version, not the instance's: a revert form's
            # instance is a past version.
            self.fields["opened_version"].initial = latest_version_id(
                type(self.instance), self.instance.pk
            )

    def saves_over_the_record(self):
        """Whether saving this form writes the record: a record's own form always does."""
        return self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        model, pk = type(self.instance), self.instance.pk
        if not self.saves_over_the_record():
            return cleaned
        if not model._base_manager.select_for_update().filter(pk=pk).exists():
            return cleaned
        current = latest_version_id(model, pk)
        opened = (cleaned.get("opened_version") or "").strip()
        if current is None or opened == str(current):
            return cleaned
        changes = changes_since(model, pk, int(opened) if opened.isdecimal() else None)
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = current
        name = model._meta.verbose_name
        raise ValidationError(
            [
                f"Not saved: someone else saved this {name} after you opened it. "
                "Your input is kept below. What they changed:",
                *changes,
                "Check your input against these changes, then save again to keep yours.",
            ],
            code="saved_since_opened",
        )


class OpenedVersionCheckedRow(OpenedVersionChecked):
    """The form of a record's row in another record's form (an inline): Django saves the
    row only when it was changed, so only then can it overwrite another editor's save."""

    def saves_over_the_record(self):
        changed = [name for name in self.changed_data if name != "opened_version"]
        return self.instance.pk is not None and bool(changed)


def with_opened_version(form, checked=OpenedVersionChecked):
    """`form` with the `opened_version` field and its check (as `checked` makes it)."""
    if issubclass(form, checked):
        return form
    return type(form.__name__, (checked, form), {})


def with_opened_version_field(fieldsets):
    """The admin's fieldsets with the hidden `opened_version`: the admin shows only the
    fields its fieldsets name, so a form whose fieldsets lack it would never carry it back."""
    if any("opened_version" in options["fields"] for _, options in fieldsets):
        return fieldsets
    *first, (name, options) = fieldsets
    return [*first, (name, {**options, "fields": [*options["fields"], "opened_version"]})]


class OpenedVersionCheckedInline:
    """An inline whose changed rows each refuse to overwrite a save made after the page was
    opened (on the row's own admin page, say). Put it on every inline of an admin whose
    `opened_version_checked` is on."""

    def get_fieldsets(self, request, obj=None):
        return with_opened_version_field(super().get_fieldsets(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = with_opened_version(form, OpenedVersionCheckedRow)
        return super().get_formset(request, obj, **kwargs)


class PortalAdmin(ActionSelectionChecked, ExportMixin, SimpleHistoryAdmin):
    """A record's admin: changelist export (CSV, Excel), history, compare two versions, revert.

    Simple-history provides the history list and the revert form (a past version opened from
    the list and saved); this adds a page that compares any two versions.
    """

    export_formats = [CSV, XLSX]
    object_history_template = "admin/sesn/object_history.html"
    # The record's form refuses a save made over another one (`OpenedVersionChecked`). The
    # workshop's admin has its own check, which also covers its parts edited inline.
    opened_version_checked = True

    def get_resource_classes(self, request):
        """The admin's own resources (which are PortalResources), or every field of the model
        through a PortalResource: no export writes text that a spreadsheet would run."""
        if self.resource_classes:
            return self.resource_classes
        return [modelresource_factory(self.model, resource_class=PortalResource)]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A file that cannot be stored (the disk full) is said on the form, not a 500.

        Django's view saves the record and its inlines in one transaction, which the failure
        rolls back; files written before it are removed too. The form is then shown again
        with the input (the files must be chosen again) and why, with status 507."""
        try:
            with media_files_removed_on_failure():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except FileNotStored as failure:
            request.file_not_stored = failure
        response = super().changeform_view(request, object_id, form_url, extra_context)
        response.status_code = 507  # Insufficient Storage: the server's fault, logged as such
        return response

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.opened_version_checked:
            return fieldsets
        return with_opened_version_field(fieldsets)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.opened_version_checked:
            kwargs["form"] = with_opened_version(kwargs.get("form", self.form))
        form = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "file_not_stored", None)
        if failure is None:
            return form

        def clean(self):
            super(form_with_failure, self).clean()
            raise ValidationError(failure.message, code="file_not_stored")

        form_with_failure = type(form.__name__, (form,), {"clean": clean})
        return form_with_failure

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.history_compare_view),
                name="{}_{}_history_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def _id_or_404(self, value, model):
        """`value` as `model`'s primary key; a 404 when it cannot be one ("abc" for a number),
        where the history views would fail on it with a 500."""
        try:
            return model._meta.pk.to_python(unquote(value))
        except ValidationError:
            raise Http404(f"No {model._meta.verbose_name} has the id “{value}”.") from None

    def history_view(self, request, object_id, extra_context=None):
        pk = self._id_or_404(object_id, self.model)
        extra_context = {**self.history_extra_context(pk), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_extra_context(self, object_id):
        """What a model's history page shows besides its own versions."""
        return {}

    def _context(self, request, title, **extra):
        """The context of a page this admin adds (an import, the deleted records, ...)."""
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, read-only for a viewer; saving it (a revert) needs the change
        permission, and the add permission too when the record was deleted since.

        Simple-history checks only the view permission and then saves any POST: without
        this, a viewer who posts the form changes the record.
        """
        object_id = self._id_or_404(object_id, self.model)
        version_id = self._id_or_404(version_id, self.model.history.model)
        gone = self._deleted_parent(object_id, version_id)
        if gone is not None:
            self.message_user(
                request,
                f"This version of a {self.opts.verbose_name} belongs to a "
                f"{gone._meta.verbose_name} that has been deleted since: it can only come "
                "back with it (a deleted workshop is restored from Deleted workshops, on the "
                "workshop list, with all its parts).",
                messages.WARNING,
            )
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))
        if request.method not in ("GET", "HEAD"):
            current = self.model._default_manager.filter(pk=object_id).first()
            version = get_object_or_404(
                self.model.history, **{self.opts.pk.attname: object_id, "history_id": version_id}
            )
            may_save = self.has_change_history_permission(request, current or version.instance)
            if current is None:
                may_save = may_save and self.has_add_permission(request)
            if not may_save:
                raise PermissionDenied
        # One transaction, as Django's own change view: a form's checks may lock rows.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def _deleted_parent(self, object_id, version_id):
        """The model of a record that a past version cannot be without (its workshop, say)
        and that is gone since, or None. Such a version can neither be shown (its name reads
        the parent) nor saved on its own."""
        version = self.model.history.filter(
            **{self.opts.pk.attname: object_id, "history_id": version_id}
        ).first()
        if version is None:
            return None  # simple-history answers 404
        for field in self.model._meta.concrete_fields:
            if field.many_to_one and not field.null:
                value = getattr(version, field.attname)
                if not field.related_model._base_manager.filter(pk=value).exists():
                    return field.related_model
        return None

    def history_compare_view(self, request, object_id):
        object_id = self._id_or_404(object_id, self.model)
        history = self.model.history
        records = history.filter(**{self.opts.pk.attname: object_id})
        try:
            ids = sorted({int(request.GET["older"]), int(request.GET["newer"])})
        except (KeyError, ValueError):
            raise Http404("Choose two versions to compare.") from None
        older = get_object_or_404(records, history_id=ids[0])
        newer = get_object_or_404(records, history_id=ids[-1])
        if older.history_date > newer.history_date:
            older, newer = newer, older
        obj = self.model.objects.filter(pk=older.instance.pk).first() or newer.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        info = self.opts.app_label, self.opts.model_name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare two versions: {obj}",
            "opts": self.opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "changes": record_changes(newer, older),
            "history_url": reverse("admin:{}_{}_history".format(*info), args=[object_id]),
            "revert_url": reverse(
                "admin:{}_{}_simple_history".format(*info), args=[object_id, older.history_id]
            ),
            "can_revert": not self.revert_disabled(request, obj),
        }
        return TemplateResponse(request, "admin/sesn/history_compare.html", context)
