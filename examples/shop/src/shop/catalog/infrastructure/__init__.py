"""Adapters of the catalog service to the outside world."""
