"""The shop: a small e-commerce system split into bounded contexts.

Each sub-package below ``shop`` is one service (ordering, catalog, basket,
payment, identity, notifications); ``shop.seedwork`` holds the building
blocks they share and ``shop.contracts`` the published language they use to
talk to each other.
"""
