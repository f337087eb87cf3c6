"""Tables of figures for the public to download, as CSV or Excel.

Every text cell goes through `spreadsheet_safe`, so that no spreadsheet program runs what a
record says as a formula. Each file says where its figures come from: the CSV's first row,
the Excel workbook's "Source" sheet.
"""

import csv
import datetime
import io

from django.http import Http404, HttpResponse
from django.utils import timezone

from .resources import spreadsheet_safe

NETWORK = "INECE Seaport Environmental Security Network (SESN)"
FIGURES_NOTE = (
    "“As recorded”: the figures the source documents state. “Counted”: the participation "
    "records the portal holds, which may be fewer."
)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cells(row):
    return [
        value.isoformat() if isinstance(value, datetime.date) else spreadsheet_safe(value)
        for value in row
    ]


def _csv(columns, rows, source_lines):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(_cells(["Source: " + " ".join(source_lines)]))
    writer.writerow(_cells(columns))
    for row in rows:
        writer.writerow(_cells(row))
    # A byte-order mark: Excel then reads the file as UTF-8 (Khmer, Thai and Chinese names).
    return ("\ufeff" + text.getvalue()).encode()


def _xlsx(title, columns, rows, source_lines):
    import openpyxl  # slow to import (TID253): only when a workbook is asked for

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(columns)
    for row in rows:
        sheet.append(
            [spreadsheet_safe(value) if isinstance(value, str) else value for value in row]
        )
    source = workbook.create_sheet("Source")
    for line in source_lines:
        source.append([spreadsheet_safe(line)])
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def spreadsheet_response(*, file_format, file_name, title, columns, rows, source_lines):
    """A download of `rows` under `columns` as `file_format` ("csv" or "xlsx"), saying
    `source_lines` (where the figures come from, what was filtered) and the day it was made.
    Another format answers 404."""
    if file_format not in FORMATS:
        raise Http404("Downloads are CSV or Excel (.xlsx).")
    source_lines = [line for line in source_lines if line]
    source_lines = [*source_lines, f"Downloaded on {timezone.now():%d %B %Y %H:%M} UTC."]
    rows = list(rows)
    if file_format == "csv":
        content = _csv(columns, rows, source_lines)
    else:
        content = _xlsx(title, columns, rows, source_lines)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}.{file_format}"'
    return response


def filters_applied(filterset):
    """ "Filters: Year 2012, Country Thailand." for the filters of `filterset` whose values
    were used; values that do not fit are left out, as the page leaves them out."""
    if not filterset.is_bound:
        return "Filters: none."
    filterset.is_valid()
    used = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []) or name == "sort":
            continue
        field = filterset.form.fields[name]
        shown = dict(getattr(field, "choices", ())).get(value, value)
        used.append(f"{field.label} “{shown}”")
    return f"Filters: {', '.join(used)}." if used else "Filters: none."
