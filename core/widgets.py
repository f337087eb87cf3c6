"""Form widgets the public pages share."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeData, mark_safe


def _escaped(text):
    """As a template writes `{{ text }}`: escaped unless marked safe (what Django's `escape`
    does, without its per-call wrapping, which a long menu feels)."""
    return str(text) if isinstance(text, SafeData) else html.escape(str(text))


class MenuSelect(forms.Select):
    """A list page's filter menu: Django's `Select` with the same markup, its options written
    in Python rather than through two template includes each. A menu lists what is on record
    (the years, series and countries of the published workshops), so it grows with the
    records: written this way an option costs about a microsecond instead of tens."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}

        def options(choices):
            return "".join(
                f'\n  <option value="{_escaped(option)}"'
                f"{' selected' if str(option) in chosen else ''}>{_escaped(label)}</option>"
                for option, label in choices
            )

        written = "".join(
            # A group is (its name, [(value, label), …]).
            f'\n  <optgroup label="{_escaped(option)}">{options(label)}\n  </optgroup>'
            if isinstance(label, list | tuple)
            else options([(option, label)])
            for option, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_escaped(name)}"{attributes}>{written}\n</select>')
