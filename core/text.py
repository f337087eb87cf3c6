"""Text as XML 1.0 can hold it: what the news feeds and the Excel files write."""

import re

# The C0 control characters but tab, line feed and carriage return: XML 1.0 (so RSS, Atom and
# an .xlsx file) cannot hold them, and writing one fails. Text pasted into a form or a
# participant list brings some (a word processor's manual line break is a vertical tab).
XML_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value):
    """`value` with each character that XML cannot hold written as a space (a pasted line
    break still parts two words); anything but text unchanged."""
    if isinstance(value, str):
        return XML_ILLEGAL_CHARACTERS.sub(" ", value)
    return value
