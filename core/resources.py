"""Changelist exports (CSV, Excel): the base every export uses."""

from import_export import resources
from import_export.widgets import NumberWidget

from .text import xml_safe

# A text cell starting with one of these is a formula to a spreadsheet program (a tab or a
# carriage return is skipped by some before they look).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` as a spreadsheet cell that no program runs as a formula: text that starts like
    one gets a leading apostrophe (`=1+1` is written `'=1+1`), and a character that an .xlsx
    file cannot hold is a space (`xml_safe`: openpyxl refuses the whole file for one); anything
    else is unchanged."""
    value = xml_safe(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class PortalResource(resources.ModelResource):
    """What every export of the portal's records shares: text that visitors or staff wrote is
    written so that a spreadsheet shows it and never runs it (`spreadsheet_safe`). Numbers are
    left as numbers (-1 is the number -1, written "-1" in CSV); only text cells change."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, NumberWidget):
            return value
        return spreadsheet_safe(value)
