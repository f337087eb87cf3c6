"""The report is a tagged PDF/A-3b: headings, lists and tables in a structure tree that screen
readers follow, the document's language in /Lang, and each name in another script marked with
its own language (`lang_marked` puts it in a <span lang>; here it becomes the /Lang of that
span's structure element).

WeasyPrint (pinned in requirements.txt) builds the structure tree but does not carry an
element's `lang` into it; `keep_element_languages()` wraps the function that builds it, once
per process. reports/tests/test_pdf.py reads /Lang back from the tree, so an upgrade that
changes the function fails there rather than silently dropping the languages.
"""

PDF_VARIANT = "pdf/a-3b"  # archival, what public bodies file; tagged as well (pdf_tags)

_installed = False


def keep_element_languages():
    """Have WeasyPrint's structure elements carry their HTML element's `lang` as /Lang."""
    global _installed
    if _installed:
        return
    # WeasyPrint is slow to import: only when a report is rendered.
    import pydyf  # noqa: PLC0415
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree

    def build_box_tree_with_languages(box, parent, pdf, *args):
        own = getattr(box, "_box", box)  # an absolutely placed box's own
        language = None
        # Not the root (its language is the document's /Lang), a page, nor a ::marker.
        if (
            not isinstance(own, boxes.PageBox | boxes.MarginBox)
            and own.element is not None
            and own.element_tag not in ("html", "body")
            and "::" not in own.element_tag
        ):
            language = own.element.get("lang")
        for element in build_box_tree(box, parent, pdf, *args):
            if language and "Lang" not in element:
                element["Lang"] = pydyf.String(language)
            yield element

    tags._build_box_tree = build_box_tree_with_languages
    _installed = True
