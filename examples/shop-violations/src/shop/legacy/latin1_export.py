# -*- coding: utf-8 -*-  # expect: EVL001
"""CSV export for the accounting tool (saved as Latin-1 by an old editor)."""

SEPARATOR = ";"
HEADER = "Nr;Bezeichnung;Währung;Betrag"


def export_line(number, label, currency, amount):
    """One line of the export, in the column order of HEADER."""
    return SEPARATOR.join([str(number), label, currency, str(amount)])
