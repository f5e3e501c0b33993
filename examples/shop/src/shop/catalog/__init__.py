"""The catalog service: products, prices and stock."""
