"""The catalog service: products, prices, stock and the sales statistics."""
