"""A filter menu writes what Django's Select writes, only faster."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.utils.safestring import mark_safe

from core.widgets import MenuSelect


class _Markup(HTMLParser):
    """Tags with their attributes (in any order) and text, whitespace between tags aside."""

    def __init__(self, html):
        super().__init__()
        self.parts = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.parts.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.parts.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(("text", data.strip()))


def markup(html):
    return _Markup(html).parts


CHOICES = [
    ("", "Any country"),
    ("KH", "Cambodia"),
    ("TH", "Thailand"),
    ("X&Y", 'Synthetic "quoted" <tagged> & co'),
]


@pytest.mark.parametrize("value", [None, "", "TH", "X&Y", "not a choice"])
def test_a_menu_writes_the_markup_of_djangos_select(value):
    attrs = {"class": "form-select is-invalid", "id": "id_country", "aria-invalid": "true"}
    django_select = forms.Select(attrs=attrs, choices=CHOICES).render("country", value)
    menu = MenuSelect(attrs=attrs, choices=CHOICES).render("country", value)
    assert markup(menu) == markup(django_select)


def test_a_menu_escapes_labels_and_values_and_keeps_what_is_marked_safe():
    menu = MenuSelect(choices=[*CHOICES, ("b", mark_safe("<b>bold</b>"))]).render("c", "")
    assert '<option value="X&amp;Y">Synthetic &quot;quoted&quot; &lt;tagged&gt; &amp; co' in menu
    assert "<b>bold</b>" in menu


def test_a_menu_writes_groups_as_djangos_select_does():
    grouped = [("", "Any"), ("Asia <east>", [("KH", "Cambodia"), ("TH", "Thailand")])]
    django_select = forms.Select(choices=grouped).render("country", "TH")
    menu = MenuSelect(choices=grouped).render("country", "TH")
    assert markup(menu) == markup(django_select)
    assert ("option", [("selected", None), ("value", "TH")]) in markup(menu)
