"""Read an admin page's form as a browser would submit it, so that tests can change and post it."""

from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

from workshops.models import Material


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = {}
        self.texts = set()  # the names of the fields a person types into
        self._textarea = None
        self._select = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "on" if kind == "checkbox" else "")
            if kind in ("text", "email", "url"):
                self.texts.add(name)
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self.texts.add(name)
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in attrs
            self.values.setdefault(name, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in attrs:
            if self._multiple:
                self.values[self._select].append(attrs.get("value", ""))
            else:
                self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += (
                data.removeprefix("\n") if not self.values[self._textarea] else data
            )


def form_values(html, form_id):
    """The name → value pairs a browser would post from the form with this id."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.values


def form_text_fields(html, form_id):
    """The names of the form's fields that a person types into (text inputs, text areas)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.texts


def change_form_values(client, url, form_id="workshop_form"):
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.content.decode(), form_id)


def material_add_form(workshop, *, name="agenda.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    """What the admin's "Add material" form posts: a synthetic agenda with a file."""
    return {
        "workshop": workshop.pk,
        "position": 1,
        "kind": Material.Kind.AGENDA,
        "title": "Synthetic agenda",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "url": "",
    }
