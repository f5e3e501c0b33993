"""The shop, as it looked before the event boundaries were cleaned up.

The same services as the clean reference (ordering, catalog, basket, payment,
identity, notifications, with ``shop.seedwork`` and ``shop.contracts``), plus
the shortcuts a team takes under pressure: domain events consumed by other
contexts, misnamed events, a domain event in the published language and a
``legacy`` package that no longer parses.
"""
