"""Monthly sales report, still in its original Python 2 form."""

from decimal import Decimal


def print_report(rows):
    """Print the total of the month's sales rows."""
    total = Decimal("0")
    for row in rows:
        total += row["amount"]
    print "Total sales: %s" % total  # expect: EVL001
    return total
